// A scripted HTTP server for client tests: the n-th request gets the n-th
// script entry. Listens on 127.0.0.1 only, on a free port.
//
//   const srv = await startFaultServer([
//     { status: 429, headers: { 'Retry-After': '1' } },
//     { status: 200, json: { results: [] } },
//   ]);
//   ... request srv.url ...
//   srv.requests[0].headers.authorization   // recorded raw, in memory only
//   await srv.close();
//
// Entry fields (all optional):
//   status   HTTP status (default 200; 502 for 'html'; 200 for 'empty')
//   headers  extra response headers
//   json     body, sent as application/json
//   body     raw body (string or Buffer); Content-Type from headers or text/plain
//   delay    ms to wait before answering (or before the fault)
//   fault    'reset'    destroy the socket without answering
//            'truncate' send half of the JSON body under a full Content-Length, then close
//            'html'     an HTML error page (502 unless status is given)
//            'empty'    no body at all (Content-Length: 0, Content-Type: application/json)
// `script` may also be a function (request, index) => entry.
// Requests past the end of an array script get 500 {errorCode:'FAULT_SCRIPT_EXHAUSTED'},
// unless options.repeatLast is set.

import http from 'node:http';

const HTML_PAGE = '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
const FAULTS = new Set(['reset', 'truncate', 'html', 'empty']);

/**
 * @param {object[]|((req:object, index:number)=>object)} script
 * @param {{repeatLast?: boolean, maxBody?: number}} [options]
 * @returns {Promise<{url:string, port:number, requests:object[], close:()=>Promise<void>}>}
 */
export async function startFaultServer(script = [], options = {}) {
  if (Array.isArray(script)) {
    for (const [i, e] of script.entries()) {
      if (e && e.fault !== undefined && !FAULTS.has(e.fault)) throw new TypeError(`script entry ${i}: unknown fault ${e.fault}`);
    }
  }
  const requests = [];
  const timers = new Set();
  const maxBody = options.maxBody ?? 1 << 20;

  function entryFor(record, index) {
    if (typeof script === 'function') return script(record, index) ?? {};
    if (index < script.length) return script[index] ?? {};
    if (options.repeatLast && script.length) return script[script.length - 1];
    return { status: 500, json: { error: 500, errorCode: 'FAULT_SCRIPT_EXHAUSTED', detail: `No script entry for request #${index + 1}.`, parameters: [], reason: 'Internal Server Error' } };
  }

  function wait(ms) {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });
  }

  async function respond(req, res, entry) {
    if (entry.fault !== undefined && !FAULTS.has(entry.fault)) throw new Error(`unknown fault ${entry.fault}`);
    if (entry.delay > 0) await wait(entry.delay);
    if (req.socket.destroyed) return;
    const headers = { ...(entry.headers || {}) };
    const has = (name) => Object.keys(headers).some((k) => k.toLowerCase() === name);

    switch (entry.fault) {
      case 'reset':
        if (typeof req.socket.resetAndDestroy === 'function') req.socket.resetAndDestroy();
        else req.socket.destroy();
        return;
      case 'truncate': {
        const full = Buffer.from(entry.body ?? JSON.stringify(entry.json ?? { links: [], results: [{ id: 'x'.repeat(24), type: 'WEBHOOK' }], totalCount: 1 }));
        if (!has('content-type')) headers['Content-Type'] = 'application/json';
        headers['Content-Length'] = String(full.length);
        res.writeHead(entry.status ?? 200, headers);
        res.write(full.subarray(0, Math.floor(full.length / 2)), () => req.socket.destroy());
        return;
      }
      case 'html': {
        if (!has('content-type')) headers['Content-Type'] = 'text/html';
        const page = entry.body ?? HTML_PAGE;
        headers['Content-Length'] = String(Buffer.byteLength(page));
        res.writeHead(entry.status ?? 502, headers);
        res.end(page);
        return;
      }
      case 'empty':
        if (!has('content-type')) headers['Content-Type'] = 'application/json';
        headers['Content-Length'] = '0';
        res.writeHead(entry.status ?? 200, headers);
        res.end();
        return;
      default: {
        let payload = '';
        if (entry.json !== undefined) {
          payload = JSON.stringify(entry.json);
          if (!has('content-type')) headers['Content-Type'] = 'application/json';
        } else if (entry.body !== undefined) {
          payload = entry.body;
          if (!has('content-type')) headers['Content-Type'] = 'text/plain; charset=utf-8';
        }
        const status = entry.status ?? 200;
        const bodyless = status === 204 || status === 304 || req.method === 'HEAD';
        if (!bodyless) headers['Content-Length'] = String(Buffer.byteLength(payload));
        res.writeHead(status, headers);
        res.end(bodyless ? undefined : payload);
      }
    }
  }

  const server = http.createServer((req, res) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size <= maxBody) chunks.push(c);
    });
    req.on('end', () => {
      const index = requests.length;
      const record = {
        index,
        method: req.method,
        url: req.url,
        headers: { ...req.headers },
        rawHeaders: [...req.rawHeaders],
        body: Buffer.concat(chunks).toString('utf8'),
        time: Date.now(),
      };
      requests.push(record);
      let entry;
      try {
        entry = entryFor(record, index);
      } catch (e) {
        entry = { status: 500, json: { error: 500, errorCode: 'FAULT_SCRIPT_ERROR', detail: String(e && e.message), parameters: [] } };
      }
      respond(req, res, entry).catch(() => res.destroy());
    });
    req.on('error', () => {});
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = server.address().port;
  let closed = null;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    requests,
    close() {
      closed ??= new Promise((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

/**
 * The fault servers of one test file: `start` is startFaultServer, and `closeAll` closes
 * every server it started (for the file's `after` hook).
 */
export function faultServers() {
  const started = new Set();
  return {
    /** @type {typeof startFaultServer} */
    async start(script, options) {
      const s = await startFaultServer(script, options);
      started.add(s);
      return s;
    },
    closeAll: () => Promise.all([...started].map((s) => s.close())),
  };
}

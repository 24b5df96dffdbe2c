// Request checks the stand-in makes before anything else: which Host names it answers
// (DNS rebinding), and where a proxied request really goes (path escapes).

import net from 'node:net';

/** A `Host` header's name part, lowercased, IPv6 without brackets; null when malformed. */
function hostName(header) {
  if (typeof header !== 'string' || header === '') return null;
  const h = header.toLowerCase();
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    const rest = h.slice(end + 1);
    if (end < 0 || (rest !== '' && !/^:\d{1,5}$/.test(rest))) return null;
    return h.slice(1, end);
  }
  const m = /^([^:]+)(?::\d{1,5})?$/.exec(h);
  return m ? m[1] : null;
}

/**
 * Whether a request with this `Host` header may be answered. A DNS-rebinding page reaches
 * the server under the attacker's own DNS name, so only names that cannot be rebound are
 * accepted: IP literals, `localhost`, and the name the server was told to listen on.
 * A request without `Host` is refused too (every browser sends one).
 */
export function hostAllowed(header, boundHost) {
  const name = hostName(header);
  if (name === null) return false;
  return net.isIP(name) !== 0 || name === 'localhost' || name === String(boundHost).toLowerCase().replace(/^\[|\]$/g, '');
}

/**
 * The upstream URL for a proxied request target, or null when it would leave
 * `{upstream path}/api/`. The check is on the URL as the proxy will send it (after `..`,
 * `%2e` and `\` are resolved), and the resolved path must be the path as written, so no
 * rewriting can move a request elsewhere. Encoded `/` and `\` are refused as well: an
 * upstream that decodes them before routing would see other segments.
 */
export function proxyTarget(upstream, rawUrl) {
  const prefix = upstream.pathname.replace(/\/+$/, '');
  const qi = rawUrl.indexOf('?');
  const rawPath = qi < 0 ? rawUrl : rawUrl.slice(0, qi);
  if (!rawPath.startsWith('/api/') || /%2f|%5c/i.test(rawPath)) return null;
  let target;
  try {
    target = new URL(`${upstream.origin}${prefix}${rawUrl}`);
  } catch {
    return null;
  }
  if (target.origin !== upstream.origin) return null;
  if (target.pathname !== `${prefix}${rawPath}` || !target.pathname.startsWith(`${prefix}/api/`)) return null;
  return target;
}

//! The native Rust answer for tests/package/boundary.test.mjs, which holds the wasm exports
//! to it: each stdin line is `flavour<TAB>pathType<TAB>json` (an empty `pathType` for none),
//! and the matching stdout line is the issues `validate::body` finds, as the JSON the wasm
//! boundary hands to JavaScript. A line whose JSON does not parse gets `null`: the caller
//! only sends text that `JSON.stringify` produced.
//!
//!   cargo run --quiet --example validate-lines < cases.tsv

use atlas_integrations::flavour::Flavour;
use atlas_integrations::validate;
use std::io::{self, BufRead, BufWriter, Write};

fn main() -> io::Result<()> {
    let stdin = io::stdin();
    let mut out = BufWriter::new(io::stdout().lock());
    for line in stdin.lock().lines() {
        let line = line?;
        let mut parts = line.splitn(3, '\t');
        let (Some(flavour), Some(path_type), Some(json)) =
            (parts.next(), parts.next(), parts.next())
        else {
            writeln!(out, "null")?;
            continue;
        };
        let answer = Flavour::from_id(flavour)
            .zip(serde_json::from_str(json).ok())
            .map(|(flavour, value)| {
                let path_type = (!path_type.is_empty()).then_some(path_type);
                validate::body(&value, path_type, flavour)
            });
        writeln!(
            out,
            "{}",
            serde_json::to_string(&answer).unwrap_or_else(|_| "null".to_owned())
        )?;
    }
    out.flush()
}

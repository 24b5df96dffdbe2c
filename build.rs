//! Generates the catalogue's TypeScript declarations at compile time, so that the `.d.ts`
//! that wasm-bindgen ships can never drift from the catalogue: the same Rust modules the
//! library uses are compiled into this build script and asked for their declarations.

// These are the library's own modules; the build script uses only part of each.
#![allow(dead_code, unused_imports)]

#[path = "src/catalogue/mod.rs"]
mod catalogue;
#[path = "src/flavour.rs"]
mod flavour;
#[path = "src/issue.rs"]
mod issue;
#[path = "src/type_catalogue.rs"]
mod type_catalogue;
#[path = "src/typescript.rs"]
mod typescript;

use std::path::PathBuf;

fn main() {
    for path in [
        "src/catalogue",
        "src/flavour.rs",
        "src/issue.rs",
        "src/type_catalogue.rs",
        "src/typescript.rs",
    ] {
        println!("cargo:rerun-if-changed={path}");
    }
    let out = std::env::var_os("OUT_DIR").map(PathBuf::from);
    let Some(out) = out else {
        // Cargo always sets OUT_DIR for build scripts; without it there is nothing to write.
        println!("cargo:warning=OUT_DIR is not set; TypeScript declarations not generated");
        return;
    };
    if let Err(e) = std::fs::write(out.join("catalogue.d.ts"), typescript::declarations()) {
        println!("cargo:warning=cannot write catalogue.d.ts: {e}");
        std::process::exit(1);
    }
}

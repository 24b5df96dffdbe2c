//! The JavaScript boundary. Every export has one shape: convert in, call the pure core,
//! convert out, mapping errors in one helper.

use wasm_bindgen::prelude::*;

/// The package version (equal to the crate version).
#[wasm_bindgen]
pub fn version() -> String {
    crate::VERSION.to_string()
}

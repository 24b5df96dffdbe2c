//! The crate's public API compiled to WebAssembly and run by wasm-bindgen-test: in Node
//! (`scripts/test.sh`, stage "wasm tests (Node)") and, with WASM_BINDGEN_USE_BROWSER=1, in
//! headless Chromium (stage "wasm tests (Chromium)"). Native builds skip this file.
#![cfg(target_arch = "wasm32")]

use atlas_integrations::flavour::Flavour;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn flavour_ids_round_trip_in_wasm() {
    for flavour in Flavour::ALL {
        assert_eq!(Flavour::from_id(flavour.id()), Some(flavour));
    }
    assert_eq!(Flavour::from_id("atlasV2"), Some(Flavour::AtlasV2));
    assert_eq!(Flavour::from_id("AtlasV2"), None);
    assert_eq!(Flavour::from_id(""), None);
}

#[wasm_bindgen_test]
fn flavour_wire_details_in_wasm() {
    assert_eq!(Flavour::AtlasV2.path_prefix(), "/api/atlas/v2");
    assert_eq!(Flavour::OpsManager.default_base_url(), None);
    assert_eq!(Flavour::CloudManager.media_type(), "application/json");
}

#[wasm_bindgen_test]
fn version_is_the_crate_version() {
    assert_eq!(atlas_integrations::VERSION, env!("CARGO_PKG_VERSION"));
    assert!(!atlas_integrations::VERSION.is_empty());
}

#[wasm_bindgen_test]
fn serde_json_round_trip_in_wasm() {
    let json = serde_json::to_string(&Flavour::CloudManager).unwrap();
    assert_eq!(json, "\"cloudManager\"");
    let back: Flavour = serde_json::from_str(&json).unwrap();
    assert_eq!(back, Flavour::CloudManager);
}

// ---- bench prototype (target/bench only, never in src/): JSON text in, JSON text out ----
/// One body as JSON text → its issues as JSON text.
#[wasm_bindgen(js_name = validateBodyJson)]
pub fn validate_body_json(text: &str) -> String {
    let issues = match serde_json::from_str::<Value>(text) {
        Ok(v) => crate::validate::body(&v, None, Flavour::AtlasV2),
        Err(_) => vec![Issue::new("", IssueCode::InvalidJson, "The input is not JSON.".to_string())],
    };
    serde_json::to_string(&issues).unwrap_or_default()
}

/// A JSON array of bodies → a JSON array of issue lists (one crossing for the batch).
#[wasm_bindgen(js_name = validateBodiesJson)]
pub fn validate_bodies_json(text: &str) -> String {
    let bodies: Vec<Value> = serde_json::from_str(text).unwrap_or_default();
    let all: Vec<Vec<Issue>> = bodies
        .iter()
        .map(|b| crate::validate::body(b, None, Flavour::AtlasV2))
        .collect();
    serde_json::to_string(&all).unwrap_or_default()
}

/// A JS array of bodies → an array of issue lists (stringify once, serde-wasm-bindgen out).
#[wasm_bindgen(js_name = validateBodies)]
pub fn validate_bodies(bodies: JsValue) -> JsValue {
    let list = match input(&bodies) {
        Ok(Value::Array(list)) => list,
        _ => Vec::new(),
    };
    let all: Vec<Vec<Issue>> = list
        .iter()
        .map(|b| crate::validate::body(b, None, Flavour::AtlasV2))
        .collect();
    js_from(&all)
}

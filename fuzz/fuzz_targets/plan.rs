//! plan(desired, current, flavour) on structured desired/current values (and on the same
//! pair as raw JSON text). Besides not panicking: create exactly when there is no current,
//! the body to send is present for create/update and never holds a masked secret.
#![no_main]
use atlas_integrations::catalogue;
use atlas_integrations::flavour::Flavour;
use atlas_integrations::mask::is_masked;
use atlas_integrations::plan::{plan, Action};
use atlas_integrations_fuzz::{assert_no_secret_in_issues, mark_secrets, Names, J};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use std::sync::OnceLock;

static NAMES: OnceLock<Names> = OnceLock::new();

fuzz_target!(|input: (J, Option<J>, bool)| {
    let names = NAMES.get_or_init(Names::default);
    let (desired, current, copy_type) = input;
    let desired = names.value(&desired);
    let mut current = current.map(|c| names.value(&c));
    // Often make `current` of the same type, where the interesting comparisons are.
    if copy_type {
        if let (Some(t), Some(Value::Object(c))) = (desired.get("type").cloned(), current.as_mut()) {
            c.insert("type".into(), t);
        }
    }
    let marked_desired = {
        let mut d = desired.clone();
        mark_secrets(&mut d);
        d
    };
    for flavour in Flavour::ALL {
        match plan(&desired, current.as_ref(), flavour) {
            Ok(p) => {
                assert_eq!(current.is_none(), p.action == Action::Create, "{:?}", p.action);
                match p.action {
                    Action::Create | Action::Update => {
                        let body = p.body.as_ref().expect("create/update carries a body");
                        let def = body
                            .get("type")
                            .and_then(Value::as_str)
                            .and_then(catalogue::find)
                            .expect("a planned body has a catalogue type");
                        for (k, v) in body.as_object().expect("body is an object") {
                            if let (Some(mask), Some(s)) = (def.field(k).and_then(|f| f.secret), v.as_str()) {
                                assert!(!is_masked(mask, s), "planned body sends masked {k}");
                            }
                        }
                    }
                    _ => {}
                }
            }
            Err(_) => assert_no_secret_in_issues(
                &plan(&marked_desired, current.as_ref(), flavour).err().unwrap_or_default(),
                "plan",
            ),
        }
    }
});

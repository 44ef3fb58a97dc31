//! Fuzzing the parsers of outside input with proptest (cargo fuzz needs a nightly toolchain,
//! which this project's machines do not have): the quote case and the allocation case must
//! answer every input with a result or a clear error, never a panic. Bounded for CI; set
//! PROPTEST_CASES for a longer run (RELIABILITY.md).

use proptest::prelude::*;
use serde_json::Value;

fn quote_example() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fee_cases/worked_example.case.json")).unwrap()
}

fn allocation_example() -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/allocation_cases");
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().map(|e| e.path()).collect();
    files.retain(|p| p.extension().is_some_and(|e| e == "json"));
    files.sort();
    std::fs::read_to_string(&files[files.len() / 2]).unwrap()
}

/// Byte-level damage: cut, insert and overwrite at random places.
fn mutate_bytes(text: &str, edits: &[(usize, u8, u8)]) -> String {
    let mut b = text.as_bytes().to_vec();
    for (at, kind, byte) in edits {
        if b.is_empty() {
            break;
        }
        let i = at % b.len();
        match kind % 3 {
            0 => {
                b.remove(i);
            }
            1 => b.insert(i, *byte),
            _ => b[i] = *byte,
        }
    }
    String::from_utf8_lossy(&b).into_owned()
}

/// Structured damage: one node of the document replaced by another JSON value.
fn mutate_value(node: &mut Value, path: &[usize], with: Value) {
    if let Some((step, rest)) = path.split_first() {
        let child = match node {
            Value::Object(map) if !map.is_empty() => {
                let key = map.keys().nth(step % map.len()).cloned().unwrap_or_default();
                map.get_mut(&key)
            }
            Value::Array(items) if !items.is_empty() => {
                let n = items.len();
                items.get_mut(step % n)
            }
            _ => None,
        };
        if let Some(child) = child {
            return mutate_value(child, rest, with);
        }
    }
    *node = with;
}

fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        "[ -~]{0,12}".prop_map(Value::String),
        Just(Value::String("9999999999999999999999.99".into())),
        Just(Value::String("-1".into())),
        Just(Value::String("2026-02-30".into())),
    ];
    leaf.prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,8}", inner, 0..3)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    // 200 cases each in CI; PROPTEST_CASES raises it for a long run.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(200),
        ..ProptestConfig::default()
    })]

    #[test]
    fn the_quote_parser_never_panics_on_damaged_bytes(edits in prop::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 1..12)) {
        let _ = markt::fee::case::run_case(&mutate_bytes(&quote_example(), &edits));
    }

    #[test]
    fn the_quote_parser_never_panics_on_odd_values(path in prop::collection::vec(any::<usize>(), 0..6), with in any_json()) {
        let mut doc: Value = serde_json::from_str(&quote_example()).unwrap();
        mutate_value(&mut doc, &path, with);
        if let Err((code, message)) = markt::fee::case::run_case(&doc.to_string()) {
            prop_assert!(!code.is_empty() && !message.is_empty());
        }
    }

    #[test]
    fn the_allocation_parser_never_panics_on_damaged_bytes(edits in prop::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 1..12)) {
        let _ = markt::allocation::case::run_case(&mutate_bytes(&allocation_example(), &edits));
    }

    #[test]
    fn the_allocation_parser_never_panics_on_odd_values(path in prop::collection::vec(any::<usize>(), 0..7), with in any_json()) {
        let mut doc: Value = serde_json::from_str(&allocation_example()).unwrap();
        mutate_value(&mut doc, &path, with);
        if let Err((code, message)) = markt::allocation::case::run_case(&doc.to_string()) {
            prop_assert!(!code.is_empty() && !message.is_empty());
        }
    }

    #[test]
    fn arbitrary_text_is_refused_cleanly(text in "\\PC{0,200}") {
        let looks_like_json = text.trim_start().starts_with('{');
        let refused = markt::fee::case::run_case(&text).is_err();
        prop_assert!(refused || looks_like_json);
        let _ = markt::allocation::case::run_case(&text);
    }
}

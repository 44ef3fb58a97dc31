//! The generated contract is the committed one: the UI's TypeScript declarations
//! (`ui/src/lib/backend/contract.ts`) and the API's OpenAPI document (`docs/api/openapi.json`).
//! After a change to a command or a DTO: `UPDATE_CONTRACT=1 cargo test -p markt-app --test contract`.

use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Compares `made` with the committed file at `path` (or writes it when asked to).
fn committed(path: &str, made: &str) {
    let file = root().join(path);
    if std::env::var_os("UPDATE_CONTRACT").is_some() {
        std::fs::write(&file, made).unwrap();
        return;
    }
    let kept = std::fs::read_to_string(&file).unwrap_or_default();
    if kept != made {
        let line = kept.lines().zip(made.lines()).position(|(a, b)| a != b).map_or(0, |n| n + 1);
        panic!(
            "{path} is not what the command table and its DTOs make (first difference near line {line}): \
             run `UPDATE_CONTRACT=1 cargo test -p markt-app --test contract` and commit the result"
        );
    }
}

#[test]
fn the_typescript_contract_is_the_committed_one() {
    let ts = markt_app::contract::typescript();
    // Every command, with its answer; JSON has no bigint.
    for name in markt_app::COMMANDS {
        assert!(ts.contains(&format!("\n  {name}: {{ args: {{")), "{name} is in Commands");
        assert!(ts.contains(&format!("\n  '{name}',\n")), "{name} is in COMMANDS");
    }
    assert!(!ts.contains("bigint"), "i64 crosses as number");
    assert!(ts.contains("export type AppError = {"), "the error type");
    assert!(ts.contains("export type PaymentMethod = \"pin\""), "a code is the union of its codes: {}", &ts[..400]);
    committed("ui/src/lib/backend/contract.ts", &ts);
}

#[test]
fn the_openapi_document_is_the_committed_one() {
    let doc = markt_app::contract::openapi();
    let paths = doc["paths"].as_object().unwrap();
    for name in markt_app::COMMANDS {
        let served = !markt_app::LOCAL_ONLY.contains(name);
        assert_eq!(paths.contains_key(&format!("/api/{name}")), served, "{name}: a path exactly when served");
    }
    // Every reference points at a schema of the document.
    let text = serde_json::to_string_pretty(&doc).unwrap() + "\n";
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    let prefix = "\"$ref\": \"#/components/schemas/";
    for (at, _) in text.match_indices(prefix) {
        let name: String = text[at + prefix.len()..].chars().take_while(|c| *c != '"').collect();
        assert!(schemas.contains_key(&name), "{name} is referred to and described");
    }
    let list = &paths["/api/list_markets"]["post"]["responses"]["200"]["content"]["application/json"]["schema"];
    assert_eq!(list["type"], "array", "{list}");
    committed("docs/api/openapi.json", &text);
}

//! Runs every `tests/fee_cases/NAME.case.json` through `markt::fee::case::run_case` and
//! compares with `NAME.answer.json` (the whole answer, as JSON values) or `NAME.error.json`
//! (`{"error": {"code": …}}`: the code is compared, the message must not be empty and must
//! contain `message_contains` when the file gives it). The expected files are worked out by
//! hand from fees.md.

use std::fs;
use std::path::Path;

use serde_json::Value;

fn read_json(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn check(dir: &Path, name: &str) -> Result<(), String> {
    let case = fs::read_to_string(dir.join(format!("{name}.case.json"))).map_err(|e| e.to_string())?;
    let got = markt::fee::case::run_case(&case);
    let answer = dir.join(format!("{name}.answer.json"));
    let error = dir.join(format!("{name}.error.json"));
    match (answer.exists(), error.exists(), got) {
        (true, false, Ok(got)) if got == read_json(&answer) => Ok(()),
        (true, false, Ok(got)) => Err(format!("answer differs:\n{got:#}")),
        (true, false, Err((code, message))) => Err(format!("expected an answer, got {code}: {message}")),
        (false, true, Err((code, message))) => {
            let expected = &read_json(&error)["error"];
            if expected["code"] != code.as_str() {
                return Err(format!("expected error {}, got {code}: {message}", expected["code"]));
            }
            if message.trim().is_empty() {
                return Err(format!("error {code} has no message"));
            }
            match expected["message_contains"].as_str() {
                Some(part) if !message.contains(part) => Err(format!("message of {code} lacks ‘{part}’: {message}")),
                _ => Ok(()),
            }
        }
        (false, true, Ok(got)) => Err(format!("expected an error, got an answer:\n{got:#}")),
        _ => Err("needs exactly one of NAME.answer.json and NAME.error.json".to_string()),
    }
}

#[test]
fn fee_cases() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fee_cases");
    let mut names: Vec<String> = fs::read_dir(&dir)
        .expect("tests/fee_cases exists")
        .filter_map(|e| {
            let file = e.ok()?.file_name().into_string().ok()?;
            let stem = [".case.json", ".answer.json", ".error.json"].iter().find_map(|s| file.strip_suffix(s))?;
            Some(stem.to_string())
        })
        .collect();
    // Every file counts, so an answer whose case was renamed fails instead of being skipped.
    names.sort();
    names.dedup();
    assert!(names.len() >= 30, "only {} fee cases found in {}", names.len(), dir.display());
    let failures: Vec<String> =
        names.iter().filter_map(|name| check(&dir, name).err().map(|e| format!("{name}: {e}"))).collect();
    assert!(
        failures.is_empty(),
        "{} of {} fee cases failed:\n\n{}",
        failures.len(),
        names.len(),
        failures.join("\n\n")
    );
}

//! Architecture invariant: the command layer depends on no app shell, so the window and the
//! office server are both thin adapters over it. `cargo tree` proves it.

#[test]
fn the_command_layer_depends_on_no_tauri_crate() {
    let out = std::process::Command::new(env!("CARGO"))
        .args(["tree", "-p", "markt-app", "-e", "normal,build", "--prefix", "none", "--offline"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo tree runs");
    assert!(out.status.success(), "cargo tree failed: {}", String::from_utf8_lossy(&out.stderr));
    let tree = String::from_utf8_lossy(&out.stdout);
    assert!(tree.contains("markt v"), "the tree lists the command layer's dependencies:\n{tree}");
    let shells: Vec<&str> =
        tree.lines().filter(|l| l.contains("tauri") || l.contains("wry") || l.contains("webkit")).collect();
    assert!(shells.is_empty(), "the command layer must not depend on the app shell: {shells:?}");
}

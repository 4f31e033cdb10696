//! The generated crate does not turn on serde_json's `preserve_order`, which
//! feature unification would force on every crate of a user's build. Checked
//! with `cargo tree` on `tests/without-preserve-order`, a crate outside this
//! workspace (whose codegen needs the feature) that depends on
//! `openai-types` as a user does; `cargo xtask test` runs its round trips.

use std::path::Path;
use std::process::Command;

#[test]
fn openai_types_does_not_enable_preserve_order() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("without-preserve-order/Cargo.toml");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let output = Command::new(cargo)
        .args(["tree", "--locked", "--offline", "-e", "features", "-i", "serde_json", "--manifest-path"])
        .arg(&manifest)
        .output()
        .unwrap_or_else(|e| panic!("cannot run cargo tree: {e}"));
    let tree = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "cargo tree failed:\n{}", String::from_utf8_lossy(&output.stderr));
    // The tree lists the features of serde_json that are on, and who turns each on.
    assert!(tree.contains("serde_json feature \"std\""), "unexpected cargo tree output:\n{tree}");
    assert!(tree.contains("openai-types"), "openai-types does not depend on serde_json here:\n{tree}");
    assert!(!tree.contains("preserve_order"), "serde_json's preserve_order is on in a user's build:\n{tree}");
}

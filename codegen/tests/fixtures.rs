//! One small spec per construct in `spec/fixtures/`; each snapshot shows the
//! diagnostics, the model and the Rust that the generator makes of it.

use std::path::{Path, PathBuf};

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/fixtures");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .collect();
    paths.sort();
    paths
}

/// Diagnostics, model dump and generated modules of one fixture, as text.
fn render_fixture(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("fixture is readable");
    let mut out = String::new();
    let options = codegen::Options { source: "a fixture".into(), patches: Vec::new() };
    match codegen::generate(&text, &options) {
        Ok(generation) => {
            out.push_str("## diagnostics\n");
            for d in generation.diagnostics.sorted() {
                out.push_str(&format!("{d}\n"));
            }
            out.push_str("\n## model\n");
            out.push_str(&codegen::model::dump(&generation.graph));
            for (file, content) in &generation.files.files {
                let name = file.to_string_lossy();
                if name.ends_with(".rs") && name != "src/runtime.rs" {
                    out.push_str(&format!("\n## {name}\n{content}"));
                }
            }
            out.push_str(&format!("\n## schema-index.tsv\n{}", generation.files.files[Path::new("schema-index.tsv")]));
        }
        Err(failure) => {
            out.push_str("## failed\n");
            for d in failure.diagnostics.sorted() {
                out.push_str(&format!("{d}\n"));
            }
        }
    }
    out
}

#[test]
fn fixture_snapshots() {
    let paths = fixtures();
    assert!(paths.len() >= 9, "expected the fixture specs in spec/fixtures, found {}", paths.len());
    for path in paths {
        let name = path.file_stem().and_then(|s| s.to_str()).expect("fixture name").to_string();
        insta::assert_snapshot!(name, render_fixture(&path));
    }
}

#[test]
fn generation_is_deterministic() {
    for path in fixtures() {
        assert_eq!(render_fixture(&path), render_fixture(&path), "{} renders differently twice", path.display());
    }
}

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

/// The chat module reaches the shape of the hand-written seed: a role-tagged
/// message enum, untagged content unions with conversions, tool choice as
/// known modes or a named choice. Needs the full spec.
#[test]
fn chat_module_has_the_seed_shape() {
    let pinned = codegen::spec::latest();
    let (_, text) = pinned.read().unwrap_or_else(|e| panic!("this test needs the full spec:\n{e}"));
    let generation = codegen::generate(&text, &codegen::Options::for_project(&text)).unwrap_or_else(|f| panic!("{f}"));
    let chat = &generation.files.files[Path::new("src/chat.rs")];
    let mut shown = String::new();
    for name in [
        "enum ChatCompletionRequestMessage ",
        "struct ChatCompletionRequestUserMessage ",
        "struct ChatCompletionRequestUserMessageArgs ",
        "enum ChatCompletionRequestUserMessageContent ",
        "enum ChatCompletionRequestUserMessageContentPart ",
        "enum ChatCompletionToolChoiceOption ",
    ] {
        shown.push_str(&item_source(chat, name).unwrap_or_else(|| panic!("chat.rs has no `{name}`")));
        shown.push('\n');
    }
    insta::assert_snapshot!("chat_seed_shape", shown);
}

/// The text of one item (its docs, attributes and body), found by its header.
fn item_source(file: &str, header: &str) -> Option<String> {
    let lines: Vec<&str> = file.lines().collect();
    let at = lines.iter().position(|l| l.starts_with(&format!("pub {header}")))?;
    let start = (0..at).rev().take_while(|&i| lines[i].starts_with("///") || lines[i].starts_with("#[")).last().unwrap_or(at);
    let end = (at..lines.len()).find(|&i| lines[i] == "}")?;
    Some(lines[start..=end].join("\n"))
}

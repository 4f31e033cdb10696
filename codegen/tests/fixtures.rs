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
    let options = codegen::Options { source: "a fixture".into(), ..codegen::Options::default() };
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
                if name.ends_with(".rs") && !codegen::render::COPIED_FILES.contains(&name.as_ref()) {
                    out.push_str(&format!("\n## {name}\n{content}"));
                }
            }
            out.push_str(&format!("\n## schema-index.tsv\n{}", generation.files.files[Path::new("schema-index.tsv")]));
            let manifest = &generation.files.files[Path::new("Cargo.toml")];
            let features = &manifest[manifest.find("[features]").expect("the manifest has a [features] table")..];
            out.push_str(&format!("\n## Cargo.toml\n{features}"));
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

/// The `[features]` table of a manifest: each feature with the features it
/// enables (`default` and `full` left out).
fn manifest_features(manifest: &str) -> Vec<(String, Vec<String>)> {
    let table = &manifest[manifest.find("\n[features]\n").expect("the manifest has a [features] table")..];
    table
        .lines()
        .skip(2)
        .take_while(|line| !line.starts_with('['))
        .filter_map(|line| line.split_once(" = "))
        .filter(|(name, _)| *name != "default" && *name != "full" && !codegen::render::CLIENT_FEATURE_NAMES.contains(name))
        .map(|(name, list)| {
            let list = list.trim_start_matches('[').trim_end_matches(']');
            let enables = list.split(", ").filter(|s| !s.is_empty()).map(|s| s.trim_matches('"').to_string()).collect();
            (name.to_string(), enables)
        })
        .collect()
}

/// The features written in the committed `generated/Cargo.toml` are closed
/// on the full spec's type graph: every type a feature compiles has what it
/// uses compiled by the same feature. And `chat` alone stays small. Needs
/// the full spec.
#[test]
fn committed_features_are_closed_and_chat_alone_is_small() {
    use codegen::name::features::{check_closed, compute, Feature, Features};
    let pinned = codegen::spec::latest();
    let (_, text) = pinned.read().unwrap_or_else(|e| panic!("this test needs the full spec:\n{e}"));
    let generation = codegen::generate(&text, &codegen::Options::for_project(&text)).unwrap_or_else(|f| panic!("{f}"));
    let graph = &generation.graph;
    let computed = compute(graph);
    assert_eq!(check_closed(graph, &computed), Vec::<String>::new());

    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated/Cargo.toml");
    let committed = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let table = manifest_features(&committed);
    let names: Vec<&str> = table.iter().map(|(name, _)| name.as_str()).collect();
    let computed_names: Vec<&str> = computed.features.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, computed_names, "generated/Cargo.toml is stale; run `cargo xtask regen`");
    let from_file = Features {
        features: table
            .into_iter()
            .map(|(name, enables)| Feature { module: computed.get(&name).and_then(|f| f.module.clone()), name, enables, types: 0 })
            .collect(),
        item_gates: computed.item_gates.clone(),
    };
    assert_eq!(check_closed(graph, &from_file), Vec::<String>::new());

    let chat = computed.get("chat").expect("a chat feature");
    assert!(
        chat.types * 10 < graph.types.len(),
        "`chat` alone compiles {} of {} types; it should stay under a tenth",
        chat.types,
        graph.types.len()
    );
}

/// A names file renames types, places them and renames areas; entries that
/// name nothing are warnings, so a stale entry is seen.
#[test]
fn names_overrides_rename_place_and_warn_when_stale() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/fixtures/features.yaml");
    let text = std::fs::read_to_string(path).expect("fixture");
    let names = codegen::name::overrides::Names::parse(
        "areas:\n  - {path: files, area: storage, reason: r}\n  - {path: nowhere, area: x, reason: r}\n\
         groups:\n  - {group: chat, area: storage, reason: r}\n\
         types:\n  - {schema: Usage, name: TokenUsage, reason: r}\n  - {schema: Missing, name: X, reason: r}\n\
         modules:\n  - {schema: Unused, module: responses, reason: r}\n  - {schema: Gone, module: chat, reason: r}\n",
    )
    .expect("parses");
    let options = codegen::Options { source: "a fixture".into(), names, ..codegen::Options::default() };
    let generation = codegen::generate(&text, &options).unwrap_or_else(|f| panic!("{f}"));
    let index = &generation.files.files[Path::new("schema-index.tsv")];
    for row in [
        "Usage\tfeatures_types::shared::TokenUsage",
        "FileObject\tfeatures_types::storage::FileObject",
        "Unused\tfeatures_types::responses::Unused",
        // Its group now names the `storage` area.
        "ChatFileEvent\tfeatures_types::storage::ChatFileEvent",
    ] {
        assert!(index.lines().any(|l| l == row), "no `{row}` in\n{index}");
    }
    let warnings: Vec<String> = generation.diagnostics.warnings().map(|w| w.message.clone()).collect();
    assert!(warnings.iter().any(|w| w.contains("no schema `Missing` to name `X`")), "{warnings:?}");
    assert!(warnings.iter().any(|w| w.contains("no schema `Gone` to place in `chat`")), "{warnings:?}");
    assert!(warnings.iter().any(|w| w.contains("no path under `/nowhere`")), "{warnings:?}");
    assert!(!warnings.iter().any(|w| w.contains("TokenUsage")), "a rename asked for is not a clash: {warnings:?}");
}

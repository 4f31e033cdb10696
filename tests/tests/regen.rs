//! The committed `generated/` crate is what the generator makes of the
//! pinned spec, and both OpenAPI versions of the shared specs map fully.

use codegen::spec;
use cross_crate_tests::read_spec;

#[test]
fn generated_crate_is_up_to_date() {
    let text = read_spec(&spec::latest());
    let generation =
        codegen::generate(&text, &codegen::Options::for_project(&text)).unwrap_or_else(|failure| panic!("{failure}"));
    let stale_patches: Vec<_> =
        generation.diagnostics.warnings().filter(|w| w.message.starts_with("spec patch does not apply")).collect();
    assert!(stale_patches.is_empty(), "spec/patches.yaml has patches that no longer apply: {stale_patches:#?}");
    let staleness = generation.files.check(&spec::workspace_root().join("generated"));
    assert!(staleness.is_clean(), "generated/ is stale; run `cargo xtask regen`:\n{staleness}");
    let again = codegen::generate(&text, &codegen::Options::for_project(&text)).unwrap_or_else(|f| panic!("{f}"));
    assert!(again.files == generation.files, "two runs over the same spec gave different files");
}

/// Every component schema is a type, listed in the schema index (with the
/// union of the webhook events beside them).
fn assert_maps_every_schema(text: &str, expected_version: &str) {
    let options = codegen::Options { source: "a test".into(), ..codegen::Options::default() };
    let generation = codegen::generate(text, &options).unwrap_or_else(|failure| panic!("{failure}"));
    let document: serde_json::Value = codegen::load::parse_document(text).expect("the spec parses");
    let version = document["openapi"].as_str().unwrap_or_default();
    assert!(version.starts_with(expected_version), "expected OpenAPI {expected_version}, found {version}");
    let schemas = document["components"]["schemas"].as_object().expect("component schemas");
    // The load stage adds one schema: the union of the webhooks' events.
    let webhook_event = usize::from(document.get("webhooks").is_some() && !schemas.contains_key(codegen::load::WEBHOOK_EVENT));
    assert_eq!(generation.graph.components.len(), schemas.len() + webhook_event);
    let index = &generation.files.files[std::path::Path::new("schema-index.tsv")];
    let listed: Vec<&str> = index.lines().filter(|l| !l.starts_with('#')).filter_map(|l| l.split('\t').next()).collect();
    for name in schemas.keys() {
        assert!(listed.contains(&name.as_str()), "schema {name} is missing from schema-index.tsv");
    }
    assert!(
        generation.diagnostics.errors().next().is_none(),
        "errors: {:?}",
        generation.diagnostics.errors().collect::<Vec<_>>()
    );
}

#[test]
fn the_openapi_31_spec_maps_every_schema() {
    assert_maps_every_schema(&read_spec(&spec::latest()), "3.1");
}

#[test]
fn the_openapi_30_spec_maps_every_schema() {
    assert_maps_every_schema(&read_spec(&spec::openapi30()), "3.0");
}

/// Consumers parse untrusted JSON: the generated code must not be able to panic.
#[test]
fn generated_code_has_no_unwrap_panic_or_unsafe() {
    let mut offenders = Vec::new();
    // `src/` and its subdirectories (`src/client/`).
    let mut dirs = vec![spec::workspace_root().join("generated/src")];
    let mut files = Vec::new();
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("generated/src exists") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                files.push(path);
            }
        }
    }
    assert!(files.iter().any(|f| f.ends_with("client/http.rs")), "the client runtime is checked too");
    for path in files {
        let text = std::fs::read_to_string(&path).expect("readable");
        for (number, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") {
                continue;
            }
            for needle in [".unwrap()", ".expect(", "panic!", "unreachable!", "unsafe "] {
                if code.contains(needle) {
                    offenders.push(format!("{}:{}: {line}", path.display(), number + 1));
                }
            }
        }
    }
    assert!(offenders.is_empty(), "{offenders:#?}");
}

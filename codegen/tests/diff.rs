//! The API diff: one pair of small specs per kind of change in
//! `spec/fixtures/diff/<case>/{old,new}.yaml`, each with a snapshot of its
//! report; and the real pair (OpenAPI 3.0 of 2025-04-29 → 3.1 of 2026-08-21).

use std::path::{Path, PathBuf};
use std::time::Instant;

use codegen::diff::{self, ChangeKind, Impact, Report, Surface};
use codegen::spec;

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/fixtures/diff")
}

fn cases() -> Vec<String> {
    let dir = cases_dir();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn surface(text: &str) -> Surface {
    let options = codegen::Options { source: "a fixture".into(), ..codegen::Options::default() };
    let analysis = codegen::analyze(text, &options).unwrap_or_else(|failure| panic!("{failure}"));
    Surface::of(&analysis.graph)
}

fn read(case: &str, side: &str) -> String {
    let path = cases_dir().join(case).join(format!("{side}.yaml"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn report(case: &str) -> Report {
    diff::diff(&surface(&read(case, "old")), &surface(&read(case, "new")))
}

/// The verdict each case must reach, besides its snapshot.
const VERDICTS: &[(&str, Option<Impact>)] = &[
    ("deprecations", Some(Impact::Additive)),
    ("docs_only", Some(Impact::None)),
    ("enum_values", Some(Impact::Breaking)),
    ("fields", Some(Impact::Breaking)),
    ("identical", None),
    ("inline_extracted", None),
    ("module_move", Some(Impact::Breaking)),
    ("operations", Some(Impact::Breaking)),
    // A required parameter added, an optional one removed, one retyped, one
    // added (additive alone), and a path whose client method is renamed.
    ("parameters", Some(Impact::Breaking)),
    ("renamed", Some(Impact::Breaking)),
    ("reordered", None),
    ("shapes", Some(Impact::Breaking)),
    ("tagged_variants", Some(Impact::Breaking)),
    ("types", Some(Impact::Breaking)),
    ("untagged_variants", Some(Impact::Breaking)),
];

#[test]
fn every_case_has_a_verdict_and_a_snapshot() {
    let listed: Vec<&str> = VERDICTS.iter().map(|(case, _)| *case).collect();
    assert_eq!(cases(), listed, "spec/fixtures/diff and VERDICTS list different cases");
    for (case, verdict) in VERDICTS {
        let report = report(case);
        match verdict {
            None => assert!(report.is_empty(), "{case}: expected no change, got {:#?}", report.changes),
            Some(verdict) => {
                assert!(!report.is_empty(), "{case}: expected changes");
                assert_eq!(report.verdict(), *verdict, "{case}: {:#?}", report.changes);
            }
        }
        insta::assert_snapshot!(format!("diff_{case}"), diff::text(&report, Some("0.1.0")));
    }
}

/// A spec compared with itself, and with its keys reordered, reports nothing.
#[test]
fn identical_and_reordered_specs_report_nothing() {
    let old = read("reordered", "old");
    let new = read("reordered", "new");
    assert_ne!(old, new, "the reordered fixture must differ in text");
    assert!(diff::diff(&surface(&old), &surface(&old)).is_empty());
    assert!(diff::diff(&surface(&old), &surface(&new)).is_empty());
}

/// Changes are rated by what they do to users, kind by kind.
#[test]
fn field_changes_are_rated_by_their_rust_type() {
    let report = report("fields");
    let find = |subject: &str, kind: ChangeKind| {
        report
            .changes
            .iter()
            .find(|c| c.subject == subject && c.kind == kind)
            .unwrap_or_else(|| panic!("no {kind:?} for {subject}: {:#?}", report.changes))
    };
    assert_eq!(find("ChatRequest.messages", ChangeKind::RequiredFieldAdded).impact, Impact::Breaking);
    assert_eq!(find("ChatRequest.store", ChangeKind::FieldAdded).impact, Impact::Breaking);
    assert_eq!(find("ChatRequest.functions", ChangeKind::FieldRemoved).impact, Impact::Breaking);
    assert_eq!(find("ChatRequest.stop", ChangeKind::FieldTypeChanged).detail, "`Option<String>` -> `Option<Vec<String>>`");
    // Required to optional changes `i64` to `Option<i64>`.
    assert_eq!(find("ChatRequest.n", ChangeKind::FieldRequiredChanged).impact, Impact::Breaking);
    // Required and nullable to optional: `Option<i64>` both times.
    assert_eq!(find("ChatRequest.seed", ChangeKind::FieldRequiredChanged).impact, Impact::Additive);
    assert_eq!(find("ChatRequest.logprobs", ChangeKind::FieldNullableChanged).detail, "now nullable: `Option<bool>` -> `Nullable<bool>`");
    assert_eq!(find("ChatRequest.user", ChangeKind::FieldDeprecated).impact, Impact::Additive);
    assert_eq!(report.changes.len(), 8, "{:#?}", report.changes);
}

/// A renamed type is reported once, not again in each field that holds it.
#[test]
fn a_renamed_type_is_not_reported_again_in_its_fields() {
    let report = report("renamed");
    let renamed: Vec<_> = report.changes.iter().filter(|c| c.kind == ChangeKind::TypeRenamed).collect();
    assert_eq!(renamed.len(), 1, "{:#?}", report.changes);
    assert_eq!(renamed[0].detail, "`Usage` renamed `UsageObject`");
    assert!(!report.changes.iter().any(|c| c.kind == ChangeKind::FieldTypeChanged), "{:#?}", report.changes);
}

#[test]
fn the_json_and_changelog_forms() {
    let report = report("fields");
    insta::assert_snapshot!("diff_fields_json", diff::json(&report, Some("0.1.0")));
    insta::assert_snapshot!("diff_fields_changelog", diff::changelog(&report, Some("0.1.0")));
    insta::assert_snapshot!("diff_fields_summary", diff::summary_paragraph(&report, Some("0.1.0")));
    let value: serde_json::Value = serde_json::from_str(&diff::json(&report, Some("0.1.0"))).expect("the JSON report parses");
    assert_eq!(value["next_version"], "0.2.0");
    assert_eq!(value["report"]["changes"].as_array().map(Vec::len), Some(report.changes.len()));
}

/// The committed surface file reads back as the surface it was written from.
#[test]
fn the_surface_file_round_trips() {
    for case in cases() {
        let surface = surface(&read(&case, "new"));
        let text = surface.to_file();
        assert!(Surface::is_surface_text(&text));
        let back = Surface::from_file(&text).unwrap_or_else(|e| panic!("{case}: {e}"));
        assert_eq!(back, surface, "{case}");
        assert!(diff::diff(&back, &surface).is_empty());
    }
    assert!(Surface::from_file("{\"format\": \"something else\"}").is_err());
    assert!(!Surface::is_surface_text(&read("fields", "old")));
}

fn read_pinned(pinned: &spec::Pinned) -> String {
    match pinned.read() {
        Ok((_, text)) => text,
        Err(message) => panic!("this test needs the full spec and could not find it:\n{message}"),
    }
}

/// The real pair, as `cargo xtask diff` compares it (project patches applied).
#[test]
fn the_real_pair_from_openapi_30_to_31() {
    let old_text = read_pinned(&spec::openapi30());
    let new_text = read_pinned(&spec::latest());
    let started = Instant::now();
    let analyze = |text: &str| {
        let analysis = codegen::analyze(text, &codegen::Options::for_project(text)).unwrap_or_else(|f| panic!("{f}"));
        Surface::of(&analysis.graph)
    };
    let report = diff::diff(&analyze(&old_text), &analyze(&new_text));
    eprintln!("the real pair: analyzed and compared in {:.0} ms", started.elapsed().as_secs_f64() * 1e3);
    let text = diff::text(&report, Some("0.1.0"));
    let header: String = text.lines().take(4).map(|l| format!("{l}\n")).collect();
    let mut pinned = header;
    // Changes checked by hand against both spec files (see the snapshot's
    // header and the closing note for the evidence).
    for (subject, kind) in HAND_CHECKED {
        let found: Vec<String> = report
            .changes
            .iter()
            .filter(|c| c.subject == *subject && c.kind == *kind)
            .map(|c| format!("{} {:?} {}: {}\n", c.impact.label(), c.kind, c.subject, c.detail))
            .collect();
        assert!(!found.is_empty(), "no {kind:?} for {subject}");
        pinned.extend(found);
    }
    insta::assert_snapshot!("diff_real_pair", pinned);
}

const HAND_CHECKED: &[(&str, ChangeKind)] = &[
    ("ReasoningEffort::Xhigh", ChangeKind::EnumValueAdded),
    ("AuditLogEventType::CheckpointPermissionCreated", ChangeKind::EnumValueRemoved),
    ("AdminApiKey.value", ChangeKind::FieldRemoved),
    ("admin-api-keys-create", ChangeKind::BodyTypeChanged),
    ("delete-project-api-key", ChangeKind::OperationMoved),
    ("ServiceTier", ChangeKind::TypeMoved),
];

//! A [`Report`] as text (the default), JSON, a CHANGELOG section, and the
//! one-paragraph summary `regen` prints.

use std::fmt::Write as _;

use super::{Change, ChangeKind, Impact, Report};

/// How many names a line of documentation changes lists before "and N more".
const LISTED_DOCS: usize = 6;

/// The version after a release with this verdict, under Cargo's rules (in
/// 0.x the minor number is the breaking one). `None` when nothing changed.
pub fn next_version(current: &str, report: &Report) -> Result<Option<String>, String> {
    let core = current.trim().split(['-', '+']).next().unwrap_or_default();
    let parts: Vec<u64> = core.split('.').map(str::parse).collect::<Result<_, _>>().map_err(|_| format!("`{current}` is not a version"))?;
    let [major, minor, patch] = parts[..] else { return Err(format!("`{current}` is not a version MAJOR.MINOR.PATCH")) };
    if report.is_empty() {
        return Ok(None);
    }
    let next = match (major, report.verdict()) {
        (0, Impact::Breaking) => (0, minor + 1, 0),
        (0, _) => (0, minor, patch + 1),
        (_, Impact::Breaking) => (major + 1, 0, 0),
        (_, Impact::Additive) => (major, minor + 1, 0),
        (_, Impact::None) => (major, minor, patch + 1),
    };
    Ok(Some(format!("{}.{}.{}", next.0, next.1, next.2)))
}

/// `0.1.0 -> 0.2.0 (breaking)`, or why there is none.
fn version_line(current: Option<&str>, report: &Report) -> String {
    let verdict = report.verdict().label();
    match current.map(|c| (c, next_version(c, report))) {
        _ if report.is_empty() => "no release needed: the API did not change".into(),
        Some((current, Ok(Some(next)))) => format!("{current} -> {next} ({verdict})"),
        Some((_, Err(e))) => format!("{verdict} (cannot compute the next version: {e})"),
        _ => verdict.to_string(),
    }
}

fn count_line(report: &Report) -> String {
    let breaking = report.count(Impact::Breaking);
    let usual = report.changes.iter().filter(|c| c.kind.breaks_only_literals_and_matches()).count();
    let mut line = format!("{breaking} breaking");
    if usual > 0 {
        let _ = write!(
            line,
            " (of which {usual} only break struct literals and exhaustive matches: fields, enum values and variants added)"
        );
    }
    let _ = write!(line, ", {} additive, {} none (documentation)", report.count(Impact::Additive), report.count(Impact::None));
    line
}

/// "3 types added, 12 optional fields added, ..." in report order.
fn kinds_line(report: &Report) -> String {
    let parts: Vec<String> = report
        .kinds()
        .into_iter()
        .map(|(kind, n)| {
            let (one, many) = kind.labels();
            format!("{n} {}", if n == 1 { one } else { many })
        })
        .collect();
    parts.join(", ")
}

/// The readable report. Its first lines say what the next version is.
pub fn text(report: &Report, current_version: Option<&str>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "next version: {}", version_line(current_version, report));
    let _ = writeln!(
        out,
        "types: {} -> {}; operations: {} -> {}",
        report.old_types, report.new_types, report.old_operations, report.new_operations
    );
    if report.is_empty() {
        out.push_str("no changes\n");
        return out;
    }
    let _ = writeln!(out, "changes: {}", count_line(report));
    let _ = writeln!(out, "by kind: {}", kinds_line(report));
    for (area, changes) in report.by_area() {
        let count = |impact| changes.iter().filter(|c| c.impact == impact).count();
        let _ = writeln!(
            out,
            "\n## {area}: {} breaking, {} additive, {} none",
            count(Impact::Breaking),
            count(Impact::Additive),
            count(Impact::None)
        );
        let mut docs: Vec<&str> = Vec::new();
        for change in changes {
            if change.kind == ChangeKind::DocsChanged {
                docs.push(&change.subject);
                continue;
            }
            let _ = writeln!(out, "  {:<9} {:<24} {}: {}", change.impact.label(), change.kind.labels().0, change.subject, change.detail);
        }
        if !docs.is_empty() {
            let _ = writeln!(out, "  {:<9} {:<24} {}", "none", "docs changed", names(&docs));
        }
    }
    out
}

/// `A, B, C and 4 more types`.
fn names(subjects: &[&str]) -> String {
    let shown: Vec<String> = subjects.iter().take(LISTED_DOCS).map(|s| format!("`{s}`")).collect();
    let rest = subjects.len().saturating_sub(LISTED_DOCS);
    let noun = if subjects.len() == 1 { "type" } else { "types" };
    if rest == 0 {
        format!("{} {noun}: {}", subjects.len(), shown.join(", "))
    } else {
        format!("{} {noun}: {} and {rest} more", subjects.len(), shown.join(", "))
    }
}

/// The report for tools: every change, the verdict and the next version.
pub fn json(report: &Report, current_version: Option<&str>) -> String {
    let next = current_version.and_then(|c| next_version(c, report).ok().flatten());
    let value = serde_json::json!({
        "verdict": if report.is_empty() { "unchanged" } else { report.verdict().label() },
        "current_version": current_version,
        "next_version": next,
        "breaking": report.count(Impact::Breaking),
        "additive": report.count(Impact::Additive),
        "none": report.count(Impact::None),
        "report": report,
    });
    // A report is plain data and always serializes.
    serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
}

/// A Markdown section for `CHANGELOG.md`, headed by the next version.
pub fn changelog(report: &Report, current_version: Option<&str>) -> String {
    let next = current_version.and_then(|c| next_version(c, report).ok().flatten());
    let mut out = format!("## {}\n\n", next.as_deref().unwrap_or("Unreleased"));
    if report.is_empty() {
        out.push_str("No API changes.\n");
        return out;
    }
    let _ = writeln!(out, "Spec update: {}.", count_line(report));
    let docs: Vec<&str> = report.changes.iter().filter(|c| c.kind == ChangeKind::DocsChanged).map(|c| c.subject.as_str()).collect();
    for (title, impact) in [("Breaking changes", Impact::Breaking), ("Added", Impact::Additive), ("Documentation", Impact::None)] {
        let items: Vec<&Change> = report.changes.iter().filter(|c| c.impact == impact && c.kind != ChangeKind::DocsChanged).collect();
        let docs = if impact == Impact::None { docs.as_slice() } else { &[] };
        if items.is_empty() && docs.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n### {title}\n");
        for c in items {
            let _ = writeln!(out, "- `{}` ({}): {}", c.subject, c.area, c.detail);
        }
        if !docs.is_empty() {
            let _ = writeln!(out, "- Documentation of {}.", names(docs));
        }
    }
    out
}

/// One paragraph: counts per kind, the verdict and the next version.
pub fn summary_paragraph(report: &Report, current_version: Option<&str>) -> String {
    if report.is_empty() {
        return "API surface unchanged (only the generated code changed).".into();
    }
    format!(
        "API changes: {}; next version {}. `cargo xtask diff` lists each change.",
        kinds_line(report),
        version_line(current_version, report)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report_of(impacts: &[Impact]) -> Report {
        let changes = impacts
            .iter()
            .map(|&impact| Change { area: "chat".into(), subject: "X".into(), kind: ChangeKind::TypeAdded, impact, detail: String::new() })
            .collect();
        Report { changes, ..Report::default() }
    }

    #[test]
    fn next_version_follows_cargos_rules_for_0x_and_after() {
        let next = |current: &str, impacts: &[Impact]| next_version(current, &report_of(impacts)).unwrap();
        assert_eq!(next("0.1.0", &[Impact::Additive, Impact::Breaking]).as_deref(), Some("0.2.0"));
        assert_eq!(next("0.1.3", &[Impact::Additive]).as_deref(), Some("0.1.4"));
        assert_eq!(next("0.1.3", &[Impact::None]).as_deref(), Some("0.1.4"));
        assert_eq!(next("1.4.2", &[Impact::Breaking]).as_deref(), Some("2.0.0"));
        assert_eq!(next("1.4.2", &[Impact::Additive]).as_deref(), Some("1.5.0"));
        assert_eq!(next("1.4.2", &[Impact::None]).as_deref(), Some("1.4.3"));
        assert_eq!(next("0.1.0-alpha", &[Impact::Breaking]).as_deref(), Some("0.2.0"));
        assert_eq!(next("0.1.0", &[]), None, "nothing changed: no release");
        assert!(next_version("one", &report_of(&[Impact::None])).is_err());
        assert!(next_version("0.1", &report_of(&[Impact::None])).is_err());
    }

    #[test]
    fn the_first_line_says_the_next_version() {
        let text = text(&report_of(&[Impact::Breaking]), Some("0.1.0"));
        assert_eq!(text.lines().next(), Some("next version: 0.1.0 -> 0.2.0 (breaking)"));
        let text = super::text(&report_of(&[]), Some("0.1.0"));
        assert_eq!(text.lines().next(), Some("next version: no release needed: the API did not change"));
    }
}

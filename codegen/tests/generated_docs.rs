//! The doc comments of the committed generated crate, read as docs.rs shows
//! them: no doubled blank line, no link left as escaped text, no link
//! relative to the OpenAI site (dead on docs.rs), every union documented
//! (with intra-doc links to its variants when the spec says nothing).
//! Rustdoc itself checks the rest (`RUSTDOCFLAGS="-D warnings" cargo doc`).

use std::path::Path;

/// Every `///` and `//!` line of `generated/src`, with its file and line number.
fn doc_lines() -> Vec<(String, usize, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated/src");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    assert!(files.len() > 10, "expected the generated modules in {}", dir.display());
    let mut lines = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).expect("generated file is readable");
        let name = path.file_name().expect("file name").to_string_lossy().to_string();
        for (i, line) in text.lines().enumerate() {
            lines.push((name.clone(), i + 1, line.trim_start().to_string()));
        }
    }
    lines
}

fn is_doc(line: &str) -> bool {
    line.starts_with("///") || line.starts_with("//!")
}

#[test]
fn no_doc_comment_has_a_doubled_blank_line() {
    let lines = doc_lines();
    let doubled: Vec<String> = lines
        .windows(2)
        .filter(|pair| pair[0].0 == pair[1].0 && pair[0].2 == "///" && pair[1].2 == "///")
        .map(|pair| format!("{}:{}", pair[1].0, pair[1].1))
        .collect();
    assert!(doubled.is_empty(), "{} doubled blank doc lines, first at {:?}", doubled.len(), doubled.first());
}

#[test]
fn links_are_links_and_absolute() {
    let lines = doc_lines();
    let mut documented = 0;
    let mut bad = Vec::new();
    for (file, number, line) in lines.iter().filter(|(_, _, l)| is_doc(l)) {
        documented += 1;
        // `\](` is a link the sanitizer escaped; `](/` and `]: /` are targets relative to the OpenAI site.
        if line.contains("\\](") || line.contains("](/") || (line.contains("]: /") && !line.contains("]: //")) {
            bad.push(format!("{file}:{number}: {line}"));
        }
    }
    assert!(documented > 10_000, "expected the generated doc comments, found {documented} lines");
    assert!(bad.is_empty(), "{} doc lines with escaped or relative links:\n{}", bad.len(), bad.join("\n"));
}

#[test]
fn every_union_has_a_doc_comment() {
    let lines = doc_lines();
    let mut undocumented = Vec::new();
    let mut unions = 0;
    for (i, (file, number, line)) in lines.iter().enumerate() {
        if !line.starts_with("pub enum ") {
            continue;
        }
        // Unions keep unknown variants in `Unknown` or are tried in order; string enums have `Other`.
        let body: Vec<&String> = lines[i + 1..].iter().map(|(_, _, l)| l).take_while(|l| !l.starts_with('}')).collect();
        if body.iter().any(|l| l.starts_with("Other(String)")) {
            continue;
        }
        unions += 1;
        // Above the item: its attributes (some span lines), then its docs, if any.
        let above = lines[..i].iter().rev().map(|(_, _, l)| l).find(|l| is_doc(l) || l.is_empty() || l.ends_with('}') || l.ends_with(';'));
        match above {
            // The composed doc's links must be intra-doc links, not escaped text.
            Some(doc) if is_doc(doc) && !doc.contains("One of: \\[") => {}
            _ => undocumented.push(format!("{file}:{number}: {line}")),
        }
    }
    assert!(unions > 200, "expected the generated unions, found {unions}");
    assert!(undocumented.is_empty(), "{} undocumented unions:\n{}", undocumented.len(), undocumented.join("\n"));
}

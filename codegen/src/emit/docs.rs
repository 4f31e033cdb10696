//! Spec descriptions → rustdoc that builds with `-D warnings` and runs no doctests.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, LinkType, Options, Parser, Tag, TagEnd};
use serde_json::Value;

use crate::load::Meta;
use crate::model::{Field, TypeDef, TypeGraph, TypeId, TypeKind, TypeRef};
use crate::name::CONSTANTS;

const DOCS_ORIGIN: &str = "https://platform.openai.com";

/// The doc lines of a type, field or variant: description (or title), the
/// default value, and nothing else.
pub fn doc_lines(meta: &Meta) -> Vec<String> {
    let mut text = match (&meta.description, &meta.title) {
        (Some(d), _) if !d.trim().is_empty() => d.trim().to_string(),
        (_, Some(t)) => t.trim().to_string(),
        _ => String::new(),
    };
    if let Some(default) = &meta.default {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&format!("Defaults to `{}`.", show_default(default)));
    }
    sanitize(&text)
}

/// The doc lines of a type: its own docs; a union the spec leaves
/// undocumented says what it is one of, linking each variant.
pub fn type_doc_lines(graph: &TypeGraph, def: &TypeDef) -> Vec<String> {
    if has_text(&def.docs) {
        return doc_lines(&def.docs);
    }
    match union_summary(graph, def) {
        Some(summary) => with_summary(summary, &def.docs),
        None => doc_lines(&def.docs),
    }
}

/// The doc lines of a field: its own docs; a field that only refers to a
/// type (a bare `$ref`) says what that type's docs say first.
pub fn field_doc_lines(graph: &TypeGraph, field: &Field) -> Vec<String> {
    if has_text(&field.docs) {
        return doc_lines(&field.docs);
    }
    let Some(referenced) = referenced_type(&field.ty).map(|id| graph.get(id)) else {
        return doc_lines(&field.docs);
    };
    if let Some(summary) = summary(&referenced.docs) {
        return doc_lines(&Meta { description: Some(summary), ..field.docs.clone() });
    }
    // An undocumented union's variants may not be in scope here; the union is.
    match union_summary(graph, referenced) {
        Some(_) => with_summary(format!("See {}.", link(referenced)), &field.docs),
        None => doc_lines(&field.docs),
    }
}

/// A summary the generator wrote (its intra-doc links are not the spec's
/// Markdown, so it is not sanitized), then the rest of `meta`'s doc lines.
fn with_summary(summary: String, meta: &Meta) -> Vec<String> {
    let mut lines = vec![summary];
    let rest = doc_lines(&Meta { description: None, title: None, ..meta.clone() });
    if !rest.is_empty() {
        lines.push(String::new());
        lines.extend(rest);
    }
    lines
}

fn has_text(meta: &Meta) -> bool {
    [&meta.description, &meta.title].into_iter().flatten().any(|text| !text.trim().is_empty())
}

/// The named type a field holds directly (not in a list or map).
fn referenced_type(ty: &TypeRef) -> Option<TypeId> {
    match ty {
        TypeRef::Named(id) => Some(*id),
        TypeRef::Boxed(inner) | TypeRef::Nullable(inner) => referenced_type(inner),
        _ => None,
    }
}

/// "One of: [`A`], [`B`]." for a union, each variant linked.
fn union_summary(graph: &TypeGraph, def: &TypeDef) -> Option<String> {
    let variants: Vec<&TypeRef> = match &def.kind {
        TypeKind::Tagged(tagged) => tagged.variants.iter().map(|v| &v.ty).collect(),
        TypeKind::Untagged(untagged) => untagged.variants.iter().map(|v| &v.ty).collect(),
        _ => return None,
    };
    let variants: Vec<String> = variants.into_iter().map(|ty| describe(graph, ty)).collect();
    Some(format!("One of: {}.", variants.join(", ")))
}

/// A variant's type in prose, named types as intra-doc links.
fn describe(graph: &TypeGraph, ty: &TypeRef) -> String {
    let (one, _) = nouns(graph, ty);
    if one.starts_with('[') {
        return one;
    }
    let article = if one.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
    format!("{article} {one}")
}

/// An intra-doc link to a type from the module of a type or field that
/// mentions it: modules import the modules of the types they mention, all
/// but `constants`, whose types are named by path.
fn link(def: &TypeDef) -> String {
    if def.module == CONSTANTS {
        format!("[`{name}`](crate::{CONSTANTS}::{name})", name = def.name)
    } else {
        format!("[`{}`]", def.name)
    }
}

/// A type's name in prose, singular and plural (`string`, `strings`).
fn nouns(graph: &TypeGraph, ty: &TypeRef) -> (String, String) {
    let word = |one: &str, many: &str| (one.to_string(), many.to_string());
    match ty {
        TypeRef::Named(id) => (link(graph.get(*id)), link(graph.get(*id))),
        TypeRef::Bool => word("boolean", "booleans"),
        TypeRef::Integer => word("integer", "integers"),
        TypeRef::Float => word("number", "numbers"),
        TypeRef::String => word("string", "strings"),
        TypeRef::Bytes => word("byte string", "byte strings"),
        TypeRef::Any => word("JSON value", "JSON values"),
        TypeRef::List(item) => {
            let items = nouns(graph, item).1;
            (format!("list of {items}"), format!("lists of {items}"))
        }
        TypeRef::Map(value) => {
            let values = nouns(graph, value).1;
            (format!("map of {values}"), format!("maps of {values}"))
        }
        TypeRef::Boxed(inner) => nouns(graph, inner),
        TypeRef::Nullable(inner) => {
            let (one, many) = nouns(graph, inner);
            (format!("{one} or null"), format!("{many} or nulls"))
        }
    }
}

fn show_default(value: &Value) -> String {
    let text = value.to_string();
    text.replace('`', "'")
}

/// The Markdown extensions rustdoc enables, so that the spec's text is
/// parsed here as rustdoc will parse it.
fn markdown_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

/// Makes Markdown from the spec safe for rustdoc, as doc lines. The text is
/// parsed with pulldown-cmark (the parser rustdoc uses) and edited in place,
/// so that everything else stays as written: relative link targets become
/// absolute (`/docs/...` is dead on docs.rs), code blocks are marked as text
/// (they would run as doctests), brackets that are not links are escaped
/// (they would be read as intra-doc links), bare URLs become autolinks, and
/// HTML is shown as text (the spec's `<think>` is prose, not a tag).
pub fn sanitize(text: &str) -> Vec<String> {
    let text = text.trim();
    let mut edits = Edits::default();
    let parser = Parser::new_ext(text, markdown_options());
    for (_, def) in parser.reference_definitions().iter() {
        absolute_target(text, &def.span, &def.dest, &mut edits);
    }
    // Runs of prose outside code and links, as source ranges: a link's text
    // is left as written (an autolink inside it would undo the link).
    let mut text_run: Option<Range<usize>> = None;
    let mut link_depth = 0usize;
    // List items and block quotes, where continuation lines keep their indent.
    let mut nesting = 0usize;
    let mut code_block: Option<(Range<usize>, bool, String)> = None;
    for (event, range) in parser.into_offset_iter() {
        if !matches!(event, Event::Text(_)) || code_block.is_some() || link_depth > 0 {
            if let Some(run) = text_run.take() {
                prose(text, run, &mut edits);
            }
        }
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let indented = matches!(kind, CodeBlockKind::Indented);
                if let CodeBlockKind::Fenced(info) = &kind {
                    text_fence(text, &range, info, &mut edits);
                }
                code_block = Some((range, indented, String::new()));
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((block, true, content)) = code_block.take() {
                    fence_indented(text, block, &content, &mut edits);
                }
            }
            Event::Text(content) if code_block.is_some() => {
                if let Some((_, _, code)) = &mut code_block {
                    code.push_str(&content);
                }
            }
            Event::Start(Tag::Link { link_type, dest_url, .. } | Tag::Image { link_type, dest_url, .. }) => {
                link_depth += 1;
                if link_type == LinkType::Inline {
                    absolute_target(text, &range, &dest_url, &mut edits);
                }
            }
            Event::End(TagEnd::Link | TagEnd::Image) => link_depth = link_depth.saturating_sub(1),
            Event::Text(_) if link_depth == 0 => {
                text_run = Some(match text_run.take() {
                    Some(run) if run.end == range.start => run.start..range.end,
                    Some(run) => {
                        prose(text, run, &mut edits);
                        range
                    }
                    None => range,
                });
            }
            Event::Start(Tag::Item | Tag::BlockQuote(_)) => nesting += 1,
            Event::End(TagEnd::Item | TagEnd::BlockQuote(_)) => nesting = nesting.saturating_sub(1),
            Event::SoftBreak if nesting == 0 => unindent_continuation(text, &range, &mut edits),
            Event::Html(_) | Event::InlineHtml(_) => {
                let escaped = text[range.clone()].replace('<', "&lt;").replace('>', "&gt;");
                edits.replace(range, escaped);
            }
            _ => {}
        }
    }
    if let Some(run) = text_run.take() {
        prose(text, run, &mut edits);
    }
    let edited = edits.apply(text);
    // One blank line separates blocks as well as several; outside code
    // blocks the spec's doubled blank lines are dropped.
    let mut lines: Vec<String> = Vec::new();
    let mut in_fence = false;
    for line in edited.lines().map(str::trim_end) {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
        }
        if line.is_empty() && !in_fence && lines.last().is_some_and(|l: &String| l.is_empty()) {
            continue;
        }
        lines.push(line.to_string());
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
}

/// The first paragraph of a description (or the title): what a field that
/// only refers to a type says about it.
pub fn summary(meta: &Meta) -> Option<String> {
    let text = match (&meta.description, &meta.title) {
        (Some(d), _) if !d.trim().is_empty() => d.trim(),
        (_, Some(t)) if !t.trim().is_empty() => t.trim(),
        _ => return None,
    };
    let first = text.split("\n\n").next().unwrap_or(text).trim();
    // A paragraph that opens a code block is not a summary.
    (!first.contains("```")).then(|| first.to_string())
}

/// Replacements in a text, by byte range; none overlaps another.
#[derive(Default)]
struct Edits(Vec<(Range<usize>, String)>);

impl Edits {
    fn replace(&mut self, range: Range<usize>, with: String) {
        self.0.push((range, with));
    }

    fn insert(&mut self, at: usize, with: String) {
        self.0.push((at..at, with));
    }

    fn apply(mut self, text: &str) -> String {
        // Stable: insertions at one offset keep the order they were made in.
        self.0.sort_by_key(|(range, _)| (range.start, range.end));
        let mut out = String::with_capacity(text.len() + 64);
        let mut at = 0;
        for (range, with) in self.0 {
            if range.start < at {
                continue; // Overlaps an earlier edit (a block inside a block): the outer one wins.
            }
            out.push_str(&text[at..range.start]);
            out.push_str(&with);
            at = range.end;
        }
        out.push_str(&text[at..]);
        out
    }
}

/// Makes the target of the link (or link definition) at `range` absolute
/// when the spec writes it relative to the OpenAI site.
fn absolute_target(text: &str, range: &Range<usize>, dest: &str, edits: &mut Edits) {
    if !dest.starts_with('/') || dest.starts_with("//") {
        return;
    }
    if let Some(offset) = text[range.clone()].rfind(dest) {
        edits.insert(range.start + offset, DOCS_ORIGIN.to_string());
    }
}

/// Drops the indentation of a paragraph's continuation line (the spec's
/// YAML folding leaves some), unless the line would then start a block.
fn unindent_continuation(text: &str, soft_break: &Range<usize>, edits: &mut Edits) {
    let Some(newline) = text[soft_break.start..].find('\n') else { return };
    let line_start = soft_break.start + newline + 1;
    let line = &text[line_start..];
    let content = line.trim_start_matches([' ', '\t']);
    let indent = line.len() - content.len();
    let starts_block = content.starts_with(|c: char| c.is_ascii_digit() || "-*+#>`~|=<".contains(c));
    if indent > 0 && !starts_block {
        edits.replace(line_start..line_start + indent, String::new());
    }
}

/// Writes an indented code block (pulldown-cmark's `block`, which starts
/// after the indent) as a fenced text block at its container's indent.
fn fence_indented(text: &str, block: Range<usize>, content: &str, edits: &mut Edits) {
    let line_start = text[..block.start].rfind('\n').map_or(0, |i| i + 1);
    let container = " ".repeat((block.start - line_start).saturating_sub(4));
    let mut fenced = String::from("```text\n");
    for line in content.lines() {
        fenced.push_str(&format!("{container}{line}\n"));
    }
    fenced.push_str(&format!("{container}```\n"));
    edits.replace(line_start..block.end, format!("{container}{fenced}"));
}

/// Marks a fenced code block as text unless it names a language other than Rust.
fn text_fence(text: &str, range: &Range<usize>, info: &str, edits: &mut Edits) {
    let lang = info.split([' ', ',']).next().unwrap_or("");
    let source = &text[range.clone()];
    let first_line_end = source.find('\n').unwrap_or(source.len());
    let fence_line = &source[..first_line_end];
    let indent = fence_line.len() - fence_line.trim_start().len();
    let fence_char = fence_line.trim_start().chars().next().unwrap_or('`');
    let fence_width = fence_line.trim_start().chars().take_while(|c| *c == fence_char).count();
    let fence: String = std::iter::repeat_n(fence_char, fence_width).collect();
    if lang.is_empty() || lang == "rust" {
        edits.replace(range.start + indent..range.start + first_line_end, format!("{fence}text"));
    }
    // A fence the spec leaves open runs to the end of the text: close it.
    let last_line = source.trim_end().rsplit('\n').next().unwrap_or("");
    let closed = first_line_end < source.trim_end().len() && last_line.trim_start().starts_with(&fence);
    if !closed {
        let newline = if source.ends_with('\n') { "" } else { "\n" };
        edits.insert(range.end, format!("{newline}{fence}"));
    }
}

/// Edits one run of prose: brackets that are not links are escaped, and bare
/// URLs become autolinks.
fn prose(text: &str, run: Range<usize>, edits: &mut Edits) {
    let source = &text[run.clone()];
    let mut out = String::with_capacity(source.len() + 8);
    let mut rest = source;
    while let Some(c) = rest.chars().next() {
        if c == '\\' {
            // An escape the spec wrote: kept with the character it escapes.
            let width = rest[1..].chars().next().map_or(0, char::len_utf8);
            out.push_str(&rest[..1 + width]);
            rest = &rest[1 + width..];
            continue;
        }
        if rest.starts_with("https://") || rest.starts_with("http://") {
            let end = rest.find(|c: char| c.is_whitespace() || matches!(c, ')' | '<' | '>' | '"')).unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
            continue;
        }
        // pulldown-cmark's text for `\[` starts after the backslash.
        let escaped = text[..run.start + (source.len() - rest.len())].ends_with('\\');
        match c {
            '[' | ']' if !escaped => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    if out != source {
        edits.replace(run, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_become_absolute() {
        let lines = sanitize("See [the guide](/docs/guides/text).");
        assert_eq!(lines, ["See [the guide](https://platform.openai.com/docs/guides/text)."]);
    }

    #[test]
    fn links_wrapped_across_lines_stay_links() {
        let lines = sanitize("Learn more in the [Structured Outputs\nguide](/docs/guides/structured-outputs).");
        assert_eq!(lines, ["Learn more in the [Structured Outputs", "guide](https://platform.openai.com/docs/guides/structured-outputs)."]);
    }

    #[test]
    fn reference_definitions_become_absolute() {
        let lines = sanitize("See [the guide][g].\n\n[g]: /docs/guides/text");
        assert_eq!(lines, ["See [the guide][g].", "", "[g]: https://platform.openai.com/docs/guides/text"]);
    }

    #[test]
    fn brackets_urls_and_tags_are_neutralized() {
        let lines = sanitize("Ends with [DONE]. See https://example.com/x. Use <think> tags, `a[0]`.");
        assert_eq!(lines, ["Ends with \\[DONE\\]. See <https://example.com/x>. Use &lt;think&gt; tags, `a[0]`."]);
    }

    #[test]
    fn links_and_escapes_are_left_as_written() {
        let text = "[https://example.com](https://example.com) and <https://example.org>, \\[x\\].";
        assert_eq!(sanitize(text), [text]);
    }

    #[test]
    fn list_items_keep_their_continuation_lines() {
        let lines = sanitize("- first item\n  continues here\n\nafter");
        assert_eq!(lines, ["- first item", "  continues here", "", "after"]);
    }

    #[test]
    fn code_blocks_never_become_doctests() {
        let lines = sanitize("Example:\n\n    indented\n\n```\nfn main() {}\n```\n\n```json\n{}\n```");
        assert_eq!(lines, ["Example:", "", "```text", "indented", "```", "", "```text", "fn main() {}", "```", "", "```json", "{}", "```"]);
    }

    #[test]
    fn an_open_fence_is_closed() {
        assert_eq!(sanitize("Example:\n```\nfn main() {}"), ["Example:", "```text", "fn main() {}", "```"]);
    }

    #[test]
    fn the_default_follows_the_description_after_one_blank_line() {
        let meta = Meta { description: Some("What to sample.\n".into()), default: Some(Value::from(1)), ..Meta::default() };
        assert_eq!(doc_lines(&meta), ["What to sample.", "", "Defaults to `1`."]);
    }

    #[test]
    fn paragraph_continuation_lines_lose_their_indent() {
        let lines = sanitize("Set of pairs.\n        Keys are strings.\n    - not a list");
        assert_eq!(lines, ["Set of pairs.", "Keys are strings.", "    - not a list"]);
    }

    #[test]
    fn blank_lines_are_not_doubled() {
        assert_eq!(sanitize("First.\n\n\nSecond."), ["First.", "", "Second."]);
    }

    #[test]
    fn a_summary_is_the_first_paragraph() {
        let meta = Meta { description: Some("Set of pairs.\n\nKeys are strings.".into()), ..Meta::default() };
        assert_eq!(summary(&meta).as_deref(), Some("Set of pairs."));
    }
}

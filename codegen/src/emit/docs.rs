//! Spec descriptions → rustdoc that builds with `-D warnings` and runs no doctests.

use serde_json::Value;

use crate::load::Meta;

const DOCS_ORIGIN: &str = "https://platform.openai.com";

/// The doc lines of a type, field or variant: description (or title), the
/// default value, and nothing else.
pub fn doc_lines(meta: &Meta) -> Vec<String> {
    let mut text = match (&meta.description, &meta.title) {
        (Some(d), _) if !d.trim().is_empty() => d.clone(),
        (_, Some(t)) => t.clone(),
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

fn show_default(value: &Value) -> String {
    let text = value.to_string();
    text.replace('`', "'")
}

/// Makes markdown from the spec safe for rustdoc: absolute links, no
/// indented code blocks, fenced blocks marked as text, brackets that are not
/// links escaped, bare URLs and HTML-like tags neutralized.
pub fn sanitize(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut in_fence = false;
    // Inside a list item, continuation lines are indented to the item's text.
    let mut list_indent: Option<usize> = None;
    for raw in text.trim().lines() {
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        if !in_fence {
            if trimmed.is_empty() {
                list_indent = None;
            } else if let Some(width) = list_marker_width(trimmed) {
                list_indent = Some(width);
            } else if let Some(width) = list_indent {
                lines.push(format!("{}{}", " ".repeat(width), inline(trimmed)));
                continue;
            }
        }
        if trimmed.starts_with("```") {
            if in_fence {
                lines.push("```".to_string());
            } else {
                let lang = trimmed.trim_start_matches('`').trim();
                // Untagged or Rust-looking blocks would run as doctests.
                let lang = if lang.is_empty() || lang == "rust" { "text" } else { lang };
                lines.push(format!("```{lang}"));
            }
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            lines.push(line.to_string());
        } else {
            lines.push(inline(trimmed));
        }
    }
    if in_fence {
        lines.push("```".to_string());
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
}

/// One line of prose: links, brackets, URLs and angle brackets.
fn inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 16);
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    let mut in_code = false;
    while i < chars.len() {
        let c = chars[i];
        if c == '`' {
            in_code = !in_code;
            out.push(c);
            i += 1;
            continue;
        }
        if in_code {
            out.push(c);
            i += 1;
            continue;
        }
        match c {
            '[' => {
                // A markdown link `[text](target)`: keep it, making relative targets absolute.
                if let Some((text_end, target_end)) = link_at(&chars, i) {
                    let text: String = chars[i + 1..text_end].iter().collect();
                    let target: String = chars[text_end + 2..target_end].iter().collect();
                    let target = if target.starts_with('/') { format!("{DOCS_ORIGIN}{target}") } else { target };
                    out.push('[');
                    out.push_str(&inline(&text));
                    out.push_str("](");
                    out.push_str(&target);
                    out.push(')');
                    i = target_end + 1;
                    continue;
                }
                out.push_str("\\[");
            }
            ']' => out.push_str("\\]"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            'h' if starts_with(&chars, i, "https://") || starts_with(&chars, i, "http://") => {
                let end = (i..chars.len()).find(|&j| chars[j].is_whitespace() || chars[j] == ')').unwrap_or(chars.len());
                let mut url: String = chars[i..end].iter().collect();
                let mut trailing = String::new();
                while url.ends_with(['.', ',', ';', ':']) {
                    trailing.insert(0, url.pop().unwrap_or_default());
                }
                out.push('<');
                out.push_str(&url);
                out.push('>');
                out.push_str(&trailing);
                i = end;
                continue;
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

/// The width of a list marker (`- `, `* `, `+ `, `12. `) starting the line.
fn list_marker_width(line: &str) -> Option<usize> {
    if line.starts_with("- ") || line.starts_with("* ") || line.starts_with("+ ") {
        return Some(2);
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    (digits > 0 && line[digits..].starts_with(". ")).then_some(digits + 2)
}

fn starts_with(chars: &[char], at: usize, prefix: &str) -> bool {
    prefix.chars().enumerate().all(|(k, p)| chars.get(at + k) == Some(&p))
}

/// For a `[` at `start`, the index of the matching `]` and of the `)` that
/// closes the link target, when `[...](...)` follows.
fn link_at(chars: &[char], start: usize) -> Option<(usize, usize)> {
    let text_end = (start + 1..chars.len()).find(|&j| chars[j] == ']')?;
    if chars.get(text_end + 1) != Some(&'(') {
        return None;
    }
    let target_end = (text_end + 2..chars.len()).find(|&j| chars[j] == ')')?;
    let target: String = chars[text_end + 2..target_end].iter().collect();
    if target.is_empty() || target.contains(char::is_whitespace) {
        return None;
    }
    Some((text_end, target_end))
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
    fn brackets_urls_and_tags_are_neutralized() {
        let lines = sanitize("Ends with [DONE]. See https://example.com/x. Use <think> tags, `a[0]`.");
        assert_eq!(lines, ["Ends with \\[DONE\\]. See <https://example.com/x>. Use &lt;think&gt; tags, `a[0]`."]);
    }

    #[test]
    fn list_items_keep_their_continuation_lines() {
        let lines = sanitize("- first item\ncontinues here\n\nafter");
        assert_eq!(lines, ["- first item", "  continues here", "", "after"]);
    }

    #[test]
    fn code_blocks_never_become_doctests() {
        let lines = sanitize("Example:\n\n    indented\n```\nfn main() {}\n```");
        assert_eq!(lines, ["Example:", "", "indented", "```text", "fn main() {}", "```"]);
    }
}

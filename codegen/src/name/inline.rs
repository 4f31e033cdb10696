//! Names for the types the spec leaves unnamed (inline schemas). Component
//! schemas keep the spec's own names; these follow one policy, so that a
//! name can be predicted from where the schema is, and only a clash with
//! another type's name makes it depend on the rest of the spec:
//!
//! 1. The name is the path to the schema from its component or operation:
//!    property names, variant labels, `Value` for map values.
//! 2. A path that makes a long name (rule 5) or a taken one gives way to the
//!    schema's `title` (`TextFormat`, `McpToolApprovalFilter`).
//! 3. Array items are singular: `choices` → `Choice`, `modalities` →
//!    `Modality`; `Item` when the property is no plural or the singular is
//!    another type's name.
//! 4. No word is said twice: a part drops the words the name already ends
//!    with (`ImageImageUrl` → `ImageUrl`), and a part that starts with two or
//!    more words said earlier replaces the name from there
//!    (`ToolChoiceOptionToolChoiceMode` → `ToolChoiceMode`).
//! 5. Names stay under [`LONG_NAME`] characters: a longer path keeps its
//!    root and its last part and drops the parts between (oldest first),
//!    then the root's verb (`Create...`); then it is named by its last two
//!    properties (`InputAudioFormat`), then by its last alone when that says
//!    two words or more (`ImageUrl`, `InputAudio`, as a hand-written SDK
//!    would). The first such name that is free wins.
//!
//! A clash that none of these resolve appends the kind of type, then a
//! number. `spec/names.yaml` can give a component's inline types a shorter
//! root (`prefixes`), where the component's own name is long.

use std::collections::HashSet;

use super::ident::{pascal, variant_name, words};

/// The length (in characters) a generated name stays under when it can.
pub const LONG_NAME: usize = 45;

/// The names an inline type may take, best first. `hint` is its path (root
/// first); `title` the schema's own; `prefix` what the names file gives the
/// root instead of its name.
pub fn candidates(hint: &[String], title: Option<&str>, prefix: Option<&str>) -> Vec<String> {
    let with_prefix = |mut parts: Vec<Part>| {
        if let (Some(prefix), Some(root)) = (prefix, parts.first_mut()) {
            root.words = words(&pascal(prefix)).into_iter().map(str::to_string).collect();
        }
        parts
    };
    let parts = with_prefix(parts(hint, true));
    let mut out = vec![join(parts.iter().map(|p| &p.words))];
    // `...ToolCallsItem` where `...ToolCall` is another type's name.
    out.push(join(with_prefix(self::parts(hint, false)).iter().map(|p| &p.words)));
    if let Some(title) = title {
        out.push(variant_name(title, "Type"));
    }
    // A short name that is taken keeps its path (with a word for its kind
    // added by the caller); only long ones are shortened.
    if out[0].len() >= LONG_NAME && parts.len() >= 2 {
        let root = &parts[0].words;
        let last = &parts[parts.len() - 1];
        // Drop the parts between the root and the last, oldest first.
        for skip in 1..parts.len() - 1 {
            out.push(join(std::iter::once(root).chain(parts[skip + 1..].iter().map(|p| &p.words))));
        }
        // The root without its verb (`CreateChatCompletionResponse`).
        if root.len() > 1 && VERBS.contains(&root[0].as_str()) {
            out.push(join([&root[1..].to_vec(), &last.words]));
        }
        // The property and the one it is in, then the property alone when
        // it says two words or more (`InputAudioFormat`, `ImageUrl`).
        if parts.len() >= 3 {
            let before = &parts[parts.len() - 2].said;
            let overlap = overlap(before.iter().collect::<Vec<_>>().as_slice(), &last.said);
            out.push(join([before, &last.said[overlap.min(last.said.len() - 1)..].to_vec()]));
        }
        if last.said.len() >= 2 {
            out.push(join([&last.said]));
        }
    }
    let mut seen = HashSet::new();
    out.retain(|n| seen.insert(n.clone()));
    out
}

/// Verbs that start operation and request names; the first words dropped.
const VERBS: &[&str] = &["Create", "Modify", "Update", "Delete", "List", "Get", "Retrieve"];

fn join<'a>(parts: impl IntoIterator<Item = &'a Vec<String>>) -> String {
    variant_name(&parts.into_iter().map(|p| p.concat()).collect::<String>(), "Type")
}

/// How many words at the start of `new` repeat the end of `said`.
fn overlap(said: &[&String], new: &[String]) -> usize {
    (1..=new.len().min(said.len())).rev().find(|&n| said[said.len() - n..].iter().zip(&new[..n]).all(|(a, b)| *a == b)).unwrap_or(0)
}

/// One part of a path: the words it adds to the name, and all the words it
/// says on its own (before rule 4 removed repeats).
struct Part {
    words: Vec<String>,
    said: Vec<String>,
}

/// Picks the first candidate under [`LONG_NAME`] that is free, else the
/// first free one, else `None` (the caller resolves the clash).
pub fn choose(candidates: &[String], taken: &HashSet<String>) -> Option<String> {
    let free = |n: &&String| !taken.contains(n.as_str());
    candidates.iter().filter(|n| n.len() < LONG_NAME).find(free).or_else(|| candidates.iter().find(free)).cloned()
}

/// The path as words, one list per part, rules 3 (when `singular`) and 4 applied.
fn parts(hint: &[String], singular: bool) -> Vec<Part> {
    let mut parts: Vec<Part> = Vec::new();
    for part in hint {
        if part == "Item" && singular {
            let before: Vec<&String> = parts.iter().flat_map(|p| &p.words).collect();
            // The singular, unless it repeats the word before it
            // (`CompoundFilter` / `filters` would say `FilterFilter`).
            let one = before.last().and_then(|w| self::singular(w)).filter(|one| before.len() < 2 || before[before.len() - 2] != one);
            if let (Some(one), Some(last)) = (one, parts.last_mut()) {
                *last.words.last_mut().expect("a word was found") = one.clone();
                *last.said.last_mut().expect("the same word") = one;
                continue;
            }
        }
        let said: Vec<String> = words(&pascal(part)).into_iter().map(str::to_string).collect();
        let mut new = said.clone();
        if let Some(root) = parts.first() {
            // A label that starts as the root does (`BetaResponse...` in
            // `BetaResponsesServerEvent`) says those words once, in the root.
            // Up to the root's plural said as the label's singular: beyond
            // it, shared words are chance (`ResponsesWebSocket...` and
            // `ResponseWebSearch...` share `Web`).
            let same = root.words.iter().zip(&new).take_while(|(r, n)| r == n || self::singular(r).as_ref() == Some(n));
            let shared = same.enumerate().filter(|(_, (r, n))| r != n).map(|(i, _)| i + 1).last().unwrap_or(0);
            if shared < new.len() {
                new.drain(..shared);
            }
        }
        let before: Vec<&String> = parts.iter().flat_map(|p| &p.words).collect();
        // The words the name ends with are not said again.
        let n = overlap(&before, &new);
        if n > 0 {
            if n == new.len() {
                // The whole part repeats the end of the name: nothing new to say.
                continue;
            }
            new.drain(..n);
        } else if new.len() >= 2 {
            // A part starting with two words said earlier replaces the name from there.
            if let Some(at) = (0..before.len().saturating_sub(1)).rev().find(|&i| *before[i] == new[0] && *before[i + 1] == new[1]) {
                truncate_words(&mut parts, at);
            }
        }
        parts.push(Part { words: new, said });
    }
    parts.retain(|p| !p.words.is_empty());
    parts
}

/// Keeps the first `keep` words of the name.
fn truncate_words(parts: &mut [Part], keep: usize) {
    let mut left = keep;
    for part in parts.iter_mut() {
        let here = part.words.len().min(left);
        part.words.truncate(here);
        left -= here;
    }
}

/// The singular of an English plural word, when it plainly is one.
fn singular(word: &str) -> Option<String> {
    let lower = word.to_ascii_lowercase();
    if lower.len() < 4 || lower.ends_with("ss") || lower.ends_with("us") || lower.ends_with("is") {
        return None;
    }
    if let Some(stem) = word.strip_suffix("ies") {
        return Some(format!("{stem}y"));
    }
    if lower.ends_with("sses") || lower.ends_with("xes") || lower.ends_with("ches") || lower.ends_with("shes") {
        return Some(word[..word.len() - 2].to_string());
    }
    word.strip_suffix('s').map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hint(parts: &[&str]) -> Vec<String> {
        parts.iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn items_are_singular() {
        assert_eq!(candidates(&hint(&["CreateChatCompletionResponse", "choices", "Item"]), None, None)[0], "CreateChatCompletionResponseChoice");
        assert_eq!(candidates(&hint(&["Session", "modalities", "Item"]), None, None)[0], "SessionModality");
        assert_eq!(candidates(&hint(&["List", "data", "Item"]), None, None)[0], "ListDataItem");
        assert_eq!(candidates(&hint(&["Run", "status", "Item"]), None, None)[0], "RunStatusItem");
        assert_eq!(candidates(&hint(&["CompoundFilter", "filters", "Item"]), None, None)[0], "CompoundFilterFiltersItem");
    }

    #[test]
    fn no_word_is_said_twice() {
        assert_eq!(candidates(&hint(&["ContentPartImage", "image_url"]), None, None)[0], "ContentPartImageUrl");
        assert_eq!(candidates(&hint(&["ChatCompletionToolChoiceOption", "ToolChoiceMode"]), None, None)[0], "ChatCompletionToolChoiceMode");
        assert_eq!(candidates(&hint(&["Session", "tracing", "Tracing Configuration"]), None, None)[0], "SessionTracingConfiguration");
        assert_eq!(candidates(&hint(&["FunctionObject", "function"]), None, None)[0], "FunctionObjectFunction");
    }

    #[test]
    fn long_paths_keep_their_root_and_last_part() {
        let names = candidates(&hint(&["CreateModerationResponse", "results", "Item", "category_applied_input_types", "violence"]), None, None);
        assert_eq!(names[0], "CreateModerationResponseResultCategoryAppliedInputTypesViolence");
        assert!(names.contains(&"CreateModerationResponseViolence".to_string()), "{names:?}");
        assert_eq!(choose(&names, &HashSet::new()).as_deref(), Some("CreateModerationResponseViolence"));
    }

    #[test]
    fn a_label_drops_the_words_of_the_root_and_a_prefix_replaces_the_root() {
        let hint = hint(&["BetaResponsesWebSocketStreamEvent", "BetaResponseAudioDeltaEvent"]);
        assert_eq!(candidates(&hint, None, None)[0], "BetaResponsesWebSocketStreamEventAudioDeltaEvent");
        assert_eq!(candidates(&hint, None, Some("BetaWs"))[0], "BetaWsAudioDeltaEvent");
    }

    #[test]
    fn a_title_names_a_long_path_and_a_taken_name_falls_to_the_next() {
        let names = candidates(&hint(&["CustomToolChatCompletions", "custom", "format", "Text format"]), Some("Text format"), None);
        assert_eq!(choose(&names, &HashSet::new()).as_deref(), Some("TextFormat"));
        let taken: HashSet<String> = ["TextFormat".to_string()].into();
        assert_eq!(choose(&names, &taken).as_deref(), Some("CustomToolChatCompletionsFormatTextFormat"));
    }

    #[test]
    fn a_long_path_falls_back_to_its_last_properties() {
        let audio = hint(&["ChatCompletionRequestMessageContentPartAudio", "input_audio"]);
        assert_eq!(choose(&candidates(&audio, None, None), &HashSet::new()).as_deref(), Some("InputAudio"));
        let format = hint(&["ChatCompletionRequestMessageContentPartAudio", "input_audio", "format"]);
        assert_eq!(choose(&candidates(&format, None, None), &HashSet::new()).as_deref(), Some("InputAudioFormat"));
    }

    #[test]
    fn a_plural_item_stays_when_the_singular_is_taken() {
        let names = candidates(&hint(&["ChatCompletionMessage", "tool_calls", "Item"]), None, None);
        let taken: HashSet<String> = ["ChatCompletionMessageToolCall".to_string()].into();
        assert_eq!(choose(&names, &taken).as_deref(), Some("ChatCompletionMessageToolCallsItem"));
    }
}

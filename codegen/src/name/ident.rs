//! Turning JSON names into Rust identifiers.

use heck::ToSnakeCase;

/// Words that cannot be identifiers at all, even raw.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false", "fn", "for", "if",
    "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "static", "struct", "trait",
    "true", "type", "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "gen", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Type names that would shadow the prelude or the names generated code uses.
pub const RESERVED_TYPE_NAMES: &[&str] = &[
    "Self", "Option", "Result", "Box", "Vec", "String", "Value", "Map", "Some", "None", "Ok", "Err", "Default",
    "Serialize", "Deserialize", "Nullable", "Binary", "Extra", "Clone", "Debug", "PartialEq", "From", "Into", "Send", "Sync",
    "Sized", "Copy", "Eq", "Ord", "Hash", "Iterator", "Fn", "Drop", "ToString", "Display",
];

/// `Error-2` → `Error2`, `Beta_AgentTagParam` → `BetaAgentTagParam`,
/// `response.output_text.delta` → `ResponseOutputTextDelta`, `gpt-4.1` →
/// `Gpt4_1` (digits on both sides of a separator keep an underscore, so
/// `gpt-4.1` and `gpt-41` stay apart). Mixed-case words keep their inner case;
/// all-caps words are capitalized (`JSON` → `Json`).
pub fn pascal(raw: &str) -> String {
    let mut out = String::new();
    for word in raw.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
        if out.ends_with(|c: char| c.is_ascii_digit()) && word.starts_with(|c: char| c.is_ascii_digit()) {
            out.push('_');
        }
        let all_caps = word.len() > 1 && !word.chars().any(|c| c.is_ascii_lowercase());
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            if all_caps {
                out.extend(chars.map(|c| c.to_ascii_lowercase()));
            } else {
                out.extend(chars);
            }
        }
    }
    if out.is_empty() {
        out = "Empty".to_string();
    }
    out
}

/// A field name: snake case, keywords made raw, names that cannot be raw suffixed.
pub fn field_name(raw: &str) -> String {
    let cleaned: String = raw.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    let mut name = cleaned.to_snake_case();
    if name.is_empty() {
        name = "field".into();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("n{name}");
    }
    if NOT_RAW.contains(&name.as_str()) {
        name.push('_');
    } else if KEYWORDS.contains(&name.as_str()) {
        name = format!("r#{name}");
    }
    name
}

/// A variant or type name that must not start with a digit: `1024x1024`
/// becomes `Size1024x1024` given the context word `Size`.
pub fn variant_name(raw: &str, context: &str) -> String {
    let name = pascal(raw);
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{context}{name}")
    } else if name == "Self" {
        // `Self::Self` cannot be written: a schema named `self` makes such a
        // label. `Self_` would trip the camel-case lint once numbered (`Self_2`).
        format!("Self{context}")
    } else {
        name
    }
}

/// The last word of a PascalCase name (`ImageSize` → `Size`).
pub fn last_word(name: &str) -> &str {
    let start = name.char_indices().filter(|(_, c)| c.is_ascii_uppercase()).map(|(i, _)| i).next_back().unwrap_or(0);
    &name[start..]
}

/// Splits a PascalCase name into words.
pub fn words(name: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in name.char_indices().skip(1) {
        if c.is_ascii_uppercase() {
            out.push(&name[start..i]);
            start = i;
        }
    }
    if start < name.len() {
        out.push(&name[start..]);
    }
    out
}

/// Makes `name` unique among `taken` by appending 2, 3, ...; returns whether it had to.
pub fn unique(name: String, taken: &mut std::collections::HashSet<String>) -> (String, bool) {
    if taken.insert(name.clone()) {
        return (name, false);
    }
    let mut n = 2;
    loop {
        let candidate = format!("{name}{n}");
        if taken.insert(candidate.clone()) {
            return (candidate, true);
        }
        n += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pascal_cleans_spec_names() {
        assert_eq!(pascal("Error-2"), "Error2");
        assert_eq!(pascal("Beta_AgentTagParam"), "BetaAgentTagParam");
        assert_eq!(pascal("response.output_text.delta"), "ResponseOutputTextDelta");
        assert_eq!(pascal("ChatCompletionRequestMessage"), "ChatCompletionRequestMessage");
        assert_eq!(pascal("---"), "Empty");
    }

    #[test]
    fn field_names_are_valid_identifiers() {
        assert_eq!(field_name("type"), "r#type");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("api_key.created"), "api_key_created");
        assert_eq!(field_name("createdAt"), "created_at");
        assert_eq!(field_name("1st"), "n1st");
    }

    #[test]
    fn no_variant_is_named_self() {
        assert_eq!(variant_name("self", "Item"), "SelfItem");
        assert_eq!(variant_name("Self", "Item"), "SelfItem");
    }

    #[test]
    fn variant_names_never_start_with_a_digit() {
        assert_eq!(variant_name("1024x1024", "Size"), "Size1024x1024");
        assert_eq!(variant_name("gpt-4o", "Model"), "Gpt4o");
        assert_eq!(pascal("gpt-4.1"), "Gpt4_1");
        assert_eq!(pascal("gpt-41"), "Gpt41");
        assert_eq!(pascal("JSON"), "Json");
        assert_eq!(pascal("in_progress"), "InProgress");
        assert_eq!(last_word("ImageSize"), "Size");
        assert_eq!(words("ChatCompletionRequest"), ["Chat", "Completion", "Request"]);
    }
}

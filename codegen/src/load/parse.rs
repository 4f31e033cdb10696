//! Text → JSON tree. YAML goes through yaml-rust2 because serde_yaml rejects the
//! OpenAI spec (an integer below `i64::MIN`); such numbers are kept as `f64`.

use serde_json::{Map, Number, Value};
use yaml_rust2::{Yaml, YamlLoader};

/// A syntax error with a 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Parses a YAML or JSON document. JSON is detected by its first
/// non-blank character, so a file's extension does not matter.
pub fn parse_document(text: &str) -> Result<Value, SyntaxError> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') {
        parse_json(trimmed)
    } else {
        parse_yaml(text)
    }
}

fn parse_json(text: &str) -> Result<Value, SyntaxError> {
    serde_json::from_str(text).map_err(|e| SyntaxError {
        line: e.line(),
        column: e.column(),
        message: format!("invalid JSON: {e}"),
    })
}

fn parse_yaml(text: &str) -> Result<Value, SyntaxError> {
    let docs = YamlLoader::load_from_str(text).map_err(|e| SyntaxError {
        line: e.marker().line(),
        column: e.marker().col() + 1,
        message: format!("invalid YAML: {}", e.info()),
    })?;
    let Some(doc) = docs.into_iter().next() else {
        return Err(SyntaxError { line: 1, column: 1, message: "the document is empty".into() });
    };
    yaml_to_json(doc, 0).map_err(|e| SyntaxError { line: 0, column: 0, message: e.to_message() })
}

/// Deeper documents are refused rather than risking the stack (serde_json
/// stops JSON input at 128 levels the same way).
const MAX_DEPTH: usize = 256;

/// A conversion error and the path to it, innermost segment first: the
/// pointer is spelled only when there is an error, not for every node.
struct PathError {
    reversed: Vec<String>,
    message: String,
}

impl PathError {
    fn new(message: String) -> PathError {
        PathError { reversed: Vec::new(), message }
    }

    fn under(mut self, segment: String) -> PathError {
        self.reversed.push(segment);
        self
    }

    fn to_message(&self) -> String {
        let pointer: String = self.reversed.iter().rev().map(|s| format!("/{s}")).collect();
        format!("{pointer}: {}", self.message)
    }
}

fn yaml_to_json(yaml: Yaml, depth: usize) -> Result<Value, PathError> {
    if depth > MAX_DEPTH {
        return Err(PathError::new(format!("nesting deeper than {MAX_DEPTH} levels")));
    }
    Ok(match yaml {
        Yaml::Null => Value::Null,
        Yaml::Boolean(b) => Value::Bool(b),
        Yaml::Integer(i) => Value::Number(i.into()),
        Yaml::Real(text) => real_to_json(&text),
        Yaml::String(s) => Value::String(s),
        Yaml::Array(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, item)| yaml_to_json(item, depth + 1).map_err(|e| e.under(i.to_string())))
                .collect::<Result<_, _>>()?,
        ),
        Yaml::Hash(entries) => {
            let mut map = Map::with_capacity(entries.len());
            for (key, value) in entries {
                let key = match key {
                    Yaml::String(s) | Yaml::Real(s) => s,
                    Yaml::Integer(i) => i.to_string(),
                    Yaml::Boolean(b) => b.to_string(),
                    Yaml::Null => "null".to_string(),
                    other => return Err(PathError::new(format!("unsupported mapping key {other:?}"))),
                };
                let value = yaml_to_json(value, depth + 1).map_err(|e| e.under(crate::diagnostics::escape_token(&key)))?;
                map.insert(key, value);
            }
            Value::Object(map)
        }
        Yaml::Alias(_) => return Err(PathError::new("YAML aliases are not supported".into())),
        Yaml::BadValue => return Err(PathError::new("unreadable YAML value".into())),
    })
}

/// YAML reals, and integers past the 64-bit range, become `f64`; infinities
/// and NaN have no JSON form and stay text.
fn real_to_json(text: &str) -> Value {
    match text.parse::<f64>().ok().and_then(Number::from_f64) {
        Some(n) => Value::Number(n),
        None => Value::String(text.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_below_i64_min_is_kept_as_f64() {
        let v = parse_document("minimum: -9223372036854776000\n").unwrap();
        assert_eq!(v["minimum"].as_f64(), Some(-9.223372036854776e18));
    }

    #[test]
    fn yaml_errors_carry_line_and_column() {
        let err = parse_document("a: 1\nb: [1, 2\nc: 3\n").unwrap_err();
        assert!(err.line >= 2, "{err:?}");
        assert!(err.message.starts_with("invalid YAML"), "{err:?}");
    }

    #[test]
    fn json_is_detected_and_located() {
        assert_eq!(parse_document("{\"a\": [1]}").unwrap()["a"][0], 1);
        let err = parse_document("{\"a\": \n  [1,}").unwrap_err();
        assert_eq!(err.line, 2);
    }

    #[test]
    fn deep_yaml_is_refused_not_overflowed() {
        let deep = format!("{}1{}", "[".repeat(5000), "]".repeat(5000));
        let err = parse_document(&format!("a: {deep}\n")).unwrap_err();
        // yaml-rust2 has its own recursion limit; ours guards the conversion after it.
        assert!(err.message.contains("recursion limit") || err.message.contains("nesting deeper"), "{err:?}");
    }

    #[test]
    fn conversion_errors_name_the_json_pointer() {
        let err = parse_document("x: 1\n\"a/b\":\n  - 2\n  - {[1]: 3}\n").unwrap_err();
        assert!(err.message.starts_with("/a~1b/1: unsupported mapping key"), "{err:?}");
    }

    #[test]
    fn key_order_is_preserved() {
        let v = parse_document("z: 1\na: 2\n").unwrap();
        let keys: Vec<_> = v.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["z", "a"]);
    }
}

//! The mutations of the mutation test, shared with the compile test
//! (which compiles a fixed sample of the specs they make).

#![allow(dead_code)]

use serde_json::{json, Map, Value};

/// xorshift64*: enough randomness for mutations, no dependency.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const WEIRD_NAMES: &[&str] = &["type", "self", "Self", "Result", "Option", "Box", "", "a/b", "1st", "ünï", "Error-2", "Error2", "r#x", "~0~1"];

/// Every JSON pointer in the document.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                pointers(v, format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                pointers(v, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

pub fn mutate(doc: &mut Value, rng: &mut Rng) {
    let mut all = Vec::new();
    pointers(doc, String::new(), &mut all);
    let target = all[rng.below(all.len())].clone();
    let schema_names: Vec<String> = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    let Some(node) = doc.pointer_mut(&target) else { return };
    match rng.below(9) {
        // Drop a key.
        0 => {
            if let Value::Object(map) = node {
                let keys: Vec<String> = map.keys().cloned().collect();
                if !keys.is_empty() {
                    map.remove(&keys[rng.below(keys.len())]);
                }
            }
        }
        // Change the type of a value.
        1 => *node = [json!(null), json!(true), json!(7), json!("text"), json!([]), json!({}), json!([1, "a"])][rng.below(7)].clone(),
        // Dangle or loop a reference.
        2 => {
            let to = match rng.below(3) {
                0 => "#/components/schemas/Nowhere".to_string(),
                1 => "other.yaml#/x".to_string(),
                _ => match schema_names.get(rng.below(schema_names.len())) {
                    Some(name) => format!("#/components/schemas/{name}"),
                    None => "#".to_string(),
                },
            };
            *node = json!({"$ref": to});
        }
        // Deep nesting.
        3 => {
            let mut wrapped = node.take();
            for _ in 0..60 {
                wrapped = json!({"anyOf": [wrapped, {"type": "array", "items": {"type": "string"}}]});
            }
            *node = wrapped;
        }
        // A huge enum.
        4 => *node = json!({"type": "string", "enum": (0..5000).map(|i| format!("v{i}")).collect::<Vec<_>>()}),
        // Odd property and type names.
        5 => {
            if let Value::Object(map) = node {
                let name = WEIRD_NAMES[rng.below(WEIRD_NAMES.len())].to_string();
                map.insert(name, json!({"type": "object", "properties": {"type": {"type": "string"}}}));
            }
        }
        // Rename a schema to a weird name, keeping references to the old one dangling.
        6 => {
            if let Some(Value::Object(schemas)) = doc.pointer_mut("/components/schemas") {
                let keys: Vec<String> = schemas.keys().cloned().collect();
                if let Some(old) = keys.get(rng.below(keys.len())) {
                    if let Some(value) = schemas.remove(old) {
                        schemas.insert(WEIRD_NAMES[rng.below(WEIRD_NAMES.len())].to_string(), value);
                    }
                }
            }
        }
        // Duplicate-looking names that collide after sanitizing.
        7 => {
            if let Some(Value::Object(schemas)) = doc.pointer_mut("/components/schemas") {
                for name in ["Collide-1", "Collide_1", "collide 1", "Collide1"] {
                    schemas.insert(name.into(), json!({"type": "object", "properties": {"x": {"type": "integer"}}}));
                }
            }
        }
        // Replace a value by an empty object or map.
        _ => *node = Value::Object(Map::new()),
    }
}


/// A spec whose `Holder.link` goes through `length` aliases to a struct.
pub fn alias_chain(length: usize) -> String {
    let mut text = String::from(
        "openapi: 3.1.0\ninfo: {title: a long alias chain, version: \"1\"}\npaths: {}\ncomponents:\n  schemas:\n    Holder:\n      type: object\n      properties:\n        link: {$ref: \"#/components/schemas/Link0\"}\n",
    );
    for i in 0..length {
        text.push_str(&format!("    Link{i}: {{$ref: \"#/components/schemas/Link{}\"}}\n", i + 1));
    }
    text.push_str(&format!("    Link{length}:\n      type: object\n      properties:\n        end: {{type: integer}}\n"));
    text
}

/// The seeds of the mutations: every fixture spec, and a long alias chain,
/// sorted by name.
pub fn seeds() -> Vec<(String, Value)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/fixtures");
    let mut sources = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("fixtures directory") {
        let path = entry.expect("entry").path();
        // Subdirectories hold fixtures of other tests (`diff/`, spec pairs).
        if path.is_dir() {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("fixture");
        if let Ok(doc) = codegen::load::parse_document(&text) {
            sources.push((path.display().to_string(), doc));
        }
    }
    let chain = codegen::load::parse_document(&alias_chain(300)).expect("the chain parses");
    sources.push(("a 300-long alias chain".to_string(), chain));
    sources.sort_by(|a, b| a.0.cmp(&b.0));
    sources
}

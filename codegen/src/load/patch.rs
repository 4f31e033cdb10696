//! Spec patches: explicit, reasoned corrections applied to the parsed
//! document before normalization (see `spec/patches.yaml`).

use serde_json::Value;

use super::parse::parse_document;
use crate::diagnostics::Diagnostics;

#[derive(Clone, Debug, PartialEq)]
pub struct Patch {
    /// A JSON pointer into the document (`/components/schemas/...`).
    pub pointer: String,
    pub operation: Operation,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Operation {
    /// Drops a value from the array at the pointer.
    Remove(Value),
    /// Puts a value at the pointer (its parent must exist).
    Set(Value),
}

/// The patches this project applies to the pinned spec (the file its pin names).
pub fn project_patches() -> Vec<Patch> {
    // The file is part of the build; a malformed one fails the unit tests.
    parse_patches(crate::spec::PINNED_PATCHES).unwrap_or_default()
}

/// Reads a patch list (YAML or JSON).
pub fn parse_patches(text: &str) -> Result<Vec<Patch>, String> {
    let value = parse_document(text).map_err(|e| format!("line {}, column {}: {}", e.line, e.column, e.message))?;
    let Value::Array(items) = value else { return Err("expected a list of patches".into()) };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let field = |key: &str| item.get(key).and_then(Value::as_str).map(str::to_string);
            let pointer = field("pointer").ok_or(format!("patch {i}: missing `pointer`"))?;
            let reason = field("reason").ok_or(format!("patch {i}: missing `reason`"))?;
            let operation = match (item.get("remove"), item.get("set")) {
                (Some(v), None) => Operation::Remove(v.clone()),
                (None, Some(v)) => Operation::Set(v.clone()),
                _ => return Err(format!("patch {i}: needs exactly one of `remove` and `set`")),
            };
            Ok(Patch { pointer, operation, reason })
        })
        .collect()
}

/// Applies every patch; one that does not apply is a warning at its pointer.
pub fn apply(root: &mut Value, patches: &[Patch], diagnostics: &mut Diagnostics) {
    for patch in patches {
        if let Err(problem) = apply_one(root, patch) {
            diagnostics.warning(format!("#{}", patch.pointer), format!("spec patch does not apply: {problem}"));
        }
    }
}

fn apply_one(root: &mut Value, patch: &Patch) -> Result<(), String> {
    match &patch.operation {
        Operation::Remove(value) => {
            let Some(Value::Array(items)) = root.pointer_mut(&patch.pointer) else {
                return Err("no array at this pointer".into());
            };
            let before = items.len();
            items.retain(|item| item != value);
            if items.len() == before {
                return Err(format!("{value} is not in the array"));
            }
            Ok(())
        }
        Operation::Set(value) => {
            let (parent, key) = patch.pointer.rsplit_once('/').ok_or("the pointer has no parent")?;
            let key = key.replace("~1", "/").replace("~0", "~");
            match root.pointer_mut(parent) {
                Some(Value::Object(map)) => {
                    map.insert(key, value.clone());
                    Ok(())
                }
                _ => Err("the parent is not an object".into()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_project_patch_file_parses_and_gives_reasons() {
        let patches = parse_patches(crate::spec::PINNED_PATCHES).expect("spec/patches.yaml parses");
        assert!(!patches.is_empty());
        assert!(patches.iter().all(|p| !p.reason.trim().is_empty() && p.pointer.starts_with('/')));
    }

    #[test]
    fn remove_and_set_change_the_document_and_misses_are_reported() {
        let mut doc: Value = serde_json::json!({"a": {"required": ["x", "y"]}});
        let patches = parse_patches(
            "- {pointer: /a/required, remove: x, reason: r}\n- {pointer: /a/extra, set: 1, reason: r}\n- {pointer: /b/required, remove: x, reason: r}\n",
        )
        .unwrap();
        let mut diagnostics = Diagnostics::default();
        apply(&mut doc, &patches, &mut diagnostics);
        assert_eq!(doc, serde_json::json!({"a": {"required": ["y"], "extra": 1}}));
        let warnings: Vec<_> = diagnostics.warnings().collect();
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].pointer, "#/b/required");
    }
}

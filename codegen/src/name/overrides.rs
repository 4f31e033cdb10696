//! Naming as data: the overrides a spec's names file gives the name stage
//! (`spec/names.yaml` for the pinned spec). Five lists, each entry with the
//! `reason` it exists:
//!
//! ```yaml
//! areas:    # the first segment of an operation path -> its API area
//!   - {path: threads, area: assistants, reason: ...}
//! groups:   # a schema's x-oaiMeta.group -> its API area
//!   - {group: speech, area: audio, reason: ...}
//! types:    # a component schema, or the path of an inline one -> its Rust type name
//!   - {schema: Foo, name: Bar, reason: ...}
//!   - {schema: Foo/image_url, name: ImageUrl, reason: ...}
//! modules:  # a component schema -> its module, whatever reaches it
//!   - {schema: Foo, module: chat, reason: ...}
//! prefixes: # a component schema -> the word(s) its inline types start with
//!   - {schema: FooStreamEvent, prefix: Foo, reason: ...}
//! ```
//!
//! Any list may be left out. An entry that names nothing in the spec is a
//! warning, so a stale entry is seen.

use serde_json::Value;

use crate::load::parse_document;

/// One override: what it matches, what it gives, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Override {
    /// The path segment, group or schema name it applies to.
    pub matches: String,
    /// The area, type name or module it gives.
    pub gives: String,
    pub reason: String,
}

/// Every override of one spec; empty by default (a spec that is not the
/// pinned one gets none unless given a file).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Names {
    pub areas: Vec<Override>,
    pub groups: Vec<Override>,
    pub types: Vec<Override>,
    pub modules: Vec<Override>,
    pub prefixes: Vec<Override>,
}

impl Names {
    /// Reads a names file (YAML or JSON).
    pub fn parse(text: &str) -> Result<Names, String> {
        let value = parse_document(text).map_err(|e| format!("line {}, column {}: {}", e.line, e.column, e.message))?;
        let Value::Object(root) = value else { return Err("expected a map of override lists".into()) };
        let mut names = Names::default();
        for (key, list) in &root {
            let (target, matches, gives) = match key.as_str() {
                "areas" => (&mut names.areas, "path", "area"),
                "groups" => (&mut names.groups, "group", "area"),
                "types" => (&mut names.types, "schema", "name"),
                "modules" => (&mut names.modules, "schema", "module"),
                "prefixes" => (&mut names.prefixes, "schema", "prefix"),
                other => return Err(format!("unknown list `{other}` (expected areas, groups, types, modules, prefixes)")),
            };
            let Value::Array(items) = list else { return Err(format!("`{key}`: expected a list")) };
            for (i, item) in items.iter().enumerate() {
                let field = |name: &str| {
                    item.get(name)
                        .and_then(Value::as_str)
                        .filter(|s| !s.trim().is_empty())
                        .map(str::to_string)
                        .ok_or(format!("`{key}` entry {i}: missing `{name}`"))
                };
                target.push(Override { matches: field(matches)?, gives: field(gives)?, reason: field("reason")? });
            }
        }
        Ok(names)
    }

    /// The area an operation path's first segment is renamed to.
    pub fn area_of_path(&self, segment: &str) -> Option<&str> {
        find(&self.areas, segment)
    }

    pub fn area_of_group(&self, group: &str) -> Option<&str> {
        find(&self.groups, group)
    }

    pub fn type_name(&self, schema: &str) -> Option<&str> {
        find(&self.types, schema)
    }

    pub fn module(&self, schema: &str) -> Option<&str> {
        find(&self.modules, schema)
    }

    /// What the names of the inline types inside a component start with,
    /// instead of the component's own name.
    pub fn prefix(&self, schema: &str) -> Option<&str> {
        find(&self.prefixes, schema)
    }
}

fn find<'a>(list: &'a [Override], key: &str) -> Option<&'a str> {
    list.iter().find(|o| o.matches == key).map(|o| o.gives.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_project_names_file_parses_and_gives_reasons() {
        let names = Names::parse(crate::spec::PINNED_NAMES).expect("spec/names.yaml parses");
        assert_eq!(names.area_of_path("threads"), Some("assistants"));
        assert_eq!(names.area_of_group("speech"), Some("audio"));
        for list in [&names.areas, &names.groups, &names.types, &names.modules, &names.prefixes] {
            assert!(list.iter().all(|o| !o.reason.trim().is_empty()));
        }
    }

    #[test]
    fn malformed_files_are_refused_with_the_entry() {
        assert!(Names::parse("areas: [{path: a, area: b}]").unwrap_err().contains("entry 0: missing `reason`"));
        assert!(Names::parse("colors: []").unwrap_err().contains("unknown list `colors`"));
        assert!(Names::parse("- a").is_err());
        let names = Names::parse("types: [{schema: Foo, name: Bar, reason: r}]").unwrap();
        assert_eq!(names.type_name("Foo"), Some("Bar"));
        let names = Names::parse("prefixes: [{schema: FooStreamEvent, prefix: Foo, reason: r}]").unwrap();
        assert_eq!(names.prefix("FooStreamEvent"), Some("Foo"));
    }
}

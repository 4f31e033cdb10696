//! Client method names: each operation becomes a method of a resource,
//! `client.vector_stores().files().list("vs_123")`, read off its path.
//!
//! The rule, on the static segments of the path (parameters dropped; a
//! `?beta=true` path goes under `beta`):
//! - a path ending in a parameter names one item: `GET` retrieve, `POST`
//!   (`PUT`, `PATCH`) update, `DELETE` delete;
//! - a path ending in an action word (`cancel`, `search`, `content`, ...)
//!   is that method of the resource before it;
//! - any other path is a collection (`GET` list, `POST` create, `DELETE`
//!   delete), or, when it has no items of its own but answers `GET` and
//!   `POST`, a single settings object (`GET` retrieve, `POST` update);
//! - `spec/operations.yaml` names the operations the rule gets wrong, each
//!   with its reason. A name still taken falls back to the operation id, with
//!   a warning.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::ident::field_name;
use crate::diagnostics::Diagnostics;
use crate::model::{ClientMethod, TypeGraph};

/// Last path segments that are verbs, not collections.
const ACTIONS: &[&str] = &[
    "accept", "activate", "archive", "cancel", "compact", "complete", "content", "deactivate", "hangup", "pause",
    "refer", "reject", "remix", "resume", "run", "search", "submit_tool_outputs", "validate",
];

/// Method names overridden by operation id (`spec/operations.yaml`).
const OVERRIDES: &str = include_str!("../../../spec/operations.yaml");

/// Reads the overrides: `operationId: resource.path.method`.
fn overrides(diagnostics: &mut Diagnostics) -> BTreeMap<String, ClientMethod> {
    let mut out = BTreeMap::new();
    let value = match crate::load::parse_document(OVERRIDES) {
        Ok(value) => value,
        Err(e) => {
            diagnostics.error("spec/operations.yaml", format!("line {}, column {}: {}", e.line, e.column, e.message));
            return out;
        }
    };
    let Some(methods) = value.get("methods").and_then(Value::as_object) else { return out };
    for (id, entry) in methods {
        let Some(path) = entry.get("method").and_then(Value::as_str) else {
            diagnostics.error(format!("spec/operations.yaml#/methods/{id}"), "an override needs `method` (and `reason`)");
            continue;
        };
        let mut parts: Vec<String> = path.split('.').map(str::to_string).collect();
        let method = parts.pop().unwrap_or_default();
        out.insert(id.clone(), ClientMethod { resource: parts, method, area: String::new() });
    }
    out
}

enum Segment<'a> {
    Static(&'a str),
    Param,
}

fn segments(path: &str) -> Vec<Segment<'_>> {
    path.split('/')
        .filter(|s| !s.is_empty())
        .map(|s| if s.starts_with('{') { Segment::Param } else { Segment::Static(s) })
        .collect()
}

/// The path without its query (`/responses?beta=true` → `/responses`), and
/// the resource prefix that query stands for.
pub fn split_query(path: &str) -> (&str, Option<&str>) {
    match path.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (path, None),
    }
}

pub fn assign(graph: &mut TypeGraph, names: &super::overrides::Names, diagnostics: &mut Diagnostics) {
    let overrides = overrides(diagnostics);
    // Paths that have items: `<prefix>/{id}` exists.
    let mut collections: BTreeSet<String> = BTreeSet::new();
    let mut methods_at: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for op in graph.operations.iter().filter(|op| op.shape.is_some()) {
        let (path, _) = split_query(&op.path);
        methods_at.entry(path.to_string()).or_default().insert(op.method.clone());
        if let Some((prefix, last)) = path.rsplit_once('/') {
            if last.starts_with('{') {
                collections.insert(prefix.to_string());
            }
        }
    }
    let mut taken: BTreeSet<(Vec<String>, String)> = BTreeSet::new();
    let mut assigned = Vec::new();
    for (index, op) in graph.operations.iter().enumerate() {
        if op.shape.is_none() {
            continue;
        }
        let proposed = match overrides.get(&op.id) {
            Some(method) => method.clone(),
            None => by_path(&op.path, &op.method, &collections, &methods_at),
        };
        let proposed = ClientMethod {
            resource: proposed.resource.iter().map(|r| field_name(r)).collect(),
            method: field_name(&proposed.method),
            area: super::areas::area_of_with(&op.path, names),
        };
        let method = if taken.contains(&(proposed.resource.clone(), proposed.method.clone())) {
            let fallback = ClientMethod { method: field_name(&op.id), ..proposed.clone() };
            diagnostics.warning(
                &op.pointer,
                format!(
                    "client method `{}.{}` is taken; the operation is `{}.{}` (name it in spec/operations.yaml)",
                    proposed.resource.join("."),
                    proposed.method,
                    fallback.resource.join("."),
                    fallback.method
                ),
            );
            fallback
        } else {
            proposed
        };
        if !taken.insert((method.resource.clone(), method.method.clone())) {
            diagnostics.error(&op.pointer, format!("client method `{}.{}` is defined twice", method.resource.join("."), method.method));
        }
        assigned.push((index, method));
    }
    for (index, method) in assigned {
        graph.operations[index].client = Some(method);
    }
}

fn by_path(path: &str, method: &str, collections: &BTreeSet<String>, methods_at: &BTreeMap<String, BTreeSet<String>>) -> ClientMethod {
    let (bare, query) = split_query(path);
    let segments = segments(bare);
    let mut resource: Vec<String> = Vec::new();
    if let Some(query) = query {
        resource.push(query.split('=').next().unwrap_or(query).to_string());
    }
    resource.extend(segments.iter().filter_map(|s| match s {
        Segment::Static(name) => Some(name.to_string()),
        Segment::Param => None,
    }));
    let verb = match segments.last() {
        Some(Segment::Param) | None => match method {
            "get" => "retrieve",
            "delete" => "delete",
            _ => "update",
        },
        Some(Segment::Static(last)) if ACTIONS.contains(last) => {
            resource.pop();
            return ClientMethod { resource, method: last.to_string(), area: String::new() };
        }
        Some(Segment::Static(_)) => {
            let methods = methods_at.get(bare);
            let is_settings = !collections.contains(bare)
                && methods.is_some_and(|m| m.contains("get") && (m.contains("post") || m.contains("delete")));
            match (method, is_settings) {
                ("get", true) => "retrieve",
                ("get", false) => "list",
                ("delete", _) => "delete",
                (_, true) => "update",
                _ => "create",
            }
        }
    };
    ClientMethod { resource, method: verb.to_string(), area: String::new() }
}

//! Stage 1, load: bytes → normalized [`Document`].

mod document;
mod parse;
pub mod patch;
mod schema;

pub use document::{
    Additional, Body, Direction, Document, Kind, Meta, Object, Operation, Parameter, ParameterLocation, Property, Schema, Union,
};
pub use parse::{parse_document, SyntaxError};
pub(crate) use schema::merge_meta;

use indexmap::IndexMap;
use serde_json::Value;

use crate::diagnostics::{child, Diagnostics};
use schema::{describe, SchemaReader};

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Parses, patches and normalizes an OpenAPI 3.0 or 3.1 document. Syntax
/// errors are reported with line and column; everything else with a JSON pointer.
pub fn load(text: &str, patches: &[patch::Patch], diagnostics: &mut Diagnostics) -> Option<Document> {
    match parse_document(text) {
        Ok(mut value) => {
            patch::apply(&mut value, patches, diagnostics);
            read_document(&value, diagnostics)
        }
        Err(e) => {
            diagnostics.error(format!("line {}, column {}", e.line, e.column), e.message);
            None
        }
    }
}

/// Normalizes an already parsed document.
pub fn read_document(root: &Value, diagnostics: &mut Diagnostics) -> Option<Document> {
    let Some(root_map) = root.as_object() else {
        diagnostics.error("#", format!("expected an OpenAPI document object, found {}", describe(root)));
        return None;
    };
    let openapi = match root_map.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.0") || v.starts_with("3.1") => v.to_string(),
        Some(v) => {
            diagnostics.error("#/openapi", format!("OpenAPI version `{v}` is not supported; expected 3.0.x or 3.1.x"));
            return None;
        }
        None => {
            diagnostics.error("#/openapi", "missing `openapi` version field; expected 3.0.x or 3.1.x");
            return None;
        }
    };
    let mut schemas = IndexMap::new();
    let mut schema_groups = IndexMap::new();
    match root.pointer("/components/schemas") {
        Some(Value::Object(map)) => {
            for (name, value) in map {
                if let Some(group) = value.pointer("/x-oaiMeta/group").and_then(Value::as_str) {
                    schema_groups.insert(name.clone(), group.to_string());
                }
                let pointer = child("#/components/schemas", name);
                let mut reader = SchemaReader { diagnostics, recursion_target: Some(name.clone()) };
                schemas.insert(name.clone(), reader.read(value, &pointer));
            }
        }
        Some(other) => diagnostics.error("#/components/schemas", format!("expected an object, found {}", describe(other))),
        None => {}
    }
    let mut operations = Vec::new();
    read_operations(root, "paths", diagnostics, &mut operations);
    read_operations(root, "webhooks", diagnostics, &mut operations);
    if let Some((name, union, first)) = webhook_event(root, &schemas) {
        // Grouped with the events it holds, so it lives where they do.
        if let Some(group) = schema_groups.get(&first).cloned() {
            schema_groups.insert(name.clone(), group);
        }
        let mut reader = SchemaReader { diagnostics, recursion_target: None };
        schemas.insert(name, reader.read(&union, "#/webhooks"));
    }
    let title = root.pointer("/info/title").and_then(Value::as_str).map(str::to_string);
    let document = Document { openapi, title, schemas, schema_groups, operations };
    check_references(&document, diagnostics);
    Some(document)
}

/// The name of the union of every webhook event.
pub const WEBHOOK_EVENT: &str = "WebhookEvent";

/// A union of the events the `webhooks` section sends (each a `$ref` to a
/// component schema), so that a receiver reads whichever event arrives;
/// `None` when there are fewer than two or the name is taken. Returns the
/// name, the schema and the first event's name.
fn webhook_event(root: &Value, schemas: &IndexMap<String, Schema>) -> Option<(String, Value, String)> {
    let names: Vec<&str> = root
        .get("webhooks")?
        .as_object()?
        .values()
        .filter_map(|item| item.pointer("/post/requestBody/content/application~1json/schema/$ref"))
        .filter_map(Value::as_str)
        .filter_map(|reference| reference.strip_prefix("#/components/schemas/"))
        .filter(|name| schemas.contains_key(*name))
        .collect();
    if names.len() < 2 || schemas.contains_key(WEBHOOK_EVENT) {
        return None;
    }
    let events: Vec<Value> = names.iter().map(|name| serde_json::json!({"$ref": format!("#/components/schemas/{name}")})).collect();
    let description = "Any event the webhooks of this API send, told apart by its `type`: read a webhook's body as this when any event may arrive.";
    Some((WEBHOOK_EVENT.to_string(), serde_json::json!({"description": description, "oneOf": events}), names[0].to_string()))
}

fn read_operations(root: &Value, section: &str, diagnostics: &mut Diagnostics, out: &mut Vec<Operation>) {
    let Some(paths) = root.get(section) else { return };
    let section_pointer = format!("#/{section}");
    let Some(paths) = paths.as_object() else {
        diagnostics.error(section_pointer, format!("expected an object, found {}", describe(paths)));
        return;
    };
    for (path, item) in paths {
        let item_pointer = child(&section_pointer, path);
        let Some(item) = item.as_object() else { continue };
        for method in METHODS {
            let Some(op) = item.get(*method) else { continue };
            let pointer = child(&item_pointer, method);
            let path_label = if section == "webhooks" { format!("webhook:{path}") } else { path.clone() };
            let id = op
                .get("operationId")
                .and_then(Value::as_str)
                .map(str::to_string)
                .unwrap_or_else(|| format!("{method} {path_label}"));
            let tags = op
                .get("tags")
                .and_then(Value::as_array)
                .map(|t| t.iter().filter_map(Value::as_str).map(str::to_string).collect())
                .unwrap_or_default();
            let mut bodies = Vec::new();
            if let Some(body) = op.get("requestBody") {
                let body_pointer = child(&pointer, "requestBody");
                let body = resolve_component(root, body, &body_pointer, diagnostics);
                read_content(body, &body_pointer, Direction::Request, diagnostics, &mut bodies);
            }
            if let Some(Value::Object(responses)) = op.get("responses") {
                for (status, response) in responses {
                    let response_pointer = child(&child(&pointer, "responses"), status);
                    let response = resolve_component(root, response, &response_pointer, diagnostics);
                    read_content(response, &response_pointer, Direction::Response(status.clone()), diagnostics, &mut bodies);
                }
            }
            let examples = op.pointer("/x-oaiMeta/examples").cloned();
            let text = |key: &str| op.get(key).and_then(Value::as_str).map(str::to_string);
            let docs = Meta {
                title: text("summary"),
                description: text("description"),
                deprecated: op.get("deprecated").and_then(Value::as_bool).unwrap_or(false),
                default: None,
            };
            let mut parameters = Vec::new();
            read_parameters(root, item.get("parameters"), &child(&item_pointer, "parameters"), diagnostics, &mut parameters);
            read_parameters(root, op.get("parameters"), &child(&pointer, "parameters"), diagnostics, &mut parameters);
            out.push(Operation { id, method: method.to_string(), path: path_label, pointer, tags, docs, parameters, bodies, examples });
        }
    }
}

/// Reads a `parameters` list; an operation's parameter replaces the path
/// item's of the same name and location.
fn read_parameters(root: &Value, list: Option<&Value>, pointer: &str, diagnostics: &mut Diagnostics, out: &mut Vec<Parameter>) {
    let Some(list) = list else { return };
    let Some(list) = list.as_array() else {
        diagnostics.error(pointer, format!("expected a list of parameters, found {}", describe(list)));
        return;
    };
    for (index, parameter) in list.iter().enumerate() {
        let parameter_pointer = child(pointer, &index.to_string());
        let parameter = resolve_component(root, parameter, &parameter_pointer, diagnostics);
        let name = parameter.get("name").and_then(Value::as_str);
        let location = match parameter.get("in").and_then(Value::as_str) {
            Some("path") => Some(ParameterLocation::Path),
            Some("query") => Some(ParameterLocation::Query),
            Some("header") => Some(ParameterLocation::Header),
            Some("cookie") => {
                diagnostics.warning(&parameter_pointer, "cookie parameters are not supported; the parameter is left out");
                continue;
            }
            _ => None,
        };
        let (Some(name), Some(location)) = (name, location) else {
            diagnostics.error(&parameter_pointer, "a parameter needs a `name` and an `in` of path, query or header");
            continue;
        };
        let schema = match parameter.get("schema") {
            Some(schema) => SchemaReader { diagnostics, recursion_target: None }.read(schema, &child(&parameter_pointer, "schema")),
            None => Schema::new(child(&parameter_pointer, "schema"), Kind::String { format: None }),
        };
        let mut schema = schema;
        if schema.meta.description.is_none() {
            schema.meta.description = parameter.get("description").and_then(Value::as_str).map(str::to_string);
        }
        let required = location == ParameterLocation::Path || parameter.get("required").and_then(Value::as_bool).unwrap_or(false);
        let parameter = Parameter { name: name.to_string(), location, required, schema };
        match out.iter_mut().find(|p| p.name == parameter.name && p.location == parameter.location) {
            Some(existing) => *existing = parameter,
            None => out.push(parameter),
        }
    }
}

/// Follows a `$ref` to `#/components/responses/...` or `#/components/requestBodies/...`.
fn resolve_component<'a>(root: &'a Value, value: &'a Value, pointer: &str, diagnostics: &mut Diagnostics) -> &'a Value {
    let Some(target) = value.get("$ref").and_then(Value::as_str) else { return value };
    match target.strip_prefix('#').and_then(|p| root.pointer(p)) {
        Some(resolved) => resolved,
        None => {
            diagnostics.error(child(pointer, "$ref"), format!("reference `{target}` does not resolve"));
            value
        }
    }
}

fn read_content(value: &Value, pointer: &str, direction: Direction, diagnostics: &mut Diagnostics, out: &mut Vec<Body>) {
    let Some(Value::Object(content)) = value.get("content") else { return };
    for (content_type, media) in content {
        let media_pointer = child(&child(pointer, "content"), content_type);
        let Some(schema) = media.get("schema") else { continue };
        let mut reader = SchemaReader { diagnostics, recursion_target: None };
        let schema = reader.read(schema, &child(&media_pointer, "schema"));
        out.push(Body { direction: direction.clone(), content_type: content_type.clone(), schema });
    }
}

/// Every `$ref` must name a component schema; dangling ones are errors here so
/// that later stages can rely on them.
fn check_references(document: &Document, diagnostics: &mut Diagnostics) {
    let mut visit = |schema: &Schema| {
        if let Kind::Ref(name) = &schema.kind {
            if !document.schemas.contains_key(name) {
                diagnostics.error(&schema.pointer, format!("reference to `#/components/schemas/{name}`, which does not exist"));
            }
        }
    };
    for schema in document.schemas.values() {
        walk(schema, &mut visit);
    }
    for op in &document.operations {
        for body in &op.bodies {
            walk(&body.schema, &mut visit);
        }
        for parameter in &op.parameters {
            walk(&parameter.schema, &mut visit);
        }
    }
}

/// Calls `f` on a schema and every schema nested in it.
pub fn walk(schema: &Schema, f: &mut impl FnMut(&Schema)) {
    f(schema);
    match &schema.kind {
        Kind::Array(items) => walk(items, f),
        Kind::Object(object) => {
            for p in &object.properties {
                walk(&p.schema, f);
            }
            if let Additional::Typed(values) = &object.additional {
                walk(values, f);
            }
        }
        Kind::Union(union) => union.variants.iter().for_each(|v| walk(v, f)),
        Kind::AllOf(parts) => parts.iter().for_each(|v| walk(v, f)),
        _ => {}
    }
}

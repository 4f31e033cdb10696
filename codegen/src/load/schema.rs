//! JSON schema objects → normalized [`Schema`]s.

use serde_json::{Map, Value};

use super::document::{Additional, Kind, Meta, Object, Property, Schema, Union};
use crate::diagnostics::{child, Diagnostics};

/// Keywords that only validate or annotate; they never change the Rust type.
const IGNORED_KEYWORDS: &[&str] = &[
    "example", "examples", "format", "pattern", "minLength", "maxLength", "minItems", "maxItems",
    "uniqueItems", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
    "minProperties", "maxProperties", "readOnly", "writeOnly", "$recursiveAnchor", "$anchor",
    "$id", "$schema", "$comment", "contentMediaType", "contentEncoding", "propertyNames", "xml",
    "externalDocs",
];

/// Keywords the generator reads.
const READ_KEYWORDS: &[&str] = &[
    "type", "properties", "required", "additionalProperties", "items", "enum", "const", "oneOf",
    "anyOf", "allOf", "$ref", "$recursiveRef", "discriminator", "nullable", "title",
    "description", "deprecated", "default", "not",
];

pub(crate) struct SchemaReader<'a> {
    pub diagnostics: &'a mut Diagnostics,
    /// The component whose `$recursiveRef: "#"` resolves to itself.
    pub recursion_target: Option<String>,
}

impl SchemaReader<'_> {
    pub fn read(&mut self, value: &Value, pointer: &str) -> Schema {
        match value {
            Value::Object(map) => self.read_object(map, pointer),
            Value::Bool(true) => Schema::new(pointer, Kind::Any),
            other => {
                self.diagnostics.error(pointer, format!("expected a schema object, found {}", describe(other)));
                Schema::new(pointer, Kind::Any)
            }
        }
    }

    fn read_object(&mut self, map: &Map<String, Value>, pointer: &str) -> Schema {
        for key in map.keys() {
            let known = READ_KEYWORDS.contains(&key.as_str()) || IGNORED_KEYWORDS.contains(&key.as_str());
            if !known && !key.starts_with("x-") {
                self.diagnostics.warning(child(pointer, key), format!("unsupported keyword `{key}` ignored"));
            }
        }
        let meta = self.read_meta(map, pointer);
        let mut nullable = map.get("nullable").and_then(Value::as_bool).unwrap_or(false);
        let kind = if let Some(target) = map.get("$ref") {
            self.read_ref(target, &child(pointer, "$ref"))
        } else if let Some(target) = map.get("$recursiveRef") {
            self.read_recursive_ref(target, &child(pointer, "$recursiveRef"))
        } else {
            self.read_shape(map, pointer, &mut nullable)
        };
        let mut schema = Schema { pointer: pointer.to_string(), meta, nullable, kind };
        collapse_nullable_union(&mut schema);
        schema
    }

    fn read_meta(&mut self, map: &Map<String, Value>, pointer: &str) -> Meta {
        let text = |key: &str| map.get(key).and_then(Value::as_str).map(str::to_string);
        let deprecated = match map.get("deprecated") {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                let p = child(pointer, "deprecated");
                self.diagnostics.warning(p, format!("expected a boolean, found {}", describe(other)));
                false
            }
        };
        Meta { title: text("title"), description: text("description"), deprecated, default: map.get("default").cloned() }
    }

    fn read_ref(&mut self, target: &Value, pointer: &str) -> Kind {
        const PREFIX: &str = "#/components/schemas/";
        match target.as_str() {
            Some(r) if r.starts_with(PREFIX) => Kind::Ref(unescape(&r[PREFIX.len()..])),
            Some(r) if !r.starts_with('#') => {
                self.diagnostics.error(pointer, format!("external reference `{r}` is not supported; inline or bundle the document first"));
                Kind::Any
            }
            Some(r) => {
                self.diagnostics.error(pointer, format!("reference `{r}` does not point into #/components/schemas"));
                Kind::Any
            }
            None => {
                self.diagnostics.error(pointer, format!("expected a reference string, found {}", describe(target)));
                Kind::Any
            }
        }
    }

    fn read_recursive_ref(&mut self, target: &Value, pointer: &str) -> Kind {
        match (target.as_str(), &self.recursion_target) {
            (Some("#"), Some(component)) => Kind::Ref(component.clone()),
            _ => {
                self.diagnostics.error(pointer, "only `$recursiveRef: \"#\"` inside a component schema is supported");
                Kind::Any
            }
        }
    }

    fn read_shape(&mut self, map: &Map<String, Value>, pointer: &str, nullable: &mut bool) -> Kind {
        if let Some(value) = map.get("const") {
            return Kind::Const(value.clone());
        }
        if let Some(values) = map.get("enum") {
            return self.read_enum(values, &child(pointer, "enum"), nullable);
        }
        for (key, exclusive) in [("oneOf", true), ("anyOf", false)] {
            if let Some(variants) = map.get(key) {
                let has_properties = map.contains_key("properties");
                if has_properties && is_constraint_only(variants) {
                    // `anyOf: [{required: [a]}, {required: [b]}]` next to properties only validates.
                    continue;
                }
                let union = self.read_union(map, variants, &child(pointer, key), exclusive);
                if has_properties {
                    let object = self.read_object_shape(map, pointer);
                    let union_schema = Schema::new(child(pointer, key), union);
                    return Kind::AllOf(vec![Schema::new(pointer, object), union_schema]);
                }
                return union;
            }
        }
        if let Some(parts) = map.get("allOf") {
            let p = child(pointer, "allOf");
            let Some(parts) = parts.as_array() else {
                self.diagnostics.error(&p, format!("expected an array, found {}", describe(parts)));
                return Kind::Any;
            };
            let mut schemas: Vec<Schema> =
                parts.iter().enumerate().map(|(i, s)| self.read(s, &child(&p, &i.to_string()))).collect();
            if map.contains_key("properties") || map.contains_key("additionalProperties") {
                schemas.push(Schema::new(pointer, self.read_object_shape(map, pointer)));
            }
            return Kind::AllOf(schemas);
        }
        if map.contains_key("not") {
            self.diagnostics.warning(child(pointer, "not"), "`not` cannot be expressed in Rust types; the constraint is not enforced");
        }
        let types = self.read_types(map.get("type"), &child(pointer, "type"), nullable);
        match types.as_slice() {
            [] if map.contains_key("properties") || map.contains_key("additionalProperties") => {
                self.read_object_shape(map, pointer)
            }
            [] if map.contains_key("items") => self.read_array(map, pointer),
            [] => Kind::Any,
            [single] => self.read_typed(single, map, pointer),
            many => {
                let variants = many.iter().map(|t| Schema::new(pointer, self.read_typed(t, map, pointer))).collect();
                Kind::Union(Union { exclusive: true, variants, discriminator: None })
            }
        }
    }

    /// Reads `type` (a string or a list); `"null"` entries set `nullable`.
    fn read_types(&mut self, value: Option<&Value>, pointer: &str, nullable: &mut bool) -> Vec<String> {
        let names: Vec<&Value> = match value {
            None => return Vec::new(),
            Some(Value::Array(items)) => items.iter().collect(),
            Some(single) => vec![single],
        };
        let mut types = Vec::new();
        for name in names {
            match name.as_str() {
                Some("null") => *nullable = true,
                Some(t @ ("string" | "integer" | "number" | "boolean" | "object" | "array")) => types.push(t.to_string()),
                _ => self.diagnostics.error(pointer, format!("unknown type {}", describe(name))),
            }
        }
        if types.is_empty() && *nullable {
            types.push("null".to_string());
        }
        types
    }

    fn read_typed(&mut self, ty: &str, map: &Map<String, Value>, pointer: &str) -> Kind {
        let format = map.get("format").and_then(Value::as_str).map(str::to_string);
        match ty {
            "null" => Kind::Null,
            "boolean" => Kind::Boolean,
            "integer" => Kind::Integer { format, minimum: map.get("minimum").and_then(Value::as_f64) },
            "number" => Kind::Number { format },
            "string" => Kind::String { format },
            "array" => self.read_array(map, pointer),
            _ => self.read_object_shape(map, pointer),
        }
    }

    fn read_array(&mut self, map: &Map<String, Value>, pointer: &str) -> Kind {
        match map.get("items") {
            Some(items) => Kind::Array(Box::new(self.read(items, &child(pointer, "items")))),
            None => Kind::Array(Box::new(Schema::new(child(pointer, "items"), Kind::Any))),
        }
    }

    fn read_object_shape(&mut self, map: &Map<String, Value>, pointer: &str) -> Kind {
        let required: Vec<&str> = match map.get("required") {
            Some(Value::Array(names)) => names.iter().filter_map(Value::as_str).collect(),
            Some(other) => {
                self.diagnostics.error(child(pointer, "required"), format!("expected an array of names, found {}", describe(other)));
                Vec::new()
            }
            None => Vec::new(),
        };
        let mut properties = Vec::new();
        let props_pointer = child(pointer, "properties");
        match map.get("properties") {
            Some(Value::Object(props)) => {
                for (name, value) in props {
                    let schema = self.read(value, &child(&props_pointer, name));
                    properties.push(Property { name: name.clone(), required: required.contains(&name.as_str()), schema });
                }
            }
            Some(other) => self.diagnostics.error(&props_pointer, format!("expected an object, found {}", describe(other))),
            None => {}
        }
        let required_elsewhere =
            required.iter().filter(|n| !properties.iter().any(|p: &Property| p.name == **n)).map(|n| n.to_string()).collect();
        let additional_pointer = child(pointer, "additionalProperties");
        let additional = match map.get("additionalProperties") {
            None => Additional::Unspecified,
            Some(Value::Bool(false)) => Additional::Forbidden,
            Some(Value::Bool(true)) => Additional::Any,
            Some(Value::Object(m)) if m.is_empty() => Additional::Any,
            Some(value) => Additional::Typed(Box::new(self.read(value, &additional_pointer))),
        };
        Kind::Object(Object { properties, additional, required_elsewhere })
    }

    fn read_enum(&mut self, values: &Value, pointer: &str, nullable: &mut bool) -> Kind {
        let Some(values) = values.as_array() else {
            self.diagnostics.error(pointer, format!("expected an array, found {}", describe(values)));
            return Kind::Any;
        };
        let mut kept: Vec<Value> = Vec::new();
        for value in values {
            if value.is_null() {
                *nullable = true;
            } else if !kept.contains(value) {
                kept.push(value.clone());
            }
        }
        match kept.len() {
            0 if *nullable => Kind::Null,
            0 => {
                self.diagnostics.error(pointer, "an empty enum admits no value");
                Kind::Any
            }
            1 => Kind::Const(kept.remove(0)),
            _ if kept.iter().all(Value::is_string) => {
                Kind::StringEnum(kept.into_iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
            }
            _ => Kind::ValueEnum(kept),
        }
    }

    fn read_union(&mut self, map: &Map<String, Value>, variants: &Value, pointer: &str, exclusive: bool) -> Kind {
        let Some(items) = variants.as_array() else {
            self.diagnostics.error(pointer, format!("expected an array, found {}", describe(variants)));
            return Kind::Any;
        };
        let variants = items.iter().enumerate().map(|(i, v)| self.read(v, &child(pointer, &i.to_string()))).collect();
        let discriminator = match map.get("discriminator") {
            None => None,
            Some(d) => match d.get("propertyName").and_then(Value::as_str) {
                Some(name) => Some(name.to_string()),
                None => {
                    let p = child(pointer, "discriminator");
                    self.diagnostics.error(p, "a discriminator needs a string `propertyName`");
                    None
                }
            },
        };
        Kind::Union(Union { exclusive, variants, discriminator })
    }
}

/// `anyOf: [X, {type: null}]` → nullable X. The outer documentation wins.
fn collapse_nullable_union(schema: &mut Schema) {
    let Kind::Union(union) = &mut schema.kind else { return };
    let before = union.variants.len();
    union.variants.retain(|v| !(v.kind == Kind::Null));
    if union.variants.len() < before {
        schema.nullable = true;
    }
    if union.variants.iter().any(|v| v.nullable) {
        schema.nullable = true;
        for v in &mut union.variants {
            v.nullable = false;
        }
    }
    if union.variants.len() == 1 {
        if let Some(mut inner) = union.variants.pop() {
            inner.nullable |= schema.nullable;
            let outer = std::mem::take(&mut schema.meta);
            inner.meta = merge_meta(outer, inner.meta);
            inner.pointer = std::mem::take(&mut schema.pointer);
            *schema = inner;
        }
    } else if union.variants.is_empty() {
        schema.kind = Kind::Null;
    }
}

/// The outer schema's documentation, completed by the inner one's.
pub(crate) fn merge_meta(outer: Meta, inner: Meta) -> Meta {
    Meta {
        title: outer.title.or(inner.title),
        description: outer.description.or(inner.description),
        deprecated: outer.deprecated || inner.deprecated,
        default: outer.default.or(inner.default),
    }
}

/// True for union variants that only state which properties are required.
fn is_constraint_only(variants: &Value) -> bool {
    variants.as_array().is_some_and(|items| {
        items.iter().all(|v| {
            v.as_object()
                .is_some_and(|m| m.keys().all(|k| matches!(k.as_str(), "required" | "not" | "description" | "title")))
        })
    })
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

pub(crate) fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("boolean `{b}`"),
        Value::Number(n) => format!("number `{n}`"),
        Value::String(s) => format!("string `{s}`"),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

//! The API surface: what users of the generated crate can name, match and
//! build, taken from the named type graph. It is what [`super::diff`]
//! compares, and it is small enough to commit (`generated/api-surface.json`),
//! so that `regen` can say what changed without the previous spec.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::load::Meta;
use crate::model::{TypeDef, TypeGraph, TypeKind, TypeRef};
use crate::name::features::{self, feature_name, is_ungated_module};
use crate::name::CONSTANTS;
use crate::spec::sha256_hex;

/// The file name of the committed surface, in the generated crate's root.
pub const SURFACE_FILE: &str = "api-surface.json";

/// Marks a JSON file as a surface (and its format), so a spec is never taken for one.
const FORMAT: &str = "openai-types api surface 1";

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Surface {
    pub format: String,
    /// Each Cargo feature with the features it enables (`full` left out).
    pub features: BTreeMap<String, Vec<String>>,
    /// By key: the component schema name, or for an inline type its Rust
    /// path (`Name`, or `constants::Name` for constants).
    pub types: BTreeMap<String, TypeSurface>,
    /// By operation id.
    pub operations: BTreeMap<String, OperationSurface>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TypeSurface {
    /// The Rust name (left out of the file when it is the key).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    pub module: String,
    /// Whether the key is a component schema name.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub component: bool,
    /// For a type of `shared` or `constants`: the features that compile it
    /// (others are compiled by their module's feature).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gate: Vec<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deprecated: bool,
    /// A short hash of the type's doc comment (empty when it has none):
    /// docs are not part of the surface, only whether they changed.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub docs: String,
    pub shape: Shape,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Shape {
    Struct {
        fields: Vec<FieldSurface>,
        /// Implements `Default` (derived when every field is optional or a
        /// constant, else every field at its placeholder).
        default: bool,
    },
    /// An open string enum: wire value and Rust variant name.
    Enum { values: Vec<(String, String)> },
    Tagged { property: String, variants: Vec<VariantSurface> },
    Untagged { variants: Vec<VariantSurface> },
    Constant { value: String },
    Alias { ty: String },
}

/// Written as `[json, ty, flags, docs, rust]` (flags: `r` required, `n`
/// nullable, `d` deprecated; `rust` left out when it is `json`, then `docs`
/// when empty): fields are most of the file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "Vec<String>", try_from = "Vec<String>")]
pub struct FieldSurface {
    pub json: String,
    pub rust: String,
    /// The Rust type of the value, without the `Option`/`Nullable` that
    /// `required` and `nullable` decide ([`FieldSurface::declared`] has both).
    pub ty: String,
    pub required: bool,
    pub nullable: bool,
    pub deprecated: bool,
    /// A short hash of the field's doc comment (empty when it has none).
    pub docs: String,
}

/// Written as `[name, ty, docs, tags...]`, trailing empties left out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "Vec<String>", try_from = "Vec<String>")]
pub struct VariantSurface {
    pub name: String,
    /// Tag values selecting the variant (tagged unions only).
    pub tags: Vec<String>,
    pub ty: String,
    /// A short hash of the variant's doc comment (empty when it has none).
    pub docs: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperationSurface {
    pub method: String,
    pub path: String,
    /// `request <content type>` or `response <status> <content type>` → Rust type.
    pub bodies: BTreeMap<String, String>,
    /// `<path|query|header> <name>` → Rust type, ` (required)` appended
    /// when it is (a required parameter is an argument of the method).
    #[serde(default)]
    pub parameters: BTreeMap<String, String>,
    /// The client method (`client.files().list`), when there is one.
    #[serde(default)]
    pub client: Option<String>,
}

/// The Rust type a reference spells, as users write it: named types by
/// their name (constants as `constants::Name`, their own namespace).
pub fn rust_type(graph: &TypeGraph, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(id) => type_path(graph.get(*id)),
        TypeRef::Bool => "bool".into(),
        TypeRef::Integer => "i64".into(),
        TypeRef::Float => "f64".into(),
        TypeRef::String => "String".into(),
        TypeRef::Bytes => "Binary".into(),
        TypeRef::Any => "serde_json::Value".into(),
        TypeRef::List(inner) => format!("Vec<{}>", rust_type(graph, inner)),
        TypeRef::Map(inner) if **inner == TypeRef::Any => "serde_json::Map<String, serde_json::Value>".into(),
        TypeRef::Map(inner) => format!("BTreeMap<String, {}>", rust_type(graph, inner)),
        TypeRef::Boxed(inner) => format!("Box<{}>", rust_type(graph, inner)),
        TypeRef::Nullable(inner) => format!("Option<{}>", rust_type(graph, inner)),
    }
}

fn type_path(def: &TypeDef) -> String {
    if def.module == CONSTANTS {
        format!("{CONSTANTS}::{}", def.name)
    } else {
        def.name.clone()
    }
}

impl From<FieldSurface> for Vec<String> {
    fn from(f: FieldSurface) -> Vec<String> {
        let flags: String = [(f.required, 'r'), (f.nullable, 'n'), (f.deprecated, 'd')].iter().filter(|(on, _)| *on).map(|(_, c)| *c).collect();
        let mut row = vec![f.json.clone(), f.ty, flags, f.docs];
        if f.rust != f.json {
            row.push(f.rust);
        }
        trim_trailing_empty(row)
    }
}

impl TryFrom<Vec<String>> for FieldSurface {
    type Error = String;
    fn try_from(row: Vec<String>) -> Result<FieldSurface, String> {
        let [json, ty, rest @ ..] = &row[..] else { return Err(format!("a field needs a name and a type: {row:?}")) };
        let get = |i: usize| rest.get(i).cloned().unwrap_or_default();
        let flags = get(0);
        if let Some(unknown) = flags.chars().find(|c| !"rnd".contains(*c)) {
            return Err(format!("unknown field flag `{unknown}` in {row:?}"));
        }
        let rust = rest.get(2).cloned().unwrap_or_else(|| json.clone());
        Ok(FieldSurface {
            json: json.clone(),
            rust,
            ty: ty.clone(),
            required: flags.contains('r'),
            nullable: flags.contains('n'),
            deprecated: flags.contains('d'),
            docs: get(1),
        })
    }
}

impl From<VariantSurface> for Vec<String> {
    fn from(v: VariantSurface) -> Vec<String> {
        // Tags may be any string, the empty one too: nothing after the docs is trimmed.
        if v.tags.is_empty() {
            return trim_trailing_empty(vec![v.name, v.ty, v.docs]);
        }
        let mut row = vec![v.name, v.ty, v.docs];
        row.extend(v.tags);
        row
    }
}

impl TryFrom<Vec<String>> for VariantSurface {
    type Error = String;
    fn try_from(row: Vec<String>) -> Result<VariantSurface, String> {
        let [name, ty, rest @ ..] = &row[..] else { return Err(format!("a variant needs a name and a type: {row:?}")) };
        let docs = rest.first().cloned().unwrap_or_default();
        Ok(VariantSurface { name: name.clone(), ty: ty.clone(), docs, tags: rest.iter().skip(1).cloned().collect() })
    }
}

fn trim_trailing_empty(mut row: Vec<String>) -> Vec<String> {
    while row.len() > 2 && row.last().is_some_and(String::is_empty) {
        row.pop();
    }
    row
}

impl FieldSurface {
    /// The field's declared type: `T`, `Option<T>` or `Nullable<T>`.
    pub fn declared(&self) -> String {
        declared(&self.ty, self.required, self.nullable)
    }
}

/// The declared type of a field of value type `ty`, as the struct emitter spells it.
pub fn declared(ty: &str, required: bool, nullable: bool) -> String {
    match (required, nullable) {
        (true, false) => ty.to_string(),
        (true, true) | (false, false) => format!("Option<{ty}>"),
        (false, true) => format!("Nullable<{ty}>"),
    }
}

impl Surface {
    /// The surface of a named graph.
    pub fn of(graph: &TypeGraph) -> Surface {
        let computed = features::compute(graph);
        let features = computed.features.iter().map(|f| (f.name.clone(), f.enables.clone())).collect();
        let mut types = BTreeMap::new();
        for id in graph.ids() {
            let def = graph.get(id);
            let key = def.component.clone().unwrap_or_else(|| type_path(def));
            let gate = if is_ungated_module(&def.module) { computed.item_gates[id.0].clone() } else { Vec::new() };
            let surface = TypeSurface {
                name: def.name.clone(),
                module: def.module.clone(),
                component: def.component.is_some(),
                gate,
                deprecated: def.docs.deprecated,
                docs: docs_hash(&def.docs),
                shape: shape(graph, def),
            };
            // Keys are unique (schema names are, Rust paths are); should an
            // inline path equal a schema name, the first keeps it.
            let key = if types.contains_key(&key) { format!("{key} (inline)") } else { key };
            types.insert(key, surface);
        }
        let mut operations = BTreeMap::new();
        for op in &graph.operations {
            let bodies = op
                .bodies
                .iter()
                .map(|b| {
                    let place = match &b.direction {
                        crate::load::Direction::Request => "request".to_string(),
                        crate::load::Direction::Response(status) => format!("response {status}"),
                    };
                    (format!("{place} {}", b.content_type), rust_type(graph, &b.ty))
                })
                .collect();
            let parameters = op
                .params
                .iter()
                .map(|p| {
                    let place = match p.location {
                        crate::load::ParameterLocation::Path => "path",
                        crate::load::ParameterLocation::Query => "query",
                        crate::load::ParameterLocation::Header => "header",
                    };
                    let required = if p.required { " (required)" } else { "" };
                    (format!("{place} {}", p.name), format!("{}{required}", rust_type(graph, &p.ty)))
                })
                .collect();
            let client = op.client.as_ref().map(|c| {
                let accessors: String = c.resource.iter().map(|r| format!("{}().", r.trim_start_matches("r#"))).collect();
                format!("client.{accessors}{}", c.method.trim_start_matches("r#"))
            });
            let surface = OperationSurface { method: op.method.clone(), path: op.path.clone(), bodies, parameters, client };
            operations.insert(op.id.clone(), surface);
        }
        Surface { format: FORMAT.into(), features, types, operations }
    }

    /// The features that compile a type alone (with the features they enable).
    pub fn compiled_by(&self, ty: &TypeSurface) -> BTreeSet<&str> {
        let gates: BTreeSet<String> =
            if is_ungated_module(&ty.module) { ty.gate.iter().cloned().collect() } else { [feature_name(&ty.module)].into() };
        self.features
            .iter()
            .filter(|(name, enables)| gates.contains(*name) || enables.iter().any(|e| gates.contains(e)))
            .map(|(name, _)| name.as_str())
            .collect()
    }

    /// The committed form: JSON with one type or operation per line, so
    /// that its git diff reads as a list of API changes.
    pub fn to_file(&self) -> String {
        let mut out = String::from("{\n");
        out.push_str(&format!("\"format\": {},\n", json(&self.format)));
        out.push_str(&format!("\"features\": {},\n", json(&self.features)));
        let section = |entries: Vec<(String, String)>| -> String {
            let rows: Vec<String> = entries.into_iter().map(|(k, v)| format!("  {}: {v}", json(&k))).collect();
            if rows.is_empty() {
                "{}".into()
            } else {
                format!("{{\n{}\n}}", rows.join(",\n"))
            }
        };
        let types = self.types.iter().map(|(key, t)| {
            let mut t = t.clone();
            if t.name == *key {
                t.name.clear();
            }
            (key.clone(), json(&t))
        });
        out.push_str(&format!("\"types\": {},\n", section(types.collect())));
        out.push_str(&format!(
            "\"operations\": {}\n",
            section(self.operations.iter().map(|(k, v)| (k.clone(), json(v))).collect())
        ));
        out.push_str("}\n");
        out
    }

    /// Reads a committed surface; an error when the text is not one.
    pub fn from_file(text: &str) -> Result<Surface, String> {
        let mut surface: Surface = serde_json::from_str(text).map_err(|e| format!("not an API surface file: {e}"))?;
        if surface.format != FORMAT {
            return Err(format!("API surface format `{}`, expected `{FORMAT}`", surface.format));
        }
        for (key, t) in &mut surface.types {
            if t.name.is_empty() {
                t.name = key.clone();
            }
        }
        Ok(surface)
    }

    /// Whether a file's text looks like a surface rather than a spec.
    pub fn is_surface_text(text: &str) -> bool {
        text.trim_start().starts_with('{') && text.contains(FORMAT)
    }
}

/// One value as compact JSON. Plain data (strings, maps, vectors) always serializes.
fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

fn shape(graph: &TypeGraph, def: &TypeDef) -> Shape {
    match &def.kind {
        TypeKind::Struct(s) => Shape::Struct {
            fields: s
                .fields
                .iter()
                .map(|f| FieldSurface {
                    json: f.json_name.clone(),
                    rust: f.rust_name.clone(),
                    ty: rust_type(graph, &f.ty),
                    required: f.required,
                    nullable: f.nullable,
                    deprecated: f.docs.deprecated,
                    docs: docs_hash(&f.docs),
                })
                .collect(),
            // Derived, or the placeholder (every struct whose placeholder is finite).
            default: s.derives_default || def.placeholder.is_some(),
        },
        TypeKind::Enum(e) => Shape::Enum { values: e.values.iter().map(|v| (v.value.clone(), v.rust_name.clone())).collect() },
        TypeKind::Tagged(t) => Shape::Tagged {
            property: t.property.clone(),
            variants: t
                .variants
                .iter()
                .map(|v| VariantSurface { name: v.name.clone(), tags: v.tags.clone(), ty: rust_type(graph, &v.ty), docs: docs_hash(&v.docs) })
                .collect(),
        },
        TypeKind::Untagged(u) => Shape::Untagged {
            variants: u
                .variants
                .iter()
                .map(|v| VariantSurface { name: v.name.clone(), tags: Vec::new(), ty: rust_type(graph, &v.ty), docs: docs_hash(&v.docs) })
                .collect(),
        },
        TypeKind::Constant(value) => Shape::Constant { value: value.clone() },
        TypeKind::Alias(ty) => Shape::Alias { ty: rust_type(graph, ty) },
        // Never survives the model stage; an empty struct is the nearest shape.
        TypeKind::Pending => Shape::Struct { fields: Vec::new(), default: true },
    }
}

/// 12 hex digits of the sha256 of a doc comment's texts; empty when there are none.
fn docs_hash(meta: &Meta) -> String {
    let default = meta.default.as_ref().map(|d| d.to_string());
    let parts = [meta.title.as_deref(), meta.description.as_deref(), default.as_deref()];
    if parts.iter().all(Option::is_none) {
        return String::new();
    }
    let text: Vec<&str> = parts.iter().map(|p| p.unwrap_or("")).collect();
    sha256_hex(text.join("\u{1f}").as_bytes())[..12].to_string()
}

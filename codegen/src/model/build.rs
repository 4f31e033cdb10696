//! Builds the type graph: one pass over component schemas (reserved first),
//! then operation bodies, then union classification.

use std::collections::HashMap;

use serde_json::Value;

use super::{
    allof, unions, usage, BodyType, Enum, EnumValue, Fallback, Field, OperationTypes, ParamType, Struct, TypeDef, TypeGraph, TypeId,
    TypeKind, TypeRef, UntaggedVariant,
};
use crate::diagnostics::Diagnostics;
use crate::load::{Additional, Direction, Document, Kind, Meta, Object, Schema};

/// Maps every component schema and every operation body of `doc` to types.
pub fn build(doc: &Document, diagnostics: &mut Diagnostics) -> TypeGraph {
    let mut builder = Builder {
        doc,
        diagnostics,
        graph: TypeGraph::default(),
        by_pointer: HashMap::new(),
        constants: HashMap::new(),
        building: Vec::new(),
        discriminators: HashMap::new(),
    };
    for (name, schema) in &doc.schemas {
        let id = builder.reserve(&schema.pointer, vec![name.clone()], schema.meta.clone());
        builder.graph.types[id.0].component = Some(name.clone());
        builder.graph.types[id.0].group = doc.schema_groups.get(name).cloned();
        builder.graph.components.insert(name.clone(), id);
    }
    for name in doc.schemas.keys() {
        builder.ensure_component(name);
    }
    for op in &doc.operations {
        builder.operation(op);
    }
    let Builder { mut graph, discriminators, diagnostics, .. } = builder;
    unions::classify(&mut graph, &discriminators, diagnostics);
    recursive_aliases(&mut graph);
    super::dedupe::merge_identical(&mut graph);
    usage::apply(&mut graph);
    for index in 0..graph.operations.len() {
        let op = &graph.operations[index];
        if !op.path.starts_with("webhook:") {
            graph.operations[index].shape = Some(super::operations::shape(&graph, op));
        }
    }
    check_alias_cycles(&graph, diagnostics);
    graph
}

/// `A: {type: array, items: {$ref: A}}` cannot be `type A = Vec<A>` (rustc
/// E0391: an alias may not expand to itself). An alias that expands to
/// itself through lists or maps, directly or through other aliases, becomes
/// a union of one variant: a type of its own that reads and writes as its
/// content (`Tree::Array(Vec<Tree>)`).
fn recursive_aliases(graph: &mut TypeGraph) {
    let edges: Vec<Vec<TypeId>> = graph
        .ids()
        .map(|id| {
            let mut aliases = Vec::new();
            if let TypeKind::Alias(target) = &graph.get(id).kind {
                target.visit_named(&mut |t| {
                    if matches!(graph.get(t).kind, TypeKind::Alias(_)) {
                        aliases.push(t);
                    }
                });
            }
            aliases
        })
        .collect();
    let component = super::strongly_connected(&edges);
    let mut sizes: HashMap<usize, usize> = HashMap::new();
    for c in &component {
        *sizes.entry(*c).or_default() += 1;
    }
    for id in graph.ids() {
        let cyclic = sizes[&component[id.0]] > 1 || edges[id.0].contains(&id);
        let def = &mut graph.types[id.0];
        let TypeKind::Alias(target) = &def.kind else { continue };
        // A cycle of plain references names no type: an error, reported below.
        if !cyclic || matches!(target, TypeRef::Named(_)) {
            continue;
        }
        let hint = match target {
            TypeRef::List(_) => "Array",
            TypeRef::Map(_) => "Map",
            _ => "Value",
        };
        let variant = UntaggedVariant { hint: hint.to_string(), name: String::new(), ty: target.clone(), docs: Meta::default() };
        def.kind = TypeKind::Untagged(super::Untagged { variants: vec![variant] });
    }
}

/// `A: {$ref: B}`, `B: {$ref: A}` names no type at all: each member of such
/// a cycle is an error at its own pointer. Linear: every type is entered
/// once, the chains are followed in a loop.
fn check_alias_cycles(graph: &TypeGraph, diagnostics: &mut Diagnostics) {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        New,
        /// On the chain being followed, at this position.
        OnChain(usize),
        Done,
    }
    let mut state = vec![State::New; graph.types.len()];
    for start in graph.ids() {
        let mut chain: Vec<TypeId> = Vec::new();
        let mut current = start;
        loop {
            match state[current.0] {
                State::Done => break,
                State::OnChain(position) => {
                    let cycle = &chain[position..];
                    // A long cycle is named by its first members, so that the
                    // messages stay linear in its length.
                    const SHOWN: usize = 8;
                    for (offset, member) in cycle.iter().enumerate() {
                        let names: Vec<&str> = cycle[offset..]
                            .iter()
                            .chain(&cycle[..offset])
                            .take(SHOWN)
                            .map(|id| graph.get(*id).hint[0].as_str())
                            .collect();
                        let rest = if cycle.len() > SHOWN { format!(" -> ... ({} aliases in all)", cycle.len()) } else { String::new() };
                        diagnostics.error(
                            &graph.get(*member).pointer,
                            format!("reference cycle with no type in between: {}{rest} -> {}", names.join(" -> "), names[0]),
                        );
                    }
                    break;
                }
                State::New => {}
            }
            let TypeKind::Alias(TypeRef::Named(next)) = &graph.get(current).kind else { break };
            state[current.0] = State::OnChain(chain.len());
            chain.push(current);
            current = *next;
        }
        for id in chain {
            state[id.0] = State::Done;
        }
    }
}

struct Builder<'a> {
    doc: &'a Document,
    diagnostics: &'a mut Diagnostics,
    graph: TypeGraph,
    /// Inline schemas already turned into types: one schema, one type.
    by_pointer: HashMap<String, TypeId>,
    /// Inline string constants, one type per value.
    constants: HashMap<String, TypeId>,
    /// Components being built, to build allOf sources first.
    building: Vec<String>,
    /// Declared discriminator property of each union type.
    discriminators: HashMap<TypeId, String>,
}

impl Builder<'_> {
    fn reserve(&mut self, pointer: &str, hint: Vec<String>, docs: Meta) -> TypeId {
        let id = TypeId(self.graph.types.len());
        self.graph.types.push(TypeDef {
            pointer: pointer.to_string(),
            hint,
            name: String::new(),
            module: String::new(),
            docs,
            kind: TypeKind::Pending,
            component: None,
            group: None,
            placeholder: None,
        });
        id
    }

    fn ensure_component(&mut self, name: &str) {
        let Some(&id) = self.graph.components.get(name) else { return };
        if self.graph.types[id.0].kind != TypeKind::Pending || self.building.iter().any(|n| n == name) {
            return;
        }
        let Some(schema) = self.doc.schemas.get(name) else { return };
        if self.building.len() >= allof::MAX_NESTING {
            // Each level is a call: a fixed limit keeps a hostile chain off the stack.
            self.diagnostics.error(
                &schema.pointer,
                format!("allOf copies from components nested deeper than {} levels", allof::MAX_NESTING),
            );
            return;
        }
        self.building.push(name.to_string());
        let hint = vec![name.to_string()];
        let kind = self.define(id, schema, &hint);
        self.graph.types[id.0].kind = kind;
        self.building.pop();
    }

    /// The kind of a type that owns a name (component, inline or body type).
    fn define(&mut self, id: TypeId, schema: &Schema, hint: &[String]) -> TypeKind {
        match &schema.kind {
            Kind::Object(object) if !object.properties.is_empty() => TypeKind::Struct(self.object(object, &schema.pointer, hint)),
            Kind::StringEnum(values) => TypeKind::Enum(Enum {
                values: values.iter().map(|v| EnumValue { value: v.clone(), rust_name: String::new() }).collect(),
            }),
            Kind::Const(Value::String(value)) => TypeKind::Constant(value.clone()),
            Kind::Union(union) => {
                if let Some(property) = &union.discriminator {
                    self.discriminators.insert(id, property.clone());
                }
                let variants = union
                    .variants
                    .iter()
                    .map(|variant| {
                        let label = variant_label(variant);
                        let variant_hint = child_hint(hint, label.clone());
                        let ty = self.type_ref(variant, &variant_hint);
                        UntaggedVariant { hint: label, name: String::new(), ty, docs: variant.meta.clone() }
                    })
                    .collect();
                TypeKind::Untagged(super::Untagged { variants })
            }
            Kind::AllOf(parts) => {
                let merged = self.merge_all_of(schema, parts);
                self.define(id, &merged, hint)
            }
            _ => TypeKind::Alias(self.type_ref(schema, hint)),
        }
    }

    fn object(&mut self, object: &Object, pointer: &str, hint: &[String]) -> Struct {
        for name in &object.required_elsewhere {
            self.diagnostics.warning(
                crate::diagnostics::child(pointer, "required"),
                format!("`{name}` is required but is not a declared property; the requirement is ignored"),
            );
        }
        let fields = object
            .properties
            .iter()
            .map(|property| {
                let field_hint = child_hint(hint, property.name.clone());
                Field {
                    json_name: property.name.clone(),
                    rust_name: String::new(),
                    ty: self.type_ref(&property.schema, &field_hint),
                    required: property.required,
                    nullable: self.is_nullable(&property.schema),
                    default_when_absent: false,
                    docs: property.schema.meta.clone(),
                }
            })
            .collect();
        let extra = match &object.additional {
            Additional::Typed(values) => {
                let value_hint = child_hint(hint, "Value");
                self.type_ref(values, &value_hint)
            }
            _ => TypeRef::Any,
        };
        Struct { fields, extra, extra_name: String::new(), derives_default: false }
    }

    /// The type of a schema used in place: primitives and containers stay
    /// structural, everything that needs a definition gets an inline type.
    fn type_ref(&mut self, schema: &Schema, hint: &[String]) -> TypeRef {
        match &schema.kind {
            Kind::Ref(name) => match self.graph.components.get(name) {
                Some(&id) => TypeRef::Named(id),
                None => TypeRef::Any, // reported by the loader
            },
            Kind::Any => self.fallback(&schema.pointer, "the schema states no type"),
            Kind::Null => self.fallback(&schema.pointer, "the schema only admits null"),
            Kind::Boolean => TypeRef::Bool,
            Kind::Integer { .. } => TypeRef::Integer,
            Kind::Number { .. } => TypeRef::Float,
            Kind::String { format } if format.as_deref() == Some("binary") => TypeRef::Bytes,
            Kind::String { .. } => TypeRef::String,
            Kind::Const(Value::String(value)) => TypeRef::Named(self.constant(value)),
            Kind::Const(value) => primitive_of(value).unwrap_or_else(|| {
                self.fallback(&schema.pointer, "a constant that is neither a string nor a scalar")
            }),
            Kind::ValueEnum(values) => {
                let types: Vec<TypeRef> = values.iter().filter_map(primitive_of).collect();
                match types.first() {
                    Some(first) if types.len() == values.len() && types.iter().all(|t| t == first) => first.clone(),
                    _ => self.fallback(&schema.pointer, "an enum mixing JSON types"),
                }
            }
            Kind::Array(items) => {
                let item_hint = child_hint(hint, "Item");
                let item = self.type_ref(items, &item_hint);
                TypeRef::List(Box::new(self.nullable_in_container(items, item)))
            }
            Kind::Object(object) if object.properties.is_empty() => match &object.additional {
                Additional::Typed(values) => {
                    let value_hint = child_hint(hint, "Value");
                    let value = self.type_ref(values, &value_hint);
                    TypeRef::Map(Box::new(self.nullable_in_container(values, value)))
                }
                _ => {
                    self.fallback(&schema.pointer, "an object with no declared properties");
                    TypeRef::Map(Box::new(TypeRef::Any))
                }
            },
            Kind::AllOf(parts) => {
                let merged = self.merge_all_of(schema, parts);
                if matches!(merged.kind, Kind::AllOf(_)) {
                    return self.fallback(&schema.pointer, "an allOf that could not be merged");
                }
                self.type_ref(&merged, hint)
            }
            Kind::Object(_) | Kind::StringEnum(_) | Kind::Union(_) => TypeRef::Named(self.inline(schema, hint)),
        }
    }

    /// Merges an `allOf`, building the components it copies from first so
    /// that the copied properties reuse their inline types.
    fn merge_all_of(&mut self, schema: &Schema, parts: &[Schema]) -> Schema {
        let merged = allof::merge(self.doc, schema, parts, self.diagnostics);
        for source in &merged.sources {
            self.ensure_component(source);
        }
        merged.schema
    }

    /// Nullable here, or a reference to a component that is nullable itself.
    fn is_nullable(&self, schema: &Schema) -> bool {
        schema.nullable
            || matches!(&schema.kind, Kind::Ref(name) if self.doc.schemas.get(name).is_some_and(|s| s.nullable))
    }

    fn nullable_in_container(&self, schema: &Schema, ty: TypeRef) -> TypeRef {
        if self.is_nullable(schema) && ty != TypeRef::Any {
            TypeRef::Nullable(Box::new(ty))
        } else {
            ty
        }
    }

    fn inline(&mut self, schema: &Schema, hint: &[String]) -> TypeId {
        if let Some(&id) = self.by_pointer.get(&schema.pointer) {
            return id;
        }
        let id = self.reserve(&schema.pointer, hint.to_vec(), schema.meta.clone());
        self.by_pointer.insert(schema.pointer.clone(), id);
        let kind = self.define(id, schema, hint);
        self.graph.types[id.0].kind = kind;
        id
    }

    fn constant(&mut self, value: &str) -> TypeId {
        if let Some(&id) = self.constants.get(value) {
            return id;
        }
        let docs = Meta { description: Some(format!("Always `{value}`.")), ..Meta::default() };
        let id = self.reserve("#/constants", vec![value.to_string()], docs);
        self.graph.types[id.0].kind = TypeKind::Constant(value.to_string());
        self.constants.insert(value.to_string(), id);
        id
    }

    fn fallback(&mut self, pointer: &str, reason: &str) -> TypeRef {
        self.graph.fallbacks.push(Fallback { pointer: pointer.to_string(), reason: reason.to_string() });
        TypeRef::Any
    }

    fn operation(&mut self, op: &crate::load::Operation) {
        let mut bodies = Vec::new();
        for body in &op.bodies {
            let suffix = match body.direction {
                Direction::Request => "Request".to_string(),
                Direction::Response(ref status) if status.starts_with('2') => "Response".to_string(),
                Direction::Response(ref status) => format!("Response{status}"),
            };
            let is_json = body.content_type.contains("json") || body.content_type.starts_with("multipart/");
            let ty = if is_json || matches!(body.schema.kind, Kind::Ref(_)) {
                let hint = vec![op.id.clone(), suffix];
                match &body.schema.kind {
                    Kind::Object(o) if !o.properties.is_empty() => TypeRef::Named(self.inline(&body.schema, &hint)),
                    _ => self.type_ref(&body.schema, &hint),
                }
            } else if body.content_type.starts_with("text/") && !body.content_type.contains("event-stream") {
                TypeRef::String
            } else {
                TypeRef::Bytes
            };
            bodies.push(BodyType { direction: body.direction.clone(), content_type: body.content_type.clone(), ty });
        }
        let params = op
            .parameters
            .iter()
            .map(|p| ParamType {
                name: p.name.clone(),
                location: p.location,
                required: p.required,
                ty: self.type_ref(&p.schema, &[op.id.clone(), p.name.clone()]),
                docs: p.schema.meta.clone(),
            })
            .collect();
        self.graph.operations.push(OperationTypes {
            id: op.id.clone(),
            method: op.method.clone(),
            path: op.path.clone(),
            pointer: op.pointer.clone(),
            docs: op.docs.clone(),
            params,
            bodies,
            examples: op.examples.clone(),
            shape: None,
            client: None,
        });
    }
}

/// The name parts of a type nested in the one named by `hint`.
fn child_hint(hint: &[String], part: impl Into<String>) -> Vec<String> {
    let mut parts = hint.to_vec();
    parts.push(part.into());
    parts
}

fn primitive_of(value: &Value) -> Option<TypeRef> {
    match value {
        Value::Bool(_) => Some(TypeRef::Bool),
        Value::Number(n) if n.is_i64() || n.is_u64() => Some(TypeRef::Integer),
        Value::Number(_) => Some(TypeRef::Float),
        Value::String(_) => Some(TypeRef::String),
        _ => None,
    }
}

/// A readable label for a union variant: its title, its component name, or its shape.
pub(super) fn variant_label(schema: &Schema) -> String {
    match &schema.kind {
        Kind::Ref(name) => return name.clone(),
        // `Text(String)` and `Array(Vec<_>)` read better than titles such as "Text content".
        Kind::String { .. } | Kind::Integer { .. } | Kind::Number { .. } | Kind::Boolean | Kind::Array(_) => {
            return shape_label(schema)
        }
        _ => {}
    }
    if let Some(title) = &schema.meta.title {
        return title.clone();
    }
    if let Kind::AllOf(parts) = &schema.kind {
        if let Some(Kind::Ref(name)) = parts.first().map(|p| &p.kind) {
            return name.clone();
        }
    }
    shape_label(schema)
}

fn shape_label(schema: &Schema) -> String {
    match &schema.kind {
        Kind::Ref(name) => name.clone(),
        Kind::String { .. } => "Text".into(),
        Kind::Integer { .. } => "Integer".into(),
        Kind::Number { .. } => "Number".into(),
        Kind::Boolean => "Boolean".into(),
        Kind::StringEnum(_) => "Keyword".into(),
        Kind::Const(Value::String(s)) => s.clone(),
        Kind::Const(_) | Kind::ValueEnum(_) => "Value".into(),
        Kind::Array(items) => match &items.kind {
            Kind::Ref(_) | Kind::Object(_) | Kind::Union(_) | Kind::AllOf(_) | Kind::Any => "Array".into(),
            _ => format!("{}Array", shape_label(items)),
        },
        Kind::Object(o) if o.properties.is_empty() => "Map".into(),
        Kind::Object(_) | Kind::AllOf(_) => "Object".into(),
        Kind::Union(_) => "Union".into(),
        Kind::Any | Kind::Null => "Value".into(),
    }
}

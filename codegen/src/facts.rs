//! Stage 4, facts: after naming, every fact the emitters need is settled
//! once and stored on the graph ([`TypeGraph::facts`]); the emitters only
//! read it. Each fact has one function here:
//!
//! - where each type's alias chain ends ([`TypeGraph::resolve_all`], the
//!   table form of [`TypeGraph::resolve`], stored per type);
//! - each field's mode ([`FieldMode::of`]), whether it is a constant tag,
//!   whether that constant is open (`TellApart`), whether its type is
//!   `Copy` (`is_copy`);
//! - for each union variant: the JSON kinds it takes (`json_kinds`), its
//!   payload key (`payload_key`, equal keys are the same Rust type), the
//!   properties it requires ([`TypeGraph::required_fields`]), whether it
//!   gets a `From` impl;
//! - the names derived from the name stage's names: builders (`FooArgs`),
//!   setters (`set_default`, `kind_null`) and the locals of written-out
//!   `Deserialize` impls (`reader`, `key`), each checked for collisions;
//! - the conversions into unions beyond their own variants' (`nested_from`,
//!   `from_string`);
//! - the Cargo features and the gate of every type (`name::features`).
//!
//! Derived names that had to move off a collision are warnings.

use std::collections::{HashMap, HashSet};

use crate::diagnostics::Diagnostics;
use crate::model::{AliasTable, FieldMode, TypeGraph, TypeId, TypeKind, TypeRef};
use crate::name::areas::AreaRoots;
use crate::name::features::{self, Features};

/// The suffix of builder names, as in the hand-written chat module.
pub const BUILDER_SUFFIX: &str = "Args";

/// Methods of every builder (inherent or through its derives) that a
/// setter must not shadow: `FooArgs::default()` must stay `Default::default`.
pub const BUILDER_METHODS: &[&str] = &["build", "default", "clone", "clone_from", "fmt"];

/// Everything the facts pass stores, by type index.
#[derive(Clone, Debug, Default)]
pub struct Facts {
    pub types: Vec<TypeFacts>,
    /// The Cargo features of the crate and the gate of every type.
    pub features: Features,
    /// The roots of each API area, set by the name stage (module placement)
    /// and read by the features.
    pub area_roots: AreaRoots,
    /// The crate's names and description, from the options (set before naming).
    pub crate_info: crate::CrateInfo,
}

/// The facts of one type.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TypeFacts {
    /// The last named type of this type's alias chain: itself when it is
    /// not an alias, else the alias whose target is structural, or the
    /// type at the end.
    pub alias_named: Option<TypeId>,
    /// Where the chain ends: `Named` of a type that is not an alias, or a
    /// structural reference. Never `None` after the model's checkpoint
    /// (alias cycles are errors).
    pub alias_end: Option<TypeRef>,
    /// Whether values of the type are `Copy` (cloning them is a clippy warning).
    pub copy: bool,
    /// The JSON kinds a value of this type can be.
    pub kinds: JsonKinds,
    /// Structs: one per field, in order.
    pub fields: Vec<FieldFacts>,
    /// Unions: one per variant, in order.
    pub variants: Vec<VariantFacts>,
    /// Structs: the builder and the locals of the `Deserialize` impl.
    pub builder: Option<BuilderNames>,
    pub locals: Option<Locals>,
    /// Unions: `From` impls through a variant that is itself a union.
    pub nested_from: Vec<NestedFrom>,
    /// Untagged unions of open string enums (and no plain string): the
    /// variants (index, enum) `From<String>` tries, in order; empty for none.
    pub from_string: Vec<(usize, TypeId)>,
}

/// `From<Source>` for a union through one of its variants that is itself a
/// union (`FunctionToolCall` into `InputItem` through `Item`).
#[derive(Clone, Debug, PartialEq)]
pub struct NestedFrom {
    /// The index of the outer variant that holds the inner union.
    pub variant: usize,
    /// The inner union.
    pub inner: TypeId,
    /// The inner union's payload converted from (boxed when the inner variant is).
    pub source: TypeRef,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct FieldFacts {
    pub mode: FieldMode,
    /// A constant tag (`type: {const: x}`): no setter, `build()` fills it in.
    pub constant: bool,
    /// A constant that tells no union variants apart (see `TellApart`):
    /// another string is read, kept and written back instead of failing
    /// the whole payload.
    pub open_constant: bool,
    /// The field's type is `Copy` (so is `Option<T>` of it; `Nullable<T>` never is).
    pub copy: bool,
    /// The builder's setter (`model`, `set_default`, `r#type`); `None` for constants.
    pub setter: Option<String>,
    /// The builder's explicit-`null` setter (`stop_null`), for optional
    /// nullable fields whose name is free.
    pub null_setter: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct VariantFacts {
    /// The last named type of the payload's alias chain (see [`TypeFacts::alias_named`]).
    pub named: Option<TypeId>,
    /// Equal keys are the same Rust type: two such payloads would make conflicting `From` impls.
    pub payload_key: String,
    /// No other variant has the same payload key.
    pub unique_payload: bool,
    /// The variant gets `From<Payload>`: its payload is unique and is not
    /// the union itself (that impl is core's `From<T> for T`).
    pub from_impl: bool,
    pub kinds: JsonKinds,
    /// The properties the payload must have, when it is a struct: variants
    /// the payload completes are preferred.
    pub required: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BuilderNames {
    /// `FooArgs`, else `FooBuilder`, else `FooArgs2`, ...
    pub name: String,
}

/// Locals of a struct's `Deserialize` impl that no field's local shadows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Locals {
    pub reader: String,
    pub key: String,
}

/// The JSON kinds a value of a type can be, as far as the readers care.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct JsonKinds {
    pub string: bool,
    pub array: bool,
    pub object: bool,
}

impl JsonKinds {
    pub const ALL: JsonKinds = JsonKinds { string: true, array: true, object: true };
    const STRING: JsonKinds = JsonKinds { string: true, array: false, object: false };
    const ARRAY: JsonKinds = JsonKinds { string: false, array: true, object: false };
    const OBJECT: JsonKinds = JsonKinds { string: false, array: false, object: true };
}

/// Runs the pass: fills [`TypeGraph::facts`].
pub fn facts(graph: &mut TypeGraph, diagnostics: &mut Diagnostics) {
    let ends = graph.alias_table();
    let mut types: Vec<TypeFacts> = graph.ids().map(|id| type_facts(graph, &ends, id)).collect();
    let mut builder_taken: HashSet<String> = graph.types.iter().map(|t| t.name.clone()).collect();
    for id in graph.ids() {
        let def = graph.get(id);
        let TypeKind::Struct(s) = &def.kind else { continue };
        let builder = builder_name(&def.name, &mut builder_taken);
        let fields = &mut types[id.0].fields;
        let taken: Vec<&str> = s.fields.iter().map(|f| bare(&f.rust_name)).chain([bare(&s.extra_name)]).collect();
        let mut methods: HashSet<String> = BUILDER_METHODS.iter().map(|m| m.to_string()).collect();
        methods.extend(taken.iter().map(|t| t.to_string()));
        let mut setters: HashSet<String> = HashSet::new();
        for (field, facts) in s.fields.iter().zip(fields.iter_mut()) {
            if facts.constant {
                continue;
            }
            let name = bare(&field.rust_name);
            let mut setter = if BUILDER_METHODS.contains(&name) { format!("set_{name}") } else { field.rust_name.clone() };
            while !setters.insert(bare(&setter).to_string()) {
                setter.push('_');
                diagnostics.warning(&def.pointer, format!("the builder setter of `{}` is `{setter}` to avoid a clash", field.json_name));
            }
            facts.setter = Some(setter);
        }
        for (field, facts) in s.fields.iter().zip(fields.iter_mut()) {
            if facts.constant || facts.mode != FieldMode::Nullable {
                continue;
            }
            // Left out when the name is a field's, a setter's or a builder method's.
            // `super_` (a name that cannot be raw) gives `super_null`, not `super__null`.
            let null_name = format!("{}_null", bare(&field.rust_name).trim_end_matches('_'));
            if !methods.contains(&null_name) && !setters.contains(&null_name) {
                setters.insert(null_name.clone());
                facts.null_setter = Some(null_name);
            }
        }
        types[id.0].builder = Some(BuilderNames { name: builder });
        types[id.0].locals = Some(Locals { reader: fresh("reader", &taken), key: fresh("key", &taken) });
    }
    // Open constants read the variants' facts of other types: a second pass.
    let tell_apart = TellApart::of(graph, &types);
    for id in graph.ids() {
        let TypeKind::Struct(s) = &graph.get(id).kind else { continue };
        for (field, facts) in s.fields.iter().zip(&mut types[id.0].fields) {
            facts.open_constant = facts.constant
                && matches!(facts.mode, FieldMode::Lenient | FieldMode::Optional)
                && !tell_apart.is_strict(id, &field.json_name);
        }
    }
    // Conversions read the variants' facts of other types: a second pass.
    let nested: Vec<Vec<NestedFrom>> = graph.ids().map(|id| nested_from(graph, &types, id)).collect();
    for ((id, facts), nested) in graph.ids().zip(types.iter_mut()).zip(nested) {
        facts.nested_from = nested;
        facts.from_string = from_string(graph, facts, id);
    }
    graph.facts.types = std::mem::take(&mut types);
    graph.facts.features = features::compute(graph);
}

/// The facts of one type that need no name but its own.
fn type_facts(graph: &TypeGraph, ends: &AliasTable, id: TypeId) -> TypeFacts {
    let this = TypeRef::Named(id);
    let resolved = ends.resolve(&this);
    let mut facts = TypeFacts {
        alias_named: resolved.and_then(|(named, _)| named),
        alias_end: resolved.map(|(_, end)| end.clone()),
        copy: is_copy(graph, ends, &this),
        kinds: json_kinds(graph, ends, &this),
        ..TypeFacts::default()
    };
    match &graph.get(id).kind {
        TypeKind::Struct(s) => {
            facts.fields = s
                .fields
                .iter()
                .map(|f| FieldFacts {
                    mode: FieldMode::of(f),
                    constant: graph.is_constant(&f.ty),
                    open_constant: false,
                    copy: is_copy(graph, ends, &f.ty),
                    setter: None,
                    null_setter: None,
                })
                .collect();
        }
        TypeKind::Tagged(t) => facts.variants = variant_facts(graph, ends, id, t.variants.iter().map(|v| &v.ty)),
        TypeKind::Untagged(u) => facts.variants = variant_facts(graph, ends, id, u.variants.iter().map(|v| &v.ty)),
        _ => {}
    }
    facts
}

fn variant_facts<'a>(
    graph: &TypeGraph,
    ends: &AliasTable,
    union: TypeId,
    payloads: impl Iterator<Item = &'a TypeRef>,
) -> Vec<VariantFacts> {
    let mut variants: Vec<VariantFacts> = payloads
        .map(|ty| VariantFacts {
            named: ends.resolve(ty).and_then(|(named, _)| named),
            payload_key: payload_key(graph, ends, ty),
            unique_payload: false,
            from_impl: false,
            kinds: json_kinds(graph, ends, ty),
            required: ends.target(ty).map(|id| graph.required_fields(id)).unwrap_or_default().into_iter().map(str::to_string).collect(),
        })
        .collect();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for v in &variants {
        *counts.entry(v.payload_key.as_str()).or_default() += 1;
    }
    let unique: Vec<bool> = variants.iter().map(|v| counts[v.payload_key.as_str()] == 1).collect();
    let own_key = payload_key(graph, ends, &TypeRef::Named(union));
    for (v, unique) in variants.iter_mut().zip(unique) {
        v.unique_payload = unique;
        v.from_impl = unique && v.payload_key != own_key;
    }
    variants
}

/// The constants that tell union variants apart, which must reject other
/// strings: every constant of a struct that a union tries in turn (the
/// variants of an untagged union, and of a tagged union those that share a
/// tag value or may come without one: the first that reads wins), and the
/// tag property of every variant of a tagged union. A struct deeper inside
/// a variant is not counted: its constants are open.
#[derive(Default)]
struct TellApart {
    /// Structs whose every constant is strict.
    tried: HashSet<TypeId>,
    /// (struct, JSON property) pairs that are tags.
    tags: HashSet<(TypeId, String)>,
}

impl TellApart {
    fn of(graph: &TypeGraph, types: &[TypeFacts]) -> TellApart {
        let mut found = TellApart::default();
        for id in graph.ids() {
            let variants = &types[id.0].variants;
            match &graph.get(id).kind {
                TypeKind::Untagged(u) if u.variants.len() > 1 => found.tried.extend(variants.iter().filter_map(|v| v.named)),
                TypeKind::Tagged(t) => {
                    let shared = t.dispatch().into_iter().filter(|(_, selected)| selected.len() > 1).flat_map(|(_, selected)| selected);
                    for index in shared.chain(t.optional_tag.iter().copied()) {
                        found.tried.extend(variants.get(index).and_then(|v| v.named));
                    }
                    for named in variants.iter().filter_map(|v| v.named) {
                        found.tags.insert((named, t.property.clone()));
                    }
                }
                _ => {}
            }
        }
        found
    }

    fn is_strict(&self, id: TypeId, property: &str) -> bool {
        self.tried.contains(&id) || self.tags.contains(&(id, property.to_string()))
    }
}

/// Variant payload types of a union.
fn payloads(kind: &TypeKind) -> Vec<&TypeRef> {
    match kind {
        TypeKind::Tagged(t) => t.variants.iter().map(|v| &v.ty).collect(),
        TypeKind::Untagged(u) => u.variants.iter().map(|v| &v.ty).collect(),
        _ => Vec::new(),
    }
}

/// One level of nesting: a union converts from the payloads of a union it
/// holds (with a payload of its own), when no other path gives the same
/// source type and the union has no variant of that type itself. A union
/// nested in itself would convert from itself: left out.
fn nested_from(graph: &TypeGraph, types: &[TypeFacts], id: TypeId) -> Vec<NestedFrom> {
    let own = &types[id.0].variants;
    let own_keys: Vec<&str> = own.iter().map(|v| v.payload_key.as_str()).collect();
    let mut candidates: Vec<(&str, NestedFrom, TypeId)> = Vec::new();
    for ((variant, _), facts) in payloads(&graph.get(id).kind).into_iter().enumerate().zip(own).filter(|(_, f)| f.unique_payload) {
        let Some(inner) = facts.named else { continue };
        let inner_payloads = payloads(&graph.get(inner).kind);
        for (source, source_facts) in inner_payloads.into_iter().zip(&types[inner.0].variants).filter(|(_, f)| f.unique_payload) {
            let Some(source_named) = source_facts.named else { continue };
            candidates.push((source_facts.payload_key.as_str(), NestedFrom { variant, inner, source: source.clone() }, source_named));
        }
    }
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for (key, ..) in &candidates {
        *counts.entry(*key).or_default() += 1;
    }
    let own_name = &graph.get(id).name;
    candidates
        .into_iter()
        .filter(|(key, _, source_named)| counts[key] == 1 && !own_keys.contains(key) && graph.get(*source_named).name != *own_name)
        .map(|(_, nested, _)| nested)
        .collect()
}

/// An untagged union of open string enums and no plain string converts from
/// `String` to the first enum that knows the value, else the first enum (as
/// reading the string would): its (variant, enum) pairs, in order.
fn from_string(graph: &TypeGraph, facts: &TypeFacts, id: TypeId) -> Vec<(usize, TypeId)> {
    let TypeKind::Untagged(u) = &graph.get(id).kind else { return Vec::new() };
    let mut enums = Vec::new();
    for (index, (variant, facts)) in u.variants.iter().zip(&facts.variants).enumerate() {
        if matches!(variant.ty.unboxed(), TypeRef::String) {
            return Vec::new();
        }
        match facts.named {
            Some(named) => match &graph.get(named).kind {
                TypeKind::Enum(_) if !matches!(variant.ty, TypeRef::Boxed(_)) => enums.push((index, named)),
                TypeKind::Alias(TypeRef::String) => return Vec::new(),
                _ => {}
            },
            None if facts.payload_key == "String" => return Vec::new(),
            None => {}
        }
    }
    enums
}

/// Whether values of the type are `Copy`: numbers, booleans and constants,
/// through aliases; a `Box` never is.
fn is_copy(graph: &TypeGraph, ends: &AliasTable, ty: &TypeRef) -> bool {
    if matches!(ty, TypeRef::Boxed(_)) {
        return false;
    }
    match ends.resolve(ty).map(|(_, end)| end) {
        Some(TypeRef::Bool | TypeRef::Integer | TypeRef::Float) => true,
        Some(TypeRef::Named(id)) => matches!(graph.get(*id).kind, TypeKind::Constant(_)),
        _ => false,
    }
}

/// The JSON kinds a value of the type can be.
fn json_kinds(graph: &TypeGraph, ends: &AliasTable, ty: &TypeRef) -> JsonKinds {
    match ty {
        TypeRef::Named(_) | TypeRef::Boxed(_) => match ends.resolve(ty) {
            Some((_, end)) => match end {
                TypeRef::Named(id) => match &graph.get(*id).kind {
                    TypeKind::Struct(_) | TypeKind::Tagged(_) => JsonKinds::OBJECT,
                    TypeKind::Enum(_) | TypeKind::Constant(_) => JsonKinds::STRING,
                    // A nested untagged union could be anything as far as this one knows.
                    TypeKind::Untagged(_) | TypeKind::Pending | TypeKind::Alias(_) => JsonKinds::ALL,
                },
                structural => json_kinds(graph, ends, structural),
            },
            None => JsonKinds::ALL,
        },
        TypeRef::String | TypeRef::Bytes => JsonKinds::STRING,
        TypeRef::List(_) => JsonKinds::ARRAY,
        TypeRef::Map(_) => JsonKinds::OBJECT,
        TypeRef::Nullable(inner) => json_kinds(graph, ends, inner),
        TypeRef::Any => JsonKinds::ALL,
        TypeRef::Bool | TypeRef::Integer | TypeRef::Float => JsonKinds::default(),
    }
}

/// The type after following aliases and boxes, as text: two payloads with
/// the same key are the same Rust type.
fn payload_key(graph: &TypeGraph, ends: &AliasTable, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(_) | TypeRef::Boxed(_) => match ends.resolve(ty) {
            Some((_, end)) => match end {
                TypeRef::Named(id) => graph.get(*id).name.clone(),
                structural => payload_key(graph, ends, structural),
            },
            None => String::new(),
        },
        TypeRef::List(inner) => format!("Vec<{}>", payload_key(graph, ends, inner)),
        TypeRef::Map(inner) => format!("Map<{}>", payload_key(graph, ends, inner)),
        TypeRef::Nullable(inner) => format!("Option<{}>", payload_key(graph, ends, inner)),
        TypeRef::Bool => "bool".into(),
        TypeRef::Integer => "i64".into(),
        TypeRef::Float => "f64".into(),
        TypeRef::String => "String".into(),
        TypeRef::Bytes => "Binary".into(),
        TypeRef::Any => "Value".into(),
    }
}

/// The builder's name: `FooArgs`, else (when a type or another builder
/// already has that name) `FooBuilder`, else `FooArgs2`, `FooArgs3`, ...:
/// deterministic, as structs are visited in graph order.
fn builder_name(name: &str, taken: &mut HashSet<String>) -> String {
    let preferred = format!("{name}{BUILDER_SUFFIX}");
    let fallback = format!("{name}Builder");
    let chosen = if !taken.contains(&preferred) {
        preferred
    } else if !taken.contains(&fallback) {
        fallback
    } else {
        (2..).map(|n| format!("{name}{BUILDER_SUFFIX}{n}")).find(|c| !taken.contains(c)).unwrap_or(preferred)
    };
    taken.insert(chosen.clone());
    chosen
}

/// A name without its `r#`.
fn bare(name: &str) -> &str {
    name.trim_start_matches("r#")
}

/// `base`, or `base_`, `base__`, ... : a local name no field uses.
fn fresh(base: &str, taken: &[&str]) -> String {
    let mut name = base.to_string();
    while taken.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

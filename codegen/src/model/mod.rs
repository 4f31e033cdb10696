//! Stage 2, model: normalized document → [`TypeGraph`], one node per Rust type
//! to emit. The model decides semantics (is this union tagged, by which
//! property? is this field nullable?); it does not pick final Rust names.

mod allof;
mod build;
mod dedupe;
mod dump;
pub mod operations;
mod unions;
mod usage;
mod walk;

pub use build::build;
pub use dump::dump;
pub use walk::{strongly_connected, AliasTable, Resolved};

use indexmap::IndexMap;
use serde_json::Value;

use crate::load::{Direction, Meta, ParameterLocation};

/// Index of a type in [`TypeGraph::types`]. Ids of component schemas are
/// reserved before any type is built, so references and cycles need no special case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub usize);

#[derive(Clone, Debug, Default)]
pub struct TypeGraph {
    pub types: Vec<TypeDef>,
    /// Component schema name → its type, in document order.
    pub components: IndexMap<String, TypeId>,
    pub operations: Vec<OperationTypes>,
    /// Every place that maps to `serde_json::Value`, with the reason.
    pub fallbacks: Vec<Fallback>,
    /// What the facts pass settled once for the emitters (empty before it runs).
    pub facts: crate::facts::Facts,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TypeDef {
    /// JSON pointer of the schema this type came from.
    pub pointer: String,
    /// Name parts, most general first: the component or operation name, then
    /// property names and variant labels. The name stage joins and sanitizes them.
    pub hint: Vec<String>,
    /// The Rust name, set by the name stage.
    pub name: String,
    /// The module (API area) the type is emitted in, set by the name stage.
    pub module: String,
    pub docs: Meta,
    pub kind: TypeKind,
    /// The component schema name: components are public API under their own name.
    pub component: Option<String>,
    /// The component's `x-oaiMeta.group`, if any.
    pub group: Option<String>,
    /// Whether the type needs a `Placeholder` impl (a lenient required field
    /// of its type may be absent), and how it builds the value.
    pub placeholder: Option<PlaceholderImpl>,
}

/// How a type's placeholder is built: the value a required field holds when
/// the payload leaves it out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlaceholderImpl {
    /// A struct of its fields' placeholders.
    Fields,
    /// A tagged union's `Unknown` variant, holding `null`.
    UnknownVariant,
    /// An untagged union's variant at this index, holding its placeholder.
    Variant(usize),
}

#[derive(Clone, Debug, PartialEq)]
pub enum TypeKind {
    /// Reserved, not built yet (never survives [`build`]).
    Pending,
    Struct(Struct),
    /// A string enum. Every string enum is open: unknown values are kept.
    Enum(Enum),
    /// A union told apart by the value of one property.
    Tagged(Tagged),
    /// A union told apart by shape, tried in order.
    Untagged(Untagged),
    /// A single permitted string, such as a `type` tag.
    Constant(String),
    /// A name for another type (primitive, list, map or named).
    Alias(TypeRef),
}

#[derive(Clone, Debug, PartialEq)]
pub enum TypeRef {
    Named(TypeId),
    Bool,
    Integer,
    Float,
    String,
    /// `format: binary` content.
    Bytes,
    /// Free-form JSON (`serde_json::Value`).
    Any,
    List(Box<TypeRef>),
    /// A JSON object with arbitrary keys.
    Map(Box<TypeRef>),
    /// Indirection for recursive types, inserted by the name stage.
    Boxed(Box<TypeRef>),
    /// A nullable list item or map value (fields carry nullability themselves).
    Nullable(Box<TypeRef>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// The value type of properties the spec does not declare: typed
    /// `additionalProperties`, else any JSON. They are kept, never rejected,
    /// so that a payload reads back unchanged.
    pub extra: TypeRef,
    /// The Rust name of the field holding them, set by the name stage.
    pub extra_name: String,
    /// Every field is optional or a constant, so an empty value makes sense.
    pub derives_default: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// The property name on the wire.
    pub json_name: String,
    /// The Rust field name, set by the name stage.
    pub rust_name: String,
    pub ty: TypeRef,
    pub required: bool,
    pub nullable: bool,
    /// Required, and its type has a placeholder: absent (or `null` against
    /// the spec) reads as the placeholder and is recorded, so it is written
    /// back as it came. Set by the model's usage pass.
    pub default_when_absent: bool,
    pub docs: Meta,
}

/// How a field is declared, read and written: the one reading of
/// `required`, `nullable` and `default_when_absent` ([`FieldMode::of`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum FieldMode {
    /// Required with a placeholder (`T`): absent or `null` reads as the
    /// placeholder and is recorded, so it is written back as it came.
    #[default]
    Lenient,
    /// Required, but its type has no placeholder (`T`, a cycle of required fields).
    Strict,
    /// Required and nullable (`Option<T>`, always written).
    RequiredNullable,
    /// Optional, not nullable (`Option<T>`, left out when `None`).
    Optional,
    /// Optional and nullable (`Nullable<T>`: absent, `null` or a value).
    Nullable,
}

/// The Rust wrapper of a field's type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wrapper {
    /// `T`
    Plain,
    /// `Option<T>`
    Option,
    /// `Nullable<T>`
    Nullable,
}

impl FieldMode {
    pub fn of(field: &Field) -> FieldMode {
        match (field.required, field.nullable) {
            (true, true) => FieldMode::RequiredNullable,
            (true, false) if field.default_when_absent => FieldMode::Lenient,
            (true, false) => FieldMode::Strict,
            (false, false) => FieldMode::Optional,
            (false, true) => FieldMode::Nullable,
        }
    }

    pub fn wrapper(self) -> Wrapper {
        match self {
            FieldMode::Lenient | FieldMode::Strict => Wrapper::Plain,
            FieldMode::RequiredNullable | FieldMode::Optional => Wrapper::Option,
            FieldMode::Nullable => Wrapper::Nullable,
        }
    }

    /// Required and not nullable: a builder must be given a value.
    pub fn needs_value(self) -> bool {
        self.wrapper() == Wrapper::Plain
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Enum {
    pub values: Vec<EnumValue>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct EnumValue {
    pub value: String,
    /// The Rust variant name, set by the name stage.
    pub rust_name: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Tagged {
    /// The property whose value selects the variant (`type`, `role`, `event`, ...).
    pub property: String,
    pub variants: Vec<TaggedVariant>,
    /// Variants whose tag is optional, tried in order when the tag is absent.
    pub optional_tag: Vec<usize>,
}

impl Tagged {
    /// Each tag value with the variants it selects, in declaration order. A
    /// value shared by several variants (`message` in `InputItem`) selects
    /// them in order: the first that accepts the payload wins.
    pub fn dispatch(&self) -> Vec<(&str, Vec<usize>)> {
        let mut table: Vec<(&str, Vec<usize>)> = Vec::new();
        for (index, variant) in self.variants.iter().enumerate() {
            for tag in &variant.tags {
                match table.iter_mut().find(|(t, _)| t == tag) {
                    Some((_, indices)) => indices.push(index),
                    None => table.push((tag, vec![index])),
                }
            }
        }
        table
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct TaggedVariant {
    /// Name parts of the variant, joined by the name stage.
    pub hint: String,
    pub name: String,
    /// The tag values that select this variant; other variants may share some.
    pub tags: Vec<String>,
    pub ty: TypeRef,
    pub docs: Meta,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Untagged {
    /// Variants in the order they are tried.
    pub variants: Vec<UntaggedVariant>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct UntaggedVariant {
    pub hint: String,
    pub name: String,
    pub ty: TypeRef,
    pub docs: Meta,
}

#[derive(Clone, Debug, PartialEq)]
pub struct OperationTypes {
    pub id: String,
    pub method: String,
    pub path: String,
    pub pointer: String,
    /// Summary (as `title`), description and deprecation.
    pub docs: Meta,
    pub params: Vec<ParamType>,
    pub bodies: Vec<BodyType>,
    pub examples: Option<Value>,
    /// How the client sends and reads it; `None` for webhooks.
    pub shape: Option<operations::OperationShape>,
    /// Where the client's method for it is, set by the name stage.
    pub client: Option<ClientMethod>,
}

/// The client method of an operation: `client.vector_stores().files().list(..)`
/// is resource `["vector_stores", "files"]`, method `list`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientMethod {
    pub resource: Vec<String>,
    pub method: String,
    /// The API area of the operation: its feature compiles the method.
    pub area: String,
}

/// A path, query or header parameter and its type.
#[derive(Clone, Debug, PartialEq)]
pub struct ParamType {
    /// The name on the wire.
    pub name: String,
    pub location: ParameterLocation,
    pub required: bool,
    pub ty: TypeRef,
    pub docs: Meta,
}

#[derive(Clone, Debug, PartialEq)]
pub struct BodyType {
    pub direction: Direction,
    pub content_type: String,
    pub ty: TypeRef,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fallback {
    pub pointer: String,
    pub reason: String,
}

#[cfg(test)]
impl TypeGraph {
    /// A graph of unnamed types of these kinds, the i-th at `TypeId(i)`:
    /// for the unit tests of passes over the graph.
    pub(crate) fn of_kinds(kinds: Vec<TypeKind>) -> TypeGraph {
        let def = |kind| TypeDef {
            pointer: String::new(),
            hint: vec!["T".into()],
            name: String::new(),
            module: String::new(),
            docs: Default::default(),
            kind,
            component: None,
            group: None,
            placeholder: None,
        };
        TypeGraph { types: kinds.into_iter().map(def).collect(), ..TypeGraph::default() }
    }
}

impl TypeGraph {
    pub fn get(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }

    pub fn ids(&self) -> impl Iterator<Item = TypeId> {
        (0..self.types.len()).map(TypeId)
    }

    /// The properties a value of `ty` must have, when it is a struct (through
    /// aliases and boxes): used to prefer union variants the payload completes.
    pub fn required_properties(&self, ty: &TypeRef) -> Vec<&str> {
        self.resolve_named(ty).map(|id| self.required_fields(id)).unwrap_or_default()
    }

    /// The properties a value of the type `id` must have, when it is a struct.
    pub fn required_fields(&self, id: TypeId) -> Vec<&str> {
        match &self.get(id).kind {
            TypeKind::Struct(s) => s.fields.iter().filter(|f| f.required).map(|f| f.json_name.as_str()).collect(),
            _ => Vec::new(),
        }
    }
}

impl TypeRef {
    /// The type inside a `Box`, or the type itself.
    pub fn unboxed(&self) -> &TypeRef {
        match self {
            TypeRef::Boxed(inner) => inner,
            other => other,
        }
    }

    /// Calls `f` on every named type this reference mentions.
    pub fn visit_named(&self, f: &mut impl FnMut(TypeId)) {
        match self {
            TypeRef::Named(id) => f(*id),
            TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Boxed(inner) | TypeRef::Nullable(inner) => {
                inner.visit_named(f)
            }
            _ => {}
        }
    }

    /// Points every named type this reference mentions at `target(id)`.
    pub fn retarget(&mut self, target: &impl Fn(TypeId) -> TypeId) {
        match self {
            TypeRef::Named(id) => *id = target(*id),
            TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Boxed(inner) | TypeRef::Nullable(inner) => {
                inner.retarget(target)
            }
            _ => {}
        }
    }
}

impl TypeKind {
    /// Every type reference held directly by this kind.
    pub fn refs(&self) -> Vec<&TypeRef> {
        match self {
            TypeKind::Struct(s) => s.fields.iter().map(|f| &f.ty).chain(std::iter::once(&s.extra)).collect(),
            TypeKind::Tagged(t) => t.variants.iter().map(|v| &v.ty).collect(),
            TypeKind::Untagged(u) => u.variants.iter().map(|v| &v.ty).collect(),
            TypeKind::Alias(r) => vec![r],
            TypeKind::Pending | TypeKind::Enum(_) | TypeKind::Constant(_) => Vec::new(),
        }
    }

    /// [`TypeKind::refs`], to change them.
    pub fn refs_mut(&mut self) -> Vec<&mut TypeRef> {
        match self {
            TypeKind::Struct(s) => s.fields.iter_mut().map(|f| &mut f.ty).chain(std::iter::once(&mut s.extra)).collect(),
            TypeKind::Tagged(t) => t.variants.iter_mut().map(|v| &mut v.ty).collect(),
            TypeKind::Untagged(u) => u.variants.iter_mut().map(|v| &mut v.ty).collect(),
            TypeKind::Alias(r) => vec![r],
            TypeKind::Pending | TypeKind::Enum(_) | TypeKind::Constant(_) => Vec::new(),
        }
    }
}

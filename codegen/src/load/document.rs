//! The normalized document: what the later stages read. OpenAPI 3.0 and 3.1
//! spellings of the same meaning (nullability, constants, recursion) arrive here
//! as one form, each schema carrying the JSON pointer it came from.

use indexmap::IndexMap;
use serde_json::Value;

#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// The `openapi` field, e.g. `3.1.0`.
    pub openapi: String,
    /// `info.title` (`OpenAI API`): the default name of the generated crate.
    pub title: Option<String>,
    /// Component schemas in document order.
    pub schemas: IndexMap<String, Schema>,
    /// `x-oaiMeta.group` of component schemas that have one (`realtime`, ...):
    /// the API area of schemas no operation refers to, such as WebSocket events.
    pub schema_groups: IndexMap<String, String>,
    /// Operations and webhooks in document order.
    pub operations: Vec<Operation>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    /// `operationId`, or a name made from the method and path when absent.
    pub id: String,
    pub method: String,
    /// The path, or `webhook:NAME` for a webhook.
    pub path: String,
    pub pointer: String,
    pub tags: Vec<String>,
    /// `summary`, `description` and `deprecated` (no title or default).
    pub docs: Meta,
    /// Path, query and header parameters, the path item's first.
    pub parameters: Vec<Parameter>,
    pub bodies: Vec<Body>,
    /// The raw `x-oaiMeta.examples` value, for the example oracle.
    pub examples: Option<Value>,
}

/// One parameter of an operation (`components/parameters` references resolved).
#[derive(Clone, Debug, PartialEq)]
pub struct Parameter {
    pub name: String,
    pub location: ParameterLocation,
    pub required: bool,
    pub schema: Schema,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParameterLocation {
    Path,
    Query,
    Header,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Body {
    pub direction: Direction,
    pub content_type: String,
    pub schema: Schema,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Direction {
    Request,
    /// A response with its status code (`200`, `default`, ...).
    Response(String),
}

/// Documentation and annotations that do not change a schema's shape.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Meta {
    pub title: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    pub default: Option<Value>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Schema {
    pub pointer: String,
    pub meta: Meta,
    /// `nullable: true`, `type: [X, "null"]`, or an `anyOf`/`oneOf` member `{type: "null"}`.
    pub nullable: bool,
    pub kind: Kind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    /// A `$ref` (or a `$recursiveRef`) to a component schema, by name.
    Ref(String),
    /// Anything at all: `{}` or a schema with no type information.
    Any,
    /// Only `null`.
    Null,
    Boolean,
    Integer { format: Option<String>, minimum: Option<f64> },
    Number { format: Option<String> },
    String { format: Option<String> },
    /// A string enum with two or more values.
    StringEnum(Vec<String>),
    /// A single permitted value: `const`, or an `enum` with one value.
    Const(Value),
    /// An `enum` whose values are not all strings.
    ValueEnum(Vec<Value>),
    Array(Box<Schema>),
    Object(Object),
    Union(Union),
    /// The parts of an `allOf`, not yet merged.
    AllOf(Vec<Schema>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Object {
    pub properties: Vec<Property>,
    pub additional: Additional,
    /// Names in `required` with no property here; an `allOf` sibling may declare them.
    pub required_elsewhere: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Property {
    pub name: String,
    pub required: bool,
    pub schema: Schema,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Additional {
    /// Not stated: unknown keys are possible but not typed.
    Unspecified,
    /// `additionalProperties: false`.
    Forbidden,
    /// `additionalProperties: true` or `{}`.
    Any,
    Typed(Box<Schema>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Union {
    /// `oneOf` (exactly one) or `anyOf` (at least one).
    pub exclusive: bool,
    pub variants: Vec<Schema>,
    pub discriminator: Option<String>,
}

impl Schema {
    pub fn new(pointer: impl Into<String>, kind: Kind) -> Self {
        Schema { pointer: pointer.into(), meta: Meta::default(), nullable: false, kind }
    }
}

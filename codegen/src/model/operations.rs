//! What the client needs to know of each operation, decided once from its
//! bodies and parameters: how the request is sent, how the answer is read,
//! whether it can stream, and how its pages are walked.

use super::{BodyType, OperationTypes, ParamType, TypeGraph, TypeId, TypeKind, TypeRef};
use crate::load::{Direction, ParameterLocation};

/// How an operation's request body is sent.
#[derive(Clone, Debug, PartialEq)]
pub enum RequestShape {
    None,
    Json(TypeRef),
    /// `multipart/form-data`, built from the request type's fields.
    Multipart(TypeRef),
    /// Another content type, sent as text (`application/sdp`).
    Raw(String),
}

/// How the successful answer is read.
#[derive(Clone, Debug, PartialEq)]
pub enum ResponseShape {
    Json(TypeRef),
    /// Bytes of some content type (audio, files, archives, images, video).
    Binary,
    Text,
    /// No body.
    Empty,
}

/// A cursor-paged list: `data` items, `has_more`, and the next cursor.
#[derive(Clone, Debug, PartialEq)]
pub struct PageShape {
    /// The list response type.
    pub list: TypeId,
    /// The items' type.
    pub item: TypeRef,
    /// Where the next `after` comes from.
    pub cursor: Cursor,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Cursor {
    /// The page's `last_id` field (required or optional).
    LastId { required: bool },
    /// The last item's `id` field (a struct item with a required `id`).
    LastItemId,
}

/// The client-facing shape of an operation.
#[derive(Clone, Debug, PartialEq)]
pub struct OperationShape {
    pub request: RequestShape,
    pub response: ResponseShape,
    /// The event type, when the operation can answer with server-sent events.
    pub stream: Option<TypeRef>,
    /// `stream` is a field of the request: the stream method sets it.
    pub stream_field: bool,
    pub page: Option<PageShape>,
}

impl OperationShape {
    /// The kinds listed in `operation-index.tsv`.
    pub fn kinds(&self) -> Vec<&'static str> {
        let mut kinds = Vec::new();
        match self.response {
            ResponseShape::Json(_) => kinds.push("json"),
            ResponseShape::Binary => kinds.push("binary"),
            ResponseShape::Text => kinds.push("text"),
            ResponseShape::Empty => kinds.push("empty"),
        }
        if self.stream.is_some() {
            kinds.push("stream");
        }
        if self.page.is_some() {
            kinds.push("paginated");
        }
        if matches!(self.request, RequestShape::Multipart(_)) {
            kinds.push("multipart");
        }
        kinds
    }
}

/// Operations whose spec declares JSON for what is really a file's bytes.
const BINARY_DESPITE_JSON: &[&str] = &["downloadFile"];

pub(super) fn shape(graph: &TypeGraph, op: &OperationTypes) -> OperationShape {
    let request = request_shape(graph, op);
    let successes: Vec<&BodyType> =
        op.bodies.iter().filter(|b| matches!(&b.direction, Direction::Response(s) if s.starts_with('2'))).collect();
    let is_binary = |b: &&&BodyType| {
        let t = b.content_type.as_str();
        !t.contains("json") && !t.contains("event-stream") && !t.starts_with("text/") && t != "application/sdp"
    };
    let response = if BINARY_DESPITE_JSON.contains(&op.id.as_str()) || successes.iter().any(|b| is_binary(&b)) {
        ResponseShape::Binary
    } else if let Some(json) = successes.iter().find(|b| b.content_type.contains("json")) {
        ResponseShape::Json(json.ty.clone())
    } else if successes.iter().any(|b| b.content_type.starts_with("text/plain") || b.content_type == "application/sdp") {
        ResponseShape::Text
    } else if op.method == "get" {
        // A `GET` whose answer the spec leaves undeclared downloads something.
        ResponseShape::Binary
    } else {
        ResponseShape::Empty
    };
    let stream = successes.iter().find(|b| b.content_type.contains("event-stream")).map(|b| match &b.ty {
        // An event stream declared without a schema: each event as JSON.
        TypeRef::Bytes => TypeRef::Any,
        other => other.clone(),
    });
    let stream_field = match &request {
        RequestShape::Json(ty) | RequestShape::Multipart(ty) => struct_field(graph, ty, "stream").is_some(),
        _ => false,
    };
    let page = match &response {
        ResponseShape::Json(ty) if op.method == "get" && has_query(&op.params, "after") => page_shape(graph, ty),
        _ => None,
    };
    OperationShape { request, response, stream, stream_field, page }
}

fn request_shape(graph: &TypeGraph, op: &OperationTypes) -> RequestShape {
    let requests: Vec<&BodyType> = op.bodies.iter().filter(|b| b.direction == Direction::Request).collect();
    let json = requests.iter().find(|b| b.content_type.contains("json"));
    let multipart = requests.iter().find(|b| b.content_type.starts_with("multipart/"));
    // A multipart form is needed only to send files; with no file field the
    // JSON form of the same body is simpler.
    match (json, multipart) {
        (Some(json), Some(form)) if !has_bytes(graph, &form.ty) => RequestShape::Json(json.ty.clone()),
        (_, Some(form)) => RequestShape::Multipart(form.ty.clone()),
        (Some(json), None) => RequestShape::Json(json.ty.clone()),
        (None, None) => match requests.first() {
            Some(other) => RequestShape::Raw(other.content_type.clone()),
            None => RequestShape::None,
        },
    }
}

fn has_query(params: &[ParamType], name: &str) -> bool {
    params.iter().any(|p| p.location == ParameterLocation::Query && p.name == name)
}

/// Whether a struct has a file field (bytes, or a list of them).
fn has_bytes(graph: &TypeGraph, ty: &TypeRef) -> bool {
    let Some(id) = graph.resolve_named(ty) else { return false };
    match &graph.get(id).kind {
        TypeKind::Struct(s) => s.fields.iter().any(|f| matches!(f.ty.unboxed(), TypeRef::Bytes) || matches!(&f.ty, TypeRef::List(inner) if **inner == TypeRef::Bytes)),
        _ => false,
    }
}

/// The field `name` of the struct behind `ty`.
fn struct_field<'a>(graph: &'a TypeGraph, ty: &TypeRef, name: &str) -> Option<&'a super::Field> {
    let id = graph.resolve_named(ty)?;
    match &graph.get(id).kind {
        TypeKind::Struct(s) => s.fields.iter().find(|f| f.json_name == name),
        _ => None,
    }
}

fn page_shape(graph: &TypeGraph, ty: &TypeRef) -> Option<PageShape> {
    let list = graph.resolve_named(ty)?;
    let data = struct_field(graph, ty, "data")?;
    let TypeRef::List(item) = &data.ty else { return None };
    let has_more = struct_field(graph, ty, "has_more")?;
    if has_more.ty != TypeRef::Bool || !data.required {
        return None;
    }
    let cursor = match struct_field(graph, ty, "last_id") {
        Some(last) if last.ty == TypeRef::String => Cursor::LastId { required: last.required && !last.nullable },
        _ => {
            let id = struct_field(graph, item, "id")?;
            if id.ty != TypeRef::String || !id.required || id.nullable {
                return None;
            }
            Cursor::LastItemId
        }
    };
    Some(PageShape { list, item: (**item).clone(), cursor })
}

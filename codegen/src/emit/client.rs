//! The `client` module: one method per operation, grouped by resource
//! (`client.chat().completions().create(&request)`), over the hand-written
//! runtime in `client::http`. Methods return a [`Call`] to `.await`; typed
//! query and header setters are methods of `Call<_, op::Operation>`, so
//! per-request options and typed parameters chain alike.
//!
//! Every method is compiled with the feature of its API area, as the types
//! it names are.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::docs::sanitize;
use super::types::{ident, type_tokens};
use crate::load::ParameterLocation;
use crate::model::operations::{Cursor, OperationShape, RequestShape, ResponseShape};
use crate::model::{Field, OperationTypes, ParamType, TypeGraph, TypeKind, TypeRef};
use crate::name::features::{feature_name, Features};
use crate::name::{resources::split_query, variant_name};

/// Methods of [`Call`] that a typed setter must not shadow.
const CALL_METHODS: &[&str] = &[
    "operation", "json", "body_field", "multipart", "raw_body", "query", "header", "timeout", "max_retries", "send",
    "send_with_response", "items", "into_future", "named_events",
];

/// A node of the resource tree: its accessor path and the operations on it.
#[derive(Default)]
struct Resource<'a> {
    children: BTreeMap<String, Resource<'a>>,
    operations: Vec<&'a OperationTypes>,
}

impl<'a> Resource<'a> {
    fn insert(&mut self, path: &[String], op: &'a OperationTypes) {
        match path.split_first() {
            Some((first, rest)) => self.children.entry(first.clone()).or_default().insert(rest, op),
            None => self.operations.push(op),
        }
    }

    /// The features of every operation at or below this node.
    fn features(&self, features: &Features) -> BTreeSet<String> {
        let mut out: BTreeSet<String> = self.operations.iter().filter_map(|op| area_feature(features, op)).collect();
        for child in self.children.values() {
            out.extend(child.features(features));
        }
        out
    }
}

/// The feature that compiles an operation's types: its area's.
fn area_feature(features: &Features, op: &OperationTypes) -> Option<String> {
    let name = feature_name(&op.client.as_ref()?.area);
    features.get(&name).map(|f| f.name.clone())
}

fn cfg(features: &BTreeSet<String>) -> TokenStream {
    match features.len() {
        0 => quote!(),
        1 => {
            let one = features.iter().next();
            quote!(#[cfg(feature = #one)])
        }
        _ => {
            let many = features.iter();
            quote!(#[cfg(any(#(feature = #many),*))])
        }
    }
}

pub fn module(graph: &TypeGraph, features: &Features) -> TokenStream {
    let mut root = Resource::default();
    for op in &graph.operations {
        if let Some(client) = &op.client {
            root.insert(&client.resource, op);
        }
    }
    let type_names: BTreeSet<&str> = graph.types.iter().map(|t| t.name.as_str()).collect();
    let mut items = Vec::new();
    let mut accessors = Vec::new();
    for (name, child) in &root.children {
        let struct_name = resource_struct(std::slice::from_ref(name), &type_names);
        let gate = cfg(&child.features(features));
        let accessor = ident(name);
        let doc = format!(" The `{}` resource.", name.trim_start_matches("r#"));
        accessors.push(quote! {
            #[doc = #doc]
            #gate
            pub fn #accessor(&self) -> #struct_name<'_> {
                #struct_name { client: self }
            }
        });
        resource_items(graph, features, std::slice::from_ref(name), child, &type_names, &mut items);
    }
    let markers = graph.operations.iter().filter_map(|op| operation_marker(features, op));
    let setters = graph.operations.iter().filter_map(|op| typed_setters(graph, features, op));
    let pages = page_impls(graph, features);
    let forms = multipart_impls(graph, features);
    let deep = deep_object_helper(graph, features);
    let all: BTreeSet<String> = root.features(features);
    // The types are named as in their modules; nothing to import without methods.
    let import = if all.is_empty() {
        quote!()
    } else {
        let gate = cfg(&all);
        quote!(#gate use crate::*;)
    };
    quote! {
        //! An async client for every operation of the API, grouped by
        //! resource as in the official SDKs:
        //! `client.chat().completions().create(&request).await?`.
        //!
        //! Each method returns a [`Call`]: `.await` it for the typed body, or
        //! call [`Call::send_with_response`] for the status, headers and
        //! request id too. Per-request options (timeout, retries, headers,
        //! query parameters, body fields) and the operation's own typed query
        //! parameters are set on the call before awaiting it.

        pub mod http;
        pub mod webhooks;

        pub use http::{ApiError, Call, Client, ClientBuilder, Error, RetryPolicy, WithResponse};

        #import

        impl Client {
            #(#accessors)*
        }

        #(#items)*

        /// Marker types of the operations that have typed query or header
        /// parameters: `Call<_, op::ListFiles>` has `ListFiles`'s setters.
        pub mod op {
            #(#markers)*
        }

        #(#setters)*
        #(#pages)*
        #(#forms)*
        #deep
    }
}

/// Whether a query parameter is sent as `name[key]=value` pairs.
fn is_deep_object(graph: &TypeGraph, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Map(_) | TypeRef::Any => true,
        TypeRef::Named(id) => !matches!(graph.get(*id).kind, TypeKind::Enum(_) | TypeKind::Constant(_)),
        _ => false,
    }
}

/// The helper that flattens object query parameters, where any operation has one.
fn deep_object_helper(graph: &TypeGraph, features: &Features) -> TokenStream {
    let users: BTreeSet<String> = graph
        .operations
        .iter()
        .filter(|op| op.client.is_some() && op.params.iter().any(|p| p.location == ParameterLocation::Query && is_deep_object(graph, &p.ty)))
        .filter_map(|op| area_feature(features, op))
        .collect();
    if users.is_empty() {
        return quote!();
    }
    let gate = cfg(&users);
    quote! {
        /// The `key=value` pairs of an object query parameter, as text.
        #gate
        fn deep_object(value: &impl serde::Serialize) -> Vec<(String, String)> {
            match serde_json::to_value(value) {
                Ok(serde_json::Value::Object(map)) => map
                    .into_iter()
                    .filter(|(_, value)| !value.is_null())
                    .map(|(key, value)| match value {
                        serde_json::Value::String(text) => (key, text),
                        other => (key, other.to_string()),
                    })
                    .collect(),
                _ => Vec::new(),
            }
        }
    }
}

/// `VectorStoresFiles` for `vector_stores.files`; `...Api` if a type has the name.
fn resource_struct(path: &[String], type_names: &BTreeSet<&str>) -> Ident {
    let bare: Vec<&str> = path.iter().map(|p| p.trim_start_matches("r#")).collect();
    let name = variant_name(&bare.join("_"), "Resource");
    if type_names.contains(name.as_str()) {
        format_ident!("{}Api", name)
    } else {
        format_ident!("{}", name)
    }
}

fn resource_items(
    graph: &TypeGraph,
    features: &Features,
    path: &[String],
    node: &Resource<'_>,
    type_names: &BTreeSet<&str>,
    out: &mut Vec<TokenStream>,
) {
    let struct_name = resource_struct(path, type_names);
    let node_features = node.features(features);
    let gate = cfg(&node_features);
    // Inside the gated impl, a method is gated only by what differs.
    let inner_gate = |own: BTreeSet<String>| if own == node_features { quote!() } else { cfg(&own) };
    let shown: Vec<&str> = path.iter().map(|p| p.trim_start_matches("r#")).collect();
    let doc = format!(" The `{}` resource: `client.{}()`.", shown.join("."), shown.join("().") );
    let mut methods = Vec::new();
    for (name, child) in &node.children {
        let mut child_path = path.to_vec();
        child_path.push(name.clone());
        let child_struct = resource_struct(&child_path, type_names);
        let child_gate = inner_gate(child.features(features));
        let accessor = ident(name);
        let shown_child: Vec<&str> = child_path.iter().map(|p| p.trim_start_matches("r#")).collect();
        let child_doc = format!(" The `{}` resource.", shown_child.join("."));
        methods.push(quote! {
            #[doc = #child_doc]
            #child_gate
            pub fn #accessor(&self) -> #child_struct<'a> {
                #child_struct { client: self.client }
            }
        });
        resource_items(graph, features, &child_path, child, type_names, out);
    }
    for op in &node.operations {
        let gate = inner_gate(area_feature(features, op).into_iter().collect());
        methods.extend(operation_methods(graph, op, &gate));
    }
    out.push(quote! {
        #[doc = #doc]
        #gate
        #[derive(Clone, Copy, Debug)]
        pub struct #struct_name<'a> {
            client: &'a Client,
        }

        #gate
        impl<'a> #struct_name<'a> {
            #(#methods)*
        }
    });
}

/// The marker type of an operation with typed parameters.
fn marker_name(op: &OperationTypes) -> Ident {
    format_ident!("{}", variant_name(&op.id, "Operation"))
}

fn has_setters(op: &OperationTypes) -> bool {
    op.params.iter().any(|p| p.location != ParameterLocation::Path && !p.required)
}

fn operation_marker(features: &Features, op: &OperationTypes) -> Option<TokenStream> {
    op.client.as_ref()?;
    if !has_setters(op) {
        return None;
    }
    let name = marker_name(op);
    let gate = cfg(&area_feature(features, op).into_iter().collect());
    let doc = format!(" The parameters of `{}`.", op.id);
    Some(quote! {
        #[doc = #doc]
        #gate
        #[derive(Debug)]
        pub enum #name {}
    })
}

/// The doc of an operation: summary, description, method and path.
fn operation_docs(op: &OperationTypes, note: Option<&str>) -> TokenStream {
    let mut text = String::new();
    if let Some(summary) = &op.docs.title {
        text.push_str(summary.trim());
    }
    if let Some(description) = &op.docs.description {
        if op.docs.title.as_deref().map(str::trim) != Some(description.trim()) {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(description.trim());
        }
    }
    if let Some(note) = note {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(note);
    }
    let mut lines = sanitize(&text);
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.push(format!("`{} {}` (`{}`)", op.method.to_uppercase(), op.path, op.id));
    let lines = lines.iter().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") });
    quote!(#(#[doc = #lines])*)
}

/// A method argument for a required parameter, and how it is passed on.
struct Argument {
    name: Ident,
    ty: TokenStream,
}

fn path_arguments(op: &OperationTypes) -> Vec<(String, Argument)> {
    op.params
        .iter()
        .filter(|p| p.location == ParameterLocation::Path)
        .map(|p| (p.name.clone(), Argument { name: ident(&crate::name::field_name(&p.name)), ty: quote!(&str) }))
        .collect()
}

/// `format!("/files/{}", path_segment(file_id))`, or a literal when the path has no parameter.
fn path_expression(op: &OperationTypes, arguments: &[(String, Argument)]) -> TokenStream {
    let (bare, _) = split_query(&op.path);
    let mut template = String::new();
    let mut values = Vec::new();
    for segment in bare.split('/').filter(|s| !s.is_empty()) {
        template.push('/');
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(name) => {
                template.push_str("{}");
                let argument = arguments.iter().find(|(n, _)| n == name).map(|(_, a)| &a.name);
                values.push(quote!(http::path_segment(#argument)));
            }
            None => template.push_str(&segment.replace('{', "{{").replace('}', "}}")),
        }
    }
    if values.is_empty() {
        quote!(#template)
    } else {
        quote!(format!(#template, #(#values),*))
    }
}

/// How a query parameter is passed: the argument's type, and the call
/// with the value added (`call` is the expression of the call so far).
fn query_value(graph: &TypeGraph, name: &str, ty: &TypeRef, value: &TokenStream, call: TokenStream) -> (TokenStream, TokenStream) {
    match ty {
        TypeRef::String => (quote!(&str), quote!(#call.query(#name, #value))),
        TypeRef::Integer => (quote!(i64), quote!(#call.query(#name, #value))),
        TypeRef::Float => (quote!(f64), quote!(#call.query(#name, #value))),
        TypeRef::Bool => (quote!(bool), quote!(#call.query(#name, #value))),
        TypeRef::List(inner) => {
            // Arrays go as repeated `name[]=value`, as the official SDKs send them.
            let name = if name.ends_with("[]") { name.to_string() } else { format!("{name}[]") };
            let (item_ty, push) = query_value(graph, &name, inner, &quote!(item), quote!(call));
            // Items own their text: `&str` items would need a named lifetime.
            let item_ty = if **inner == TypeRef::String { quote!(impl std::fmt::Display) } else { item_ty };
            (quote!(impl IntoIterator<Item = #item_ty>), quote!(#value.into_iter().fold(#call, |call, item| #push)))
        }
        TypeRef::Named(id) if matches!(graph.get(*id).kind, TypeKind::Enum(_)) => {
            let named = type_tokens(graph, ty);
            (quote!(impl Into<#named>), quote!(#call.query(#name, #value.into())))
        }
        // A one-value parameter: its unit type, written as its value.
        TypeRef::Named(id) if matches!(graph.get(*id).kind, TypeKind::Constant(_)) => {
            let named = type_tokens(graph, ty);
            (quote!(#named), quote!(#call.query(#name, #value)))
        }
        other => {
            // Objects go as `name[key]=value` (deepObject), the OpenAI form.
            let named = type_tokens(graph, other);
            let key = format!("{name}[{{}}]");
            (
                quote!(&#named),
                quote!(deep_object(#value).into_iter().fold(#call, |call, (key, text)| call.query(format!(#key, key), text))),
            )
        }
    }
}

/// The setter name of a parameter: its field name, or `set_<name>` where that is a method of `Call`.
pub(super) fn setter_name(param: &ParamType) -> Ident {
    let name = crate::name::field_name(&param.name.replace("[]", ""));
    if CALL_METHODS.contains(&name.trim_start_matches("r#")) {
        format_ident!("set_{}", name.trim_start_matches("r#"))
    } else {
        ident(&name)
    }
}

fn typed_setters(graph: &TypeGraph, features: &Features, op: &OperationTypes) -> Option<TokenStream> {
    op.client.as_ref()?;
    if !has_setters(op) {
        return None;
    }
    let marker = marker_name(op);
    let gate = cfg(&area_feature(features, op).into_iter().collect());
    let setters = op.params.iter().filter(|p| p.location != ParameterLocation::Path && !p.required).map(|p| {
        let setter = setter_name(p);
        let docs = param_docs(p);
        let wire = p.name.as_str();
        match p.location {
            ParameterLocation::Header => {
                let (ty, join) = match &p.ty {
                    TypeRef::List(_) => (
                        quote!(impl IntoIterator<Item = impl std::fmt::Display>),
                        quote!(value.into_iter().map(|v| v.to_string()).collect::<Vec<_>>().join(",")),
                    ),
                    _ => (quote!(impl std::fmt::Display), quote!(value.to_string())),
                };
                quote! {
                    #docs
                    pub fn #setter(self, value: #ty) -> Self {
                        self.header(#wire, #join)
                    }
                }
            }
            _ => {
                let (ty, call) = query_value(graph, wire, &p.ty, &quote!(value), quote!(self));
                quote! {
                    #docs
                    pub fn #setter(self, value: #ty) -> Self {
                        #call
                    }
                }
            }
        }
    });
    Some(quote! {
        #gate
        impl<K: http::Decode> Call<K, op::#marker> {
            #(#setters)*
        }
    })
}

fn param_docs(p: &ParamType) -> TokenStream {
    let mut lines = super::docs::doc_lines(&p.docs);
    if lines.is_empty() {
        lines.push(format!("Sets `{}`.", p.name.replace('`', "'")));
    }
    let lines = lines.iter().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") });
    quote!(#(#[doc = #lines])*)
}

/// The client methods of one operation: the method itself, and `_stream` for
/// operations that can answer with events.
fn operation_methods(graph: &TypeGraph, op: &OperationTypes, gate: &TokenStream) -> Vec<TokenStream> {
    let (Some(client), Some(shape)) = (&op.client, &op.shape) else { return Vec::new() };
    let deprecated = if op.docs.deprecated { quote!(#[deprecated]) } else { quote!() };
    let name = ident(&client.method);
    let mut arguments: Vec<Argument> = path_arguments(op).into_iter().map(|(_, a)| a).collect();
    let path_args = path_arguments(op);
    let path = path_expression(op, &path_args);
    let method = format_ident!("{}", op.method.to_uppercase());
    let (_, fixed_query) = split_query(&op.path);
    let fixed = fixed_query.and_then(|q| q.split_once('=')).map(|(k, v)| quote!(.query(#k, #v)));
    let mut call = quote!(self.client.request(http::Method::#method, #path) #fixed);
    // Required query parameters are arguments too.
    for p in op.params.iter().filter(|p| p.location == ParameterLocation::Query && p.required) {
        let value = ident(&crate::name::field_name(&p.name));
        let (ty, with_value) = query_value(graph, &p.name, &p.ty, &quote!(#value), call);
        arguments.push(Argument { name: value, ty });
        call = with_value;
    }
    let body_argument = match &shape.request {
        RequestShape::Json(ty) | RequestShape::Multipart(ty) => {
            let ty = type_tokens(graph, ty);
            Some(Argument { name: format_ident!("request"), ty: quote!(&#ty) })
        }
        RequestShape::Raw(_) => Some(Argument { name: format_ident!("body"), ty: quote!(&str) }),
        RequestShape::None => None,
    };
    arguments.extend(body_argument);
    let params: Vec<TokenStream> = arguments
        .iter()
        .map(|a| {
            let (name, ty) = (&a.name, &a.ty);
            quote!(#name: #ty)
        })
        .collect();
    let (marker, into_marker) = if has_setters(op) {
        let marker = marker_name(op);
        (quote!(, op::#marker), quote!(.operation()))
    } else {
        (quote!(), quote!())
    };
    let kind = response_kind(graph, shape);
    let docs = operation_docs(op, None);
    let (setup, with_body) = request_body(graph, shape, call.clone(), false);
    let mut out = vec![quote! {
        #docs
        #gate
        #deprecated
        pub fn #name(&self, #(#params),*) -> Call<#kind #marker> {
            #setup
            #with_body #into_marker
        }
    }];
    if let Some(event) = &shape.stream {
        let stream_name = format_ident!("{}_stream", client.method.trim_start_matches("r#"));
        let event = type_tokens(graph, event);
        let (setup, with_body) = request_body(graph, shape, call, true);
        let note = format!(
            "Streamed: each item of the stream is one server-sent event. Otherwise as [`{}`](Self::{}).",
            client.method.trim_start_matches("r#"),
            client.method.trim_start_matches("r#")
        );
        let docs = stream_docs(op, &note);
        out.push(quote! {
            #docs
            #gate
            #deprecated
            pub fn #stream_name(&self, #(#params),*) -> Call<http::Sse<#event> #marker> {
                #setup
                #with_body #into_marker
            }
        });
    }
    out
}

fn stream_docs(op: &OperationTypes, note: &str) -> TokenStream {
    let lines = [format!(" {note}"), String::new(), format!(" `{} {}` (`{}`)", op.method.to_uppercase(), op.path, op.id)];
    quote!(#(#[doc = #lines])*)
}

fn response_kind(graph: &TypeGraph, shape: &OperationShape) -> TokenStream {
    match &shape.response {
        ResponseShape::Json(ty) => {
            let ty = type_tokens(graph, ty);
            quote!(http::Json<#ty>)
        }
        ResponseShape::Binary => quote!(http::Bytes),
        ResponseShape::Text => quote!(http::Text),
        ResponseShape::Empty => quote!(http::Empty),
    }
}

/// The call with its request body (for the stream method, asking for a
/// stream), and any statement that must come first.
fn request_body(graph: &TypeGraph, shape: &OperationShape, call: TokenStream, stream: bool) -> (TokenStream, TokenStream) {
    match &shape.request {
        RequestShape::Json(ty) => {
            let ask = match (stream, shape.stream_field, stream_format_field(graph, ty)) {
                (false, ..) | (true, false, false) => quote!(),
                (true, true, _) => quote!(.body_field("stream", true)),
                (true, false, true) => quote!(.body_field("stream_format", "sse")),
            };
            (quote!(), quote!(#call.json(request) #ask))
        }
        RequestShape::Multipart(ty) if stream && shape.stream_field => {
            let set = stream_assignment(graph, ty);
            (
                quote! {
                    let mut request = request.clone();
                    #set
                },
                quote!(#call.multipart(http::Multipart::to_form(&request))),
            )
        }
        RequestShape::Multipart(_) => (quote!(), quote!(#call.multipart(http::Multipart::to_form(request)))),
        RequestShape::Raw(content_type) => (quote!(), quote!(#call.raw_body(body.to_string(), #content_type))),
        RequestShape::None => (quote!(), call),
    }
}

fn stream_format_field(graph: &TypeGraph, ty: &TypeRef) -> bool {
    struct_fields(graph, ty).is_some_and(|fields| fields.iter().any(|f| f.json_name == "stream_format"))
}

fn struct_fields<'a>(graph: &'a TypeGraph, ty: &TypeRef) -> Option<&'a [Field]> {
    match &graph.get(graph.resolve_named(ty)?).kind {
        TypeKind::Struct(s) => Some(&s.fields),
        _ => None,
    }
}

/// `request.stream = ...true` in the field's own form.
fn stream_assignment(graph: &TypeGraph, ty: &TypeRef) -> TokenStream {
    let Some(field) = struct_fields(graph, ty).and_then(|f| f.iter().find(|f| f.json_name == "stream")) else { return quote!() };
    let name = ident(&field.rust_name);
    let value = match (field.required, field.nullable) {
        (true, false) => quote!(true),
        (false, true) => quote!(crate::runtime::Nullable::Value(true)),
        _ => quote!(Some(true)),
    };
    quote!(request.#name = #value;)
}

/// `impl Page` for every list type an auto-paged operation answers with.
fn page_impls(graph: &TypeGraph, features: &Features) -> Vec<TokenStream> {
    let mut lists: BTreeMap<usize, (BTreeSet<String>, &crate::model::operations::PageShape)> = BTreeMap::new();
    for op in graph.operations.iter().filter(|op| op.client.is_some()) {
        let Some(page) = op.shape.as_ref().and_then(|s| s.page.as_ref()) else { continue };
        let entry = lists.entry(page.list.0).or_insert_with(|| (BTreeSet::new(), page));
        entry.0.extend(area_feature(features, op));
    }
    lists
        .into_values()
        .filter_map(|(gates, page)| {
            let def = graph.get(page.list);
            let TypeKind::Struct(s) = &def.kind else { return None };
            let field = |json: &str| s.fields.iter().find(|f| f.json_name == json);
            let data = ident(&field("data")?.rust_name);
            let has_more_field = field("has_more")?;
            let has_more_name = ident(&has_more_field.rust_name);
            let has_more = match (has_more_field.required, has_more_field.nullable) {
                (true, false) => quote!(self.#has_more_name),
                (false, true) => quote!(self.#has_more_name.as_ref().copied().unwrap_or(false)),
                _ => quote!(self.#has_more_name.unwrap_or(false)),
            };
            let cursor = match &page.cursor {
                Cursor::LastId { required } => {
                    let last = field("last_id")?;
                    let last_name = ident(&last.rust_name);
                    match (required, last.nullable) {
                        (true, _) => quote!(Some(self.#last_name.clone()).filter(|id| !id.is_empty())),
                        (false, true) if !last.required => quote!(self.#last_name.as_ref().cloned()),
                        _ => quote!(self.#last_name.clone()),
                    }
                }
                Cursor::LastItemId => {
                    let item_fields = struct_fields(graph, &page.item)?;
                    let id = ident(&item_fields.iter().find(|f| f.json_name == "id")?.rust_name);
                    quote!(self.#data.last().map(|item| item.#id.clone()))
                }
            };
            let name = format_ident!("{}", def.name);
            let item = type_tokens(graph, &page.item);
            let gate = cfg(&gates);
            Some(quote! {
                #gate
                impl http::Page for #name {
                    type Item = #item;

                    fn into_items(self) -> Vec<Self::Item> {
                        self.#data
                    }

                    fn has_more(&self) -> bool {
                        #has_more
                    }

                    fn next_cursor(&self) -> Option<String> {
                        #cursor
                    }
                }
            })
        })
        .collect()
}

/// The statement adding one field to `form`: files as file parts (one
/// `name[]` part per file of a list), a union of a file and files by its
/// variant, anything else as a JSON-valued field.
fn form_part(graph: &TypeGraph, json: &str, ty: &TypeRef, value: TokenStream) -> TokenStream {
    let files = |ty: &TypeRef, value: TokenStream| match ty.unboxed() {
        TypeRef::Bytes => Some(quote!(form = form.file(#json, #value);)),
        TypeRef::List(inner) if **inner == TypeRef::Bytes => {
            let each = format!("{json}[]");
            Some(quote! {
                for file in #value {
                    form = form.file(#each, file);
                }
            })
        }
        _ => None,
    };
    if let Some(part) = files(ty, value.clone()) {
        return part;
    }
    let union = graph.resolve_named(ty).map(|id| graph.get(id));
    if let Some(def @ crate::model::TypeDef { kind: TypeKind::Untagged(u), .. }) = union {
        if u.variants.iter().any(|v| files(&v.ty, quote!(file)).is_some()) {
            let name = format_ident!("{}", def.name);
            let arms = u.variants.iter().map(|v| {
                let variant = format_ident!("{}", v.name);
                let binding = if matches!(v.ty.unboxed(), TypeRef::List(_)) { quote!(files) } else { quote!(file) };
                let part = files(&v.ty, binding.clone()).unwrap_or_else(|| quote!(form = form.json(#json, #binding);));
                quote!(#name::#variant(#binding) => { #part })
            });
            return quote! {
                match #value {
                    #(#arms)*
                }
            };
        }
    }
    quote!(form = form.json(#json, #value);)
}

/// `impl Multipart` for every type sent as `multipart/form-data`.
fn multipart_impls(graph: &TypeGraph, features: &Features) -> Vec<TokenStream> {
    let mut forms: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
    for op in graph.operations.iter().filter(|op| op.client.is_some()) {
        let Some(RequestShape::Multipart(ty)) = op.shape.as_ref().map(|s| &s.request) else { continue };
        let Some(id) = graph.resolve_named(ty) else { continue };
        forms.entry(id.0).or_default().extend(area_feature(features, op));
    }
    forms
        .into_iter()
        .filter_map(|(index, gates)| {
            let def = &graph.types[index];
            let TypeKind::Struct(s) = &def.kind else { return None };
            let parts = s.fields.iter().map(|f| {
                let json = &f.json_name;
                let name = ident(&f.rust_name);
                let part = |value: TokenStream| form_part(graph, json, &f.ty, value);
                match (f.required, f.nullable) {
                    (true, false) => part(quote!(&self.#name)),
                    (false, true) => {
                        let inner = part(quote!(value));
                        quote! {
                            if let crate::runtime::Nullable::Value(value) = &self.#name {
                                #inner
                            }
                        }
                    }
                    _ => {
                        let inner = part(quote!(value));
                        quote! {
                            if let Some(value) = &self.#name {
                                #inner
                            }
                        }
                    }
                }
            });
            let extra = ident(&s.extra_name);
            let name = format_ident!("{}", def.name);
            let gate = cfg(&gates);
            Some(quote! {
                #gate
                impl http::Multipart for #name {
                    fn to_form(&self) -> http::Form {
                        let mut form = http::Form::new();
                        #(#parts)*
                        for (key, value) in self.#extra.iter() {
                            form = form.json(key, value);
                        }
                        form
                    }
                }
            })
        })
        .collect()
}

//! Type references → Rust type tokens, and facts the emitters need about them.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::model::{Field, TypeGraph, TypeId, TypeKind, TypeRef};
use crate::name::CONSTANTS;

/// An identifier, raw when it is spelled `r#...`.
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

pub fn type_tokens(graph: &TypeGraph, ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::Named(id) => named(graph, *id),
        TypeRef::Bool => quote!(bool),
        TypeRef::Integer => quote!(i64),
        TypeRef::Float => quote!(f64),
        TypeRef::String => quote!(String),
        TypeRef::Bytes => quote!(crate::runtime::Binary),
        TypeRef::Any => quote!(serde_json::Value),
        TypeRef::List(inner) => {
            let inner = type_tokens(graph, inner);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) if **inner == TypeRef::Any => quote!(serde_json::Map<String, serde_json::Value>),
        TypeRef::Map(inner) => {
            let inner = type_tokens(graph, inner);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
        TypeRef::Boxed(inner) => {
            let inner = type_tokens(graph, inner);
            quote!(Box<#inner>)
        }
        TypeRef::Nullable(inner) => {
            let inner = type_tokens(graph, inner);
            quote!(Option<#inner>)
        }
    }
}

fn named(graph: &TypeGraph, id: TypeId) -> TokenStream {
    let def = graph.get(id);
    let name = format_ident!("{}", def.name);
    if def.module == CONSTANTS {
        let module = format_ident!("{}", CONSTANTS);
        quote!(crate::#module::#name)
    } else {
        quote!(#name)
    }
}

/// The declared type of a field: `T`, `Option<T>` or `Nullable<T>`.
pub fn field_tokens(graph: &TypeGraph, field: &Field) -> TokenStream {
    let inner = type_tokens(graph, &field.ty);
    match (field.required, field.nullable) {
        (true, false) => inner,
        (true, true) | (false, false) => quote!(Option<#inner>),
        (false, true) => quote!(crate::runtime::Nullable<#inner>),
    }
}

pub fn is_constant(graph: &TypeGraph, ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Named(id) if matches!(graph.get(*id).kind, TypeKind::Constant(_)))
}

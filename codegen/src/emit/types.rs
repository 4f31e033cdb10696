//! Type references → Rust type tokens.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::facts::FieldFacts;
use crate::model::{Field, TypeGraph, TypeId, TypeRef, Wrapper};
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
pub fn field_tokens(graph: &TypeGraph, field: &Field, facts: &FieldFacts) -> TokenStream {
    let inner = type_tokens(graph, &field.ty);
    match facts.mode.wrapper() {
        Wrapper::Plain => inner,
        Wrapper::Option => quote!(Option<#inner>),
        Wrapper::Nullable => quote!(crate::runtime::Nullable<#inner>),
    }
}

//! One emitter per type kind. Attributes always come in the same order:
//! docs, `cfg` (added by the module emitter for feature gates),
//! `deprecated`, `derive`.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::docs::doc_lines;
use super::objects;
use super::types::{field_tokens, ident, type_tokens};
use super::unions::{tagged, untagged};
use crate::facts::{FieldFacts, TypeFacts};
use crate::load::Meta;
use crate::model::{Enum, Field, Struct, TypeDef, TypeGraph, TypeId, TypeKind, TypeRef};
use crate::name::OTHER_VARIANT;

pub fn item(graph: &TypeGraph, id: TypeId) -> TokenStream {
    let def = graph.get(id);
    let facts = &graph.facts.types[id.0];
    let docs = docs(&def.docs);
    let deprecated = deprecated(&def.docs);
    let name = format_ident!("{}", def.name);
    let body = match &def.kind {
        TypeKind::Struct(s) => [structure(graph, def, facts, s), super::builders::builder(graph, def, facts, s)].into_iter().collect(),
        TypeKind::Enum(e) => string_enum(def, e),
        TypeKind::Tagged(t) => tagged(graph, def, facts, t),
        TypeKind::Untagged(u) => untagged(graph, def, facts, u),
        TypeKind::Constant(value) => constant(def, value),
        TypeKind::Alias(ty) => {
            let ty = type_tokens(graph, ty);
            quote!(pub type #name = #ty;)
        }
        TypeKind::Pending => quote!(),
    };
    let conversions = super::conversions::conversions(graph, def, facts);
    quote! {
        #docs
        #deprecated
        #body
        #conversions
    }
}

pub(super) fn docs(meta: &Meta) -> TokenStream {
    let lines = doc_lines(meta);
    let lines = lines.iter().map(|l| format!(" {l}"));
    quote!(#(#[doc = #lines])*)
}

fn deprecated(meta: &Meta) -> TokenStream {
    if meta.deprecated {
        quote!(#[deprecated])
    } else {
        quote!()
    }
}

fn structure(graph: &TypeGraph, def: &TypeDef, facts: &TypeFacts, s: &Struct) -> TokenStream {
    let name = format_ident!("{}", def.name);
    let default = if s.derives_default { quote!(Default,) } else { quote!() };
    let fields = s.fields.iter().zip(&facts.fields).map(|(f, field_facts)| field(graph, f, field_facts));
    let extra_name = ident(&s.extra_name);
    let extra_type = match &s.extra {
        TypeRef::Any => quote!(crate::runtime::Extra),
        typed => {
            let ty = type_tokens(graph, typed);
            quote!(crate::runtime::Extra<#ty>)
        }
    };
    let serialize = objects::serialize(&name, s, facts);
    let deserialize = objects::deserialize(def, s, facts);
    let placeholder = match def.placeholder {
        Some(_) => objects::placeholder(&name, s),
        None => quote!(),
    };
    quote! {
        #[derive(Clone, Debug, #default PartialEq)]
        pub struct #name {
            #(#fields)*
            /// Properties the spec does not declare, kept as sent, and how
            /// declared fields arrived when not as the spec says.
            pub #extra_name: #extra_type,
        }

        #serialize
        #deserialize
        #placeholder
    }
}

fn field(graph: &TypeGraph, f: &Field, facts: &FieldFacts) -> TokenStream {
    let docs = docs(&f.docs);
    let deprecated = deprecated(&f.docs);
    let name = ident(&f.rust_name);
    let ty = field_tokens(graph, f, facts);
    quote! {
        #docs
        #deprecated
        pub #name: #ty,
    }
}

fn string_enum(def: &TypeDef, e: &Enum) -> TokenStream {
    let name = format_ident!("{}", def.name);
    let other = format_ident!("{}", OTHER_VARIANT);
    let variants: Vec<_> = e.values.iter().map(|v| format_ident!("{}", v.rust_name)).collect();
    let values: Vec<_> = e.values.iter().map(|v| Literal::string(&v.value)).collect();
    let variant_docs = e.values.iter().map(|v| format!(" `{}`", v.value.replace('`', "'")));
    quote! {
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#[doc = #variant_docs] #variants,)*
            /// A value this version of the crate does not know, kept as sent.
            #other(String),
        }

        crate::runtime::string_enum!(#name { #(#variants = #values),* });
    }
}

fn constant(def: &TypeDef, value: &str) -> TokenStream {
    let name = format_ident!("{}", def.name);
    let value = Literal::string(value);
    quote! {
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
        pub struct #name;

        crate::runtime::constant!(#name = #value);
    }
}


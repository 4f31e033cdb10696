//! Conversions into unions beyond `From<Payload>` for their own variants
//! (those are emitted with the union), as the facts pass chose them
//! ([`TypeFacts::nested_from`], [`TypeFacts::from_string`]):
//!
//! - one level of nesting: a union with a variant that is itself a union
//!   converts from that inner union's payloads (`FunctionToolCall` into
//!   `InputItem` through `Item`);
//! - strings: a union of open string enums (and no plain string) converts
//!   from `&str` and `String`, to the first variant whose enum knows the
//!   value, else to the first enum (as reading the string would).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::types::type_tokens;
use crate::facts::TypeFacts;
use crate::model::{TypeDef, TypeGraph, TypeKind, TypeRef};
use crate::name::OTHER_VARIANT;

/// Variant names and payload types of a union.
fn variants(kind: &TypeKind) -> Vec<(&String, &TypeRef)> {
    match kind {
        TypeKind::Tagged(t) => t.variants.iter().map(|v| (&v.name, &v.ty)).collect(),
        TypeKind::Untagged(u) => u.variants.iter().map(|v| (&v.name, &v.ty)).collect(),
        _ => Vec::new(),
    }
}

pub fn conversions(graph: &TypeGraph, def: &TypeDef, facts: &TypeFacts) -> TokenStream {
    let own = variants(&def.kind);
    let mut out = nested(graph, def, facts, &own);
    out.extend(from_string(graph, def, facts, &own));
    out
}

fn nested(graph: &TypeGraph, def: &TypeDef, facts: &TypeFacts, own: &[(&String, &TypeRef)]) -> TokenStream {
    let union = format_ident!("{}", def.name);
    let impls = facts.nested_from.iter().map(|nested| {
        let (variant, ty) = own[nested.variant];
        let variant = format_ident!("{}", variant);
        let inner = format_ident!("{}", graph.get(nested.inner).name);
        let source = type_tokens(graph, nested.source.unboxed());
        let value = if matches!(ty, TypeRef::Boxed(_)) { quote!(Box::new(#inner::from(value))) } else { quote!(#inner::from(value)) };
        quote! {
            impl From<#source> for #union {
                fn from(value: #source) -> Self {
                    Self::#variant(#value)
                }
            }
        }
    });
    quote!(#(#impls)*)
}

fn from_string(graph: &TypeGraph, def: &TypeDef, facts: &TypeFacts, own: &[(&String, &TypeRef)]) -> TokenStream {
    let Some((first_variant, first_enum)) = facts.from_string.first() else { return quote!() };
    let union = format_ident!("{}", def.name);
    let other = format_ident!("{}", OTHER_VARIANT);
    let first_variant = format_ident!("{}", own[*first_variant].0);
    let first_enum = format_ident!("{}", graph.get(*first_enum).name);
    let tries = facts.from_string.iter().map(|(variant, id)| {
        let variant = format_ident!("{}", own[*variant].0);
        let ty = format_ident!("{}", graph.get(*id).name);
        quote! {
            if !matches!(#ty::from(value.as_str()), #ty::#other(_)) {
                return Self::#variant(#ty::from(value));
            }
        }
    });
    quote! {
        impl From<String> for #union {
            /// The first variant that knows the value, else the first string enum.
            fn from(value: String) -> Self {
                #(#tries)*
                Self::#first_variant(#first_enum::from(value))
            }
        }

        impl From<&str> for #union {
            fn from(value: &str) -> Self {
                Self::from(value.to_string())
            }
        }
    }
}

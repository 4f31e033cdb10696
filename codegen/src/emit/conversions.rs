//! Conversions into unions beyond `From<Payload>` for their own variants
//! (those are emitted with the union):
//!
//! - one level of nesting: a union with a variant that is itself a union
//!   converts from that inner union's payloads (`FunctionToolCall` into
//!   `InputItem` through `Item`), when no other path gives the same source type;
//! - strings: a union of open string enums (and no plain string) converts
//!   from `&str` and `String`, to the first variant whose enum knows the
//!   value, else to the first enum (as reading the string would).

use std::collections::HashMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::types::type_tokens;
use crate::facts::{TypeFacts, VariantFacts};
use crate::model::{TypeDef, TypeGraph, TypeId, TypeKind, TypeRef};
use crate::name::OTHER_VARIANT;

/// Variant names and payload types of a union.
fn variants(kind: &TypeKind) -> Option<Vec<(&String, &TypeRef)>> {
    match kind {
        TypeKind::Tagged(t) => Some(t.variants.iter().map(|v| (&v.name, &v.ty)).collect()),
        TypeKind::Untagged(u) => Some(u.variants.iter().map(|v| (&v.name, &v.ty)).collect()),
        _ => None,
    }
}

pub fn conversions(graph: &TypeGraph, def: &TypeDef, facts: &TypeFacts) -> TokenStream {
    let Some(own) = variants(&def.kind) else { return quote!() };
    let own: Vec<((&String, &TypeRef), &VariantFacts)> = own.into_iter().zip(&facts.variants).collect();
    let mut out = nested(graph, def, &own);
    out.extend(from_str(graph, def, &own));
    out
}

fn nested(graph: &TypeGraph, def: &TypeDef, own: &[((&String, &TypeRef), &VariantFacts)]) -> TokenStream {
    let union = format_ident!("{}", def.name);
    let own_keys: Vec<&str> = own.iter().map(|(_, facts)| facts.payload_key.as_str()).collect();
    // source key → (outer variant, outer payload is boxed, inner union, source type, source's named type)
    let mut candidates: Vec<(&str, &String, bool, TypeId, &TypeRef, TypeId)> = Vec::new();
    for ((variant, ty), facts) in own.iter().filter(|(_, facts)| facts.unique_payload) {
        let Some(inner_id) = facts.named else { continue };
        let Some(inner) = variants(&graph.get(inner_id).kind) else { continue };
        let inner_facts = &graph.facts.types[inner_id.0].variants;
        for ((_, source), source_facts) in inner.into_iter().zip(inner_facts).filter(|(_, f)| f.unique_payload) {
            let Some(source_named) = source_facts.named else { continue };
            candidates.push((source_facts.payload_key.as_str(), variant, matches!(ty, TypeRef::Boxed(_)), inner_id, source, source_named));
        }
    }
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for (k, ..) in &candidates {
        *counts.entry(*k).or_default() += 1;
    }
    let impls = candidates
        .iter()
        .filter(|(k, ..)| counts[k] == 1 && !own_keys.contains(k))
        // A union nested in itself would convert from itself.
        .filter(|(.., source_named)| graph.get(*source_named).name != def.name)
        .map(|(_, variant, boxed, inner_id, source, _)| {
            let variant = format_ident!("{}", variant);
            let inner = format_ident!("{}", graph.get(*inner_id).name);
            let source = type_tokens(graph, source.unboxed());
            let value = if *boxed { quote!(Box::new(#inner::from(value))) } else { quote!(#inner::from(value)) };
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

fn from_str(graph: &TypeGraph, def: &TypeDef, own: &[((&String, &TypeRef), &VariantFacts)]) -> TokenStream {
    if !matches!(def.kind, TypeKind::Untagged(_)) {
        return quote!();
    }
    let mut enums = Vec::new();
    for ((variant, ty), facts) in own {
        if matches!(ty.unboxed(), TypeRef::String) {
            return quote!();
        }
        match facts.named {
            Some(id) => match &graph.get(id).kind {
                TypeKind::Enum(_) if !matches!(ty, TypeRef::Boxed(_)) => enums.push((*variant, id)),
                TypeKind::Alias(TypeRef::String) => return quote!(),
                _ => {}
            },
            None if facts.payload_key == "String" => return quote!(),
            None => {}
        }
    }
    let Some((first_variant, first_enum)) = enums.first() else { return quote!() };
    let union = format_ident!("{}", def.name);
    let other = format_ident!("{}", OTHER_VARIANT);
    let first_variant = format_ident!("{}", first_variant);
    let first_enum = format_ident!("{}", graph.get(*first_enum).name);
    let tries = enums.iter().map(|(variant, id)| {
        let variant = format_ident!("{}", variant);
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

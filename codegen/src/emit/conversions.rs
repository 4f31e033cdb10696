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
use super::unions::{canonical, unique_payloads};
use crate::model::{TypeDef, TypeGraph, TypeId, TypeKind, TypeRef};
use crate::name::OTHER_VARIANT;

/// Follows aliases and boxes to the named type at the end, if any. Alias
/// cycles are reported by the model; here they just end the walk.
fn resolve(graph: &TypeGraph, ty: &TypeRef) -> Option<TypeId> {
    resolve_within(graph, ty, 32)
}

fn resolve_within(graph: &TypeGraph, ty: &TypeRef, depth: usize) -> Option<TypeId> {
    let depth = depth.checked_sub(1)?;
    match ty {
        TypeRef::Boxed(inner) => resolve_within(graph, inner, depth),
        TypeRef::Named(id) => match &graph.get(*id).kind {
            TypeKind::Alias(inner) => resolve_within(graph, inner, depth).or(Some(*id)),
            _ => Some(*id),
        },
        _ => None,
    }
}

/// Variant names and payload types of a union.
fn variants(kind: &TypeKind) -> Option<Vec<(&String, &TypeRef)>> {
    match kind {
        TypeKind::Tagged(t) => Some(t.variants.iter().map(|v| (&v.name, &v.ty)).collect()),
        TypeKind::Untagged(u) => Some(u.variants.iter().map(|v| (&v.name, &v.ty)).collect()),
        _ => None,
    }
}

pub fn conversions(graph: &TypeGraph, def: &TypeDef) -> TokenStream {
    let Some(own) = variants(&def.kind) else { return quote!() };
    let mut out = nested(graph, def, &own);
    out.extend(from_str(graph, def, &own));
    out
}

fn nested(graph: &TypeGraph, def: &TypeDef, own: &[(&String, &TypeRef)]) -> TokenStream {
    let union = format_ident!("{}", def.name);
    let own_keys: Vec<String> = own.iter().map(|(_, ty)| canonical(graph, ty)).collect();
    // source key → (outer variant, outer payload is boxed, inner union, source type)
    let mut candidates: Vec<(String, &String, bool, TypeId, &TypeRef)> = Vec::new();
    for (variant, ty) in unique_payloads(graph, own) {
        let Some(inner_id) = resolve(graph, ty) else { continue };
        let Some(inner) = variants(&graph.get(inner_id).kind) else { continue };
        for (_, source) in unique_payloads(graph, &inner) {
            if resolve(graph, source).is_none() {
                continue;
            }
            candidates.push((canonical(graph, source), variant, matches!(ty, TypeRef::Boxed(_)), inner_id, source));
        }
    }
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for (k, ..) in &candidates {
        *counts.entry(k.as_str()).or_default() += 1;
    }
    let impls = candidates
        .iter()
        .filter(|(k, ..)| counts[k.as_str()] == 1 && !own_keys.contains(k))
        // A union nested in itself would convert from itself.
        .filter(|(_, _, _, _, source)| resolve(graph, source).is_some_and(|id| graph.get(id).name != def.name))
        .map(|(_, variant, boxed, inner_id, source)| {
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

fn from_str(graph: &TypeGraph, def: &TypeDef, own: &[(&String, &TypeRef)]) -> TokenStream {
    if !matches!(def.kind, TypeKind::Untagged(_)) {
        return quote!();
    }
    let mut enums = Vec::new();
    for (variant, ty) in own {
        if matches!(ty.unboxed(), TypeRef::String) {
            return quote!();
        }
        match resolve(graph, ty) {
            Some(id) => match &graph.get(id).kind {
                TypeKind::Enum(_) if !matches!(ty, TypeRef::Boxed(_)) => enums.push((*variant, id)),
                TypeKind::Alias(TypeRef::String) => return quote!(),
                _ => {}
            },
            None if canonical(graph, ty) == "String" => return quote!(),
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

//! One emitter per type kind. Attributes always come in the same order:
//! docs, `deprecated`, `derive`, `serde`.

use std::collections::HashMap;

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::docs::doc_lines;
use super::types::{field_tokens, ident, is_constant, type_tokens};
use crate::load::Meta;
use crate::model::{Enum, Field, Struct, Tagged, TypeDef, TypeGraph, TypeKind, TypeRef, Untagged};
use crate::name::{OTHER_VARIANT, UNKNOWN_VARIANT};

pub fn item(graph: &TypeGraph, def: &TypeDef) -> TokenStream {
    let docs = docs(&def.docs);
    let deprecated = deprecated(&def.docs);
    let name = format_ident!("{}", def.name);
    let body = match &def.kind {
        TypeKind::Struct(s) => [structure(graph, def, s), super::builders::builder(graph, def, s)].into_iter().collect(),
        TypeKind::Enum(e) => string_enum(def, e),
        TypeKind::Tagged(t) => tagged(graph, def, t),
        TypeKind::Untagged(u) => untagged(graph, def, u),
        TypeKind::Constant(value) => constant(def, value),
        TypeKind::Alias(ty) => {
            let ty = type_tokens(graph, ty);
            quote!(pub type #name = #ty;)
        }
        TypeKind::Pending => quote!(),
    };
    let conversions = super::conversions::conversions(graph, def);
    quote! {
        #docs
        #deprecated
        #body
        #conversions
    }
}

fn docs(meta: &Meta) -> TokenStream {
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

fn structure(graph: &TypeGraph, def: &TypeDef, s: &Struct) -> TokenStream {
    let name = format_ident!("{}", def.name);
    let default = if s.derives_default { quote!(Default,) } else { quote!() };
    let fields = s.fields.iter().map(|f| field(graph, f));
    let extra_name = ident(&s.extra_name);
    let extra_type = match &s.extra {
        TypeRef::Any => quote!(serde_json::Map<String, serde_json::Value>),
        typed => {
            let ty = type_tokens(graph, typed);
            quote!(std::collections::BTreeMap<String, #ty>)
        }
    };
    quote! {
        #[derive(Clone, Debug, #default PartialEq, serde::Serialize, serde::Deserialize)]
        pub struct #name {
            #(#fields)*
            /// Properties the spec does not declare, kept as sent.
            #[serde(flatten)]
            pub #extra_name: #extra_type,
        }
    }
}

fn field(graph: &TypeGraph, f: &Field) -> TokenStream {
    let docs = docs(&f.docs);
    let deprecated = deprecated(&f.docs);
    let name = ident(&f.rust_name);
    let ty = field_tokens(graph, f);
    let mut serde = Vec::new();
    if f.rust_name.trim_start_matches("r#") != f.json_name {
        let json = &f.json_name;
        serde.push(quote!(rename = #json));
    }
    match (f.required, f.nullable) {
        (false, true) => {
            serde.push(quote!(default));
            serde.push(quote!(skip_serializing_if = "crate::runtime::Nullable::is_absent"));
        }
        // `null` is a JSON value like any other here: read it as `Some(Value::Null)`.
        (false, false) if f.ty == TypeRef::Any => {
            serde.push(quote!(default));
            serde.push(quote!(deserialize_with = "crate::runtime::present"));
            serde.push(quote!(skip_serializing_if = "Option::is_none"));
        }
        (false, false) => serde.push(quote!(skip_serializing_if = "Option::is_none")),
        (true, _) if is_constant(graph, &f.ty) || f.default_when_absent => serde.push(quote!(default)),
        (true, _) => {}
    }
    let serde = if serde.is_empty() { quote!() } else { quote!(#[serde(#(#serde),*)]) };
    quote! {
        #docs
        #deprecated
        #serde
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

fn tagged(graph: &TypeGraph, def: &TypeDef, t: &Tagged) -> TokenStream {
    let name = format_ident!("{}", def.name);
    let name_text = &def.name;
    let unknown = format_ident!("{}", UNKNOWN_VARIANT);
    let property = &t.property;
    let variants = t.variants.iter().map(|v| {
        let docs = docs(&v.docs);
        let variant = format_ident!("{}", v.name);
        let ty = type_tokens(graph, &v.ty);
        quote!(#docs #variant(#ty),)
    });
    let arms = t.dispatch().into_iter().map(|(tag, candidates)| {
        let body = match candidates.as_slice() {
            [single] => {
                let variant = format_ident!("{}", t.variants[*single].name);
                quote!(crate::runtime::tagged_variant(value, #name_text, #tag).map(Self::#variant))
            }
            many => first_match(graph, name_text, many.iter().map(|&i| (&t.variants[i].name, &t.variants[i].ty))),
        };
        quote!(Some(#tag) => #body,)
    });
    let absent = if t.optional_tag.is_empty() {
        let message = format!("missing the `{property}` tag of `{name_text}`");
        quote!(None => Err(serde::de::Error::custom(#message)),)
    } else {
        let body = first_match(graph, name_text, t.optional_tag.iter().map(|&i| (&t.variants[i].name, &t.variants[i].ty)));
        quote!(None => #body,)
    };
    let serialize_arms = t.variants.iter().map(|v| {
        let variant = format_ident!("{}", v.name);
        quote!(Self::#variant(inner) => serde::Serialize::serialize(inner, serializer),)
    });
    let from = from_impls(graph, &name, t.variants.iter().map(|v| (&v.name, &v.ty)));
    quote! {
        #[derive(Clone, Debug, PartialEq)]
        pub enum #name {
            #(#variants)*
            /// A variant this version of the crate does not know, kept as sent.
            #unknown(serde_json::Value),
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#serialize_arms)*
                    Self::#unknown(value) => serde::Serialize::serialize(value, serializer),
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                match crate::runtime::tag_of(&value, #property) {
                    #(#arms)*
                    #absent
                    Some(_) => Ok(Self::#unknown(value)),
                }
            }
        }

        #from
    }
}

fn untagged(graph: &TypeGraph, def: &TypeDef, u: &Untagged) -> TokenStream {
    let name = format_ident!("{}", def.name);
    let name_text = &def.name;
    let variants = u.variants.iter().map(|v| {
        let docs = docs(&v.docs);
        let variant = format_ident!("{}", v.name);
        let ty = type_tokens(graph, &v.ty);
        quote!(#docs #variant(#ty),)
    });
    let serialize_arms = u.variants.iter().map(|v| {
        let variant = format_ident!("{}", v.name);
        quote!(Self::#variant(inner) => serde::Serialize::serialize(inner, serializer),)
    });
    let attempt = first_match(graph, name_text, u.variants.iter().map(|v| (&v.name, &v.ty)));
    let from = from_impls(graph, &name, u.variants.iter().map(|v| (&v.name, &v.ty)));
    quote! {
        #[derive(Clone, Debug, PartialEq)]
        pub enum #name {
            #(#variants)*
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#serialize_arms)*
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                #attempt
            }
        }

        #from
    }
}

/// A call to the runtime's `first_match` over the given variants, in order.
fn first_match<'a>(graph: &TypeGraph, union: &str, variants: impl Iterator<Item = (&'a String, &'a TypeRef)>) -> TokenStream {
    let attempts = variants.map(|(name, ty)| {
        let variant = format_ident!("{}", name);
        let required = graph.required_properties(ty);
        quote! {
            crate::runtime::Attempt {
                variant: #name,
                required: &[#(#required),*],
                read: |value| serde::Deserialize::deserialize(value).map(Self::#variant),
            }
        }
    });
    quote!(crate::runtime::first_match(&value, #union, &[#(#attempts),*]))
}

/// `From<Payload>` for every variant whose payload type no other variant
/// shares; boxed payloads are boxed by the conversion. A `String` payload
/// also converts from `&str`.
fn from_impls<'a>(
    graph: &TypeGraph,
    union: &proc_macro2::Ident,
    variants: impl Iterator<Item = (&'a String, &'a TypeRef)>,
) -> TokenStream {
    let variants: Vec<(&String, &TypeRef)> = variants.collect();
    let mut counts: HashMap<String, usize> = HashMap::new();
    for (_, ty) in &variants {
        *counts.entry(canonical(graph, ty.unboxed())).or_default() += 1;
    }
    let impls = variants.iter().filter(|(_, ty)| counts[&canonical(graph, ty.unboxed())] == 1).map(|(name, ty)| {
        let variant = format_ident!("{}", name);
        let payload = type_tokens(graph, ty.unboxed());
        let wrap = if matches!(ty, TypeRef::Boxed(_)) { quote!(Box::new(value)) } else { quote!(value) };
        let from_str = if **ty == TypeRef::String {
            quote! {
                impl From<&str> for #union {
                    fn from(value: &str) -> Self {
                        Self::#variant(value.to_string())
                    }
                }
            }
        } else {
            quote!()
        };
        quote! {
            impl From<#payload> for #union {
                fn from(value: #payload) -> Self {
                    Self::#variant(#wrap)
                }
            }
            #from_str
        }
    });
    quote!(#(#impls)*)
}

/// The type after following aliases, as text: two payloads that are the
/// same Rust type would make conflicting `From` impls.
fn canonical(graph: &TypeGraph, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(id) => match &graph.get(*id).kind {
            TypeKind::Alias(inner) => canonical(graph, inner),
            _ => graph.get(*id).name.clone(),
        },
        TypeRef::List(inner) => format!("Vec<{}>", canonical(graph, inner)),
        TypeRef::Map(inner) => format!("Map<{}>", canonical(graph, inner)),
        TypeRef::Boxed(inner) => canonical(graph, inner),
        TypeRef::Nullable(inner) => format!("Option<{}>", canonical(graph, inner)),
        other => type_tokens(graph, other).to_string(),
    }
}

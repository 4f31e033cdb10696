//! Tagged and untagged unions: the enum, its serde impls (through the
//! runtime's `ReadTagged` and `ReadUntagged`), its placeholder and its `From`
//! conversions.

use std::collections::HashMap;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::items::docs;
use super::types::type_tokens;
use crate::model::{PlaceholderImpl, Tagged, TypeDef, TypeGraph, TypeKind, TypeRef, Untagged};
use crate::name::UNKNOWN_VARIANT;

pub fn tagged(graph: &TypeGraph, def: &TypeDef, t: &Tagged) -> TokenStream {
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
                quote!(object.variant(#tag).map(Self::#variant))
            }
            many => {
                let attempts = attempts(graph, many.iter().map(|&i| (&t.variants[i].name, &t.variants[i].ty)));
                quote!(object.first_match(&#attempts))
            }
        };
        quote!(Some(#tag) => #body,)
    });
    let absent = if t.optional_tag.is_empty() {
        quote!(None => object.missing_tag(),)
    } else {
        let attempts = attempts(graph, t.optional_tag.iter().map(|&i| (&t.variants[i].name, &t.variants[i].ty)));
        quote!(None => object.first_match(&#attempts),)
    };
    let serialize = serialize(&name, t.variants.iter().map(|v| &v.name), true);
    let deserialize = super::objects::deserialize_with(&name, quote!(deserialize_map), quote!(TaggedVisitor));
    let placeholder = match def.placeholder {
        Some(PlaceholderImpl::UnknownVariant) => placeholder(&name, quote!(Self::#unknown(serde_json::Value::Null))),
        _ => quote!(),
    };
    let from = from_impls(graph, &name, t.variants.iter().map(|v| (&v.name, &v.ty)));
    quote! {
        #[derive(Clone, Debug, PartialEq)]
        pub enum #name {
            #(#variants)*
            /// A variant this version of the crate does not know, kept as sent.
            #unknown(serde_json::Value),
        }

        #serialize

        #deserialize

        impl crate::runtime::ReadTagged for #name {
            const NAME: &'static str = #name_text;
            const TAG: &'static str = #property;

            fn read<'de, A: serde::de::MapAccess<'de>>(
                tag: Option<&str>,
                object: crate::runtime::TaggedObject<'de, A>,
            ) -> Result<Self, A::Error> {
                match tag {
                    #(#arms)*
                    #absent
                    Some(_) => object.into_value().map(Self::#unknown),
                }
            }
        }

        #placeholder
        #from
    }
}

pub fn untagged(graph: &TypeGraph, def: &TypeDef, u: &Untagged) -> TokenStream {
    let name = format_ident!("{}", def.name);
    let name_text = &def.name;
    let variants = u.variants.iter().map(|v| {
        let docs = docs(&v.docs);
        let variant = format_ident!("{}", v.name);
        let ty = type_tokens(graph, &v.ty);
        quote!(#docs #variant(#ty),)
    });
    let serialize = serialize(&name, u.variants.iter().map(|v| &v.name), false);
    let deserialize = super::objects::deserialize_with(&name, quote!(deserialize_any), quote!(UntaggedVisitor));
    let attempts = attempts(graph, u.variants.iter().map(|v| (&v.name, &v.ty)));
    let direct = direct_readers(graph, u);
    let placeholder = match def.placeholder {
        Some(PlaceholderImpl::Variant(index)) => {
            let variant = format_ident!("{}", u.variants[index].name);
            placeholder(&name, quote!(Self::#variant(crate::runtime::Placeholder::placeholder())))
        }
        _ => quote!(),
    };
    let from = from_impls(graph, &name, u.variants.iter().map(|v| (&v.name, &v.ty)));
    quote! {
        #[derive(Clone, Debug, PartialEq)]
        pub enum #name {
            #(#variants)*
        }

        #serialize

        #deserialize

        impl crate::runtime::ReadUntagged for #name {
            const NAME: &'static str = #name_text;

            fn attempt<E: serde::de::Error>(value: &serde_json::Value) -> Result<Self, E> {
                crate::runtime::first_match(value, Self::NAME, &#attempts)
            }

            #direct
        }

        #placeholder
        #from
    }
}

/// Each variant writes itself; a tagged variant's struct writes its tag.
fn serialize<'a>(name: &Ident, variants: impl Iterator<Item = &'a String>, has_unknown: bool) -> TokenStream {
    let arms = variants.map(|v| {
        let variant = format_ident!("{}", v);
        quote!(Self::#variant(inner) => serde::Serialize::serialize(inner, serializer),)
    });
    let unknown = if has_unknown {
        let unknown = format_ident!("{}", UNKNOWN_VARIANT);
        quote!(Self::#unknown(value) => serde::Serialize::serialize(value, serializer),)
    } else {
        quote!()
    };
    quote! {
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#arms)*
                    #unknown
                }
            }
        }
    }
}

fn placeholder(name: &Ident, value: TokenStream) -> TokenStream {
    quote! {
        impl crate::runtime::Placeholder for #name {
            fn placeholder() -> Self {
                #value
            }
        }
    }
}

/// The variants to try, in order, as a slice of the runtime's `Attempt`.
fn attempts<'a>(graph: &TypeGraph, variants: impl Iterator<Item = (&'a String, &'a TypeRef)>) -> TokenStream {
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
    quote!([#(#attempts),*])
}

/// The JSON kinds a value of a type can be, as far as the readers care.
#[derive(Clone, Copy, Default)]
struct Kinds {
    string: bool,
    array: bool,
    object: bool,
}

impl Kinds {
    const ALL: Kinds = Kinds { string: true, array: true, object: true };
}

fn kinds(graph: &TypeGraph, ty: &TypeRef) -> Kinds {
    match ty {
        TypeRef::Named(id) => match &graph.get(*id).kind {
            TypeKind::Alias(target) => kinds(graph, target),
            TypeKind::Struct(_) | TypeKind::Tagged(_) => Kinds { object: true, ..Kinds::default() },
            TypeKind::Enum(_) | TypeKind::Constant(_) => Kinds { string: true, ..Kinds::default() },
            // A nested untagged union could be anything as far as this one knows.
            TypeKind::Untagged(_) | TypeKind::Pending => Kinds::ALL,
        },
        TypeRef::String | TypeRef::Bytes => Kinds { string: true, ..Kinds::default() },
        TypeRef::List(_) => Kinds { array: true, ..Kinds::default() },
        TypeRef::Map(_) => Kinds { object: true, ..Kinds::default() },
        TypeRef::Boxed(inner) | TypeRef::Nullable(inner) => kinds(graph, inner),
        TypeRef::Any => Kinds::ALL,
        TypeRef::Bool | TypeRef::Integer | TypeRef::Float => Kinds::default(),
    }
}

/// Readers for the JSON kinds exactly one variant takes: that variant reads
/// the payload directly instead of trying every variant on a `Value`.
fn direct_readers(graph: &TypeGraph, u: &Untagged) -> TokenStream {
    let kinds: Vec<Kinds> = u.variants.iter().map(|v| kinds(graph, &v.ty)).collect();
    let only = |has: fn(&Kinds) -> bool| -> Option<Ident> {
        let mut takers = u.variants.iter().zip(&kinds).filter(|(_, k)| has(k));
        match (takers.next(), takers.next()) {
            (Some((variant, _)), None) => Some(format_ident!("{}", variant.name)),
            _ => None,
        }
    };
    let string = only(|k| k.string).map(|variant| {
        quote! {
            fn string<E: serde::de::Error>(value: &str) -> Result<Self, E> {
                crate::runtime::from_str(value).map(Self::#variant)
            }
        }
    });
    let array = only(|k| k.array).map(|variant| {
        quote! {
            fn array<'de, A: serde::de::SeqAccess<'de>>(seq: A) -> Result<Self, A::Error> {
                crate::runtime::from_seq(seq).map(Self::#variant)
            }
        }
    });
    let object = only(|k| k.object).map(|variant| {
        quote! {
            fn object<'de, A: serde::de::MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
                crate::runtime::from_map(map).map(Self::#variant)
            }
        }
    });
    quote!(#string #array #object)
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
    let impls = unique_payloads(graph, &variants).into_iter().map(|(name, ty)| {
        let variant = format_ident!("{}", name);
        let payload = type_tokens(graph, ty.unboxed());
        let wrap = if matches!(ty, TypeRef::Boxed(_)) { quote!(Box::new(value)) } else { quote!(value) };
        let from_str = if *ty == TypeRef::String {
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

/// The variants whose payload no other variant shares, as the same Rust
/// type: those can have a `From` impl.
pub(super) fn unique_payloads<'a>(graph: &TypeGraph, variants: &[(&'a String, &'a TypeRef)]) -> Vec<(&'a String, &'a TypeRef)> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for (_, ty) in variants {
        *counts.entry(canonical(graph, ty)).or_default() += 1;
    }
    variants.iter().filter(|(_, ty)| counts[&canonical(graph, ty)] == 1).copied().collect()
}

/// The type after following aliases and boxes, as text: two payloads that
/// are the same Rust type would make conflicting `From` impls.
pub(super) fn canonical(graph: &TypeGraph, ty: &TypeRef) -> String {
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

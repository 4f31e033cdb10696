//! Tagged and untagged unions: the enum, its serde impls (through the
//! runtime's `ReadTagged` and `ReadUntagged`), its placeholder and its `From`
//! conversions.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::items::docs;
use super::types::type_tokens;
use crate::facts::{JsonKinds, TypeFacts, VariantFacts};
use crate::model::{PlaceholderImpl, Tagged, TypeDef, TypeGraph, TypeRef, Untagged};
use crate::name::UNKNOWN_VARIANT;

pub fn tagged(graph: &TypeGraph, def: &TypeDef, facts: &TypeFacts, t: &Tagged) -> TokenStream {
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
                let attempts = attempts(many.iter().map(|&i| (&t.variants[i].name, &facts.variants[i])));
                quote!(object.first_match(&#attempts))
            }
        };
        quote!(Some(#tag) => #body,)
    });
    let absent = if t.optional_tag.is_empty() {
        quote!(None => object.missing_tag(),)
    } else {
        let attempts = attempts(t.optional_tag.iter().map(|&i| (&t.variants[i].name, &facts.variants[i])));
        quote!(None => object.first_match(&#attempts),)
    };
    let serialize = serialize(&name, t.variants.iter().map(|v| &v.name), true);
    let deserialize = super::objects::deserialize_with(&name, quote!(deserialize_map), quote!(TaggedVisitor));
    let placeholder = match def.placeholder {
        Some(PlaceholderImpl::UnknownVariant) => placeholder(&name, quote!(Self::#unknown(serde_json::Value::Null))),
        _ => quote!(),
    };
    let from = from_impls(graph, &name, t.variants.iter().map(|v| (&v.name, &v.ty)).zip(&facts.variants));
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

pub fn untagged(graph: &TypeGraph, def: &TypeDef, facts: &TypeFacts, u: &Untagged) -> TokenStream {
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
    let attempts = attempts(u.variants.iter().map(|v| &v.name).zip(&facts.variants));
    let direct = direct_readers(u, facts);
    let placeholder = match def.placeholder {
        Some(PlaceholderImpl::Variant(index)) => {
            let variant = format_ident!("{}", u.variants[index].name);
            placeholder(&name, quote!(Self::#variant(crate::runtime::Placeholder::placeholder())))
        }
        _ => quote!(),
    };
    let from = from_impls(graph, &name, u.variants.iter().map(|v| (&v.name, &v.ty)).zip(&facts.variants));
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
fn attempts<'a>(variants: impl Iterator<Item = (&'a String, &'a VariantFacts)>) -> TokenStream {
    let attempts = variants.map(|(name, facts)| {
        let variant = format_ident!("{}", name);
        let required = &facts.required;
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

/// Readers for the JSON kinds exactly one variant takes: that variant reads
/// the payload directly instead of trying every variant on a `Value`.
fn direct_readers(u: &Untagged, facts: &TypeFacts) -> TokenStream {
    let kinds: Vec<JsonKinds> = facts.variants.iter().map(|v| v.kinds).collect();
    let only = |has: fn(&JsonKinds) -> bool| -> Option<Ident> {
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

/// `From<Payload>` for every variant the facts give one (its payload type
/// no other variant shares); boxed payloads are boxed by the conversion. A
/// `String` payload also converts from `&str`.
fn from_impls<'a>(
    graph: &TypeGraph,
    union: &proc_macro2::Ident,
    variants: impl Iterator<Item = ((&'a String, &'a TypeRef), &'a VariantFacts)>,
) -> TokenStream {
    let impls = variants.filter(|(_, facts)| facts.from_impl).map(|((name, ty), _)| {
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

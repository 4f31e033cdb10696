//! The serde impls of a struct, written out rather than derived: fields are
//! read leniently and written back as they came (see the runtime's
//! `ObjectReader` and `ObjectWriter`), with no `#[serde(flatten)]` buffering.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::types::ident;
use crate::facts::TypeFacts;
use crate::model::{FieldMode, Struct, TypeDef};

pub fn serialize(name: &Ident, s: &Struct, facts: &TypeFacts) -> TokenStream {
    let extra = ident(&s.extra_name);
    let writes = s.fields.iter().zip(&facts.fields).map(|(f, field_facts)| {
        let json = &f.json_name;
        let field = ident(&f.rust_name);
        let method = match field_facts.mode {
            FieldMode::Lenient if field_facts.open_constant => quote!(constant),
            FieldMode::Optional if field_facts.open_constant => quote!(optional_constant),
            FieldMode::Lenient | FieldMode::RequiredNullable => quote!(required),
            FieldMode::Strict => quote!(value),
            FieldMode::Optional => quote!(optional),
            FieldMode::Nullable => quote!(nullable),
        };
        quote!(object.#method(#json, &self.#field)?;)
    });
    let binding = if s.fields.is_empty() { quote!(object) } else { quote!(mut object) };
    quote! {
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let #binding = crate::runtime::ObjectWriter::new(serializer, &self.#extra)?;
                #(#writes)*
                object.end()
            }
        }
    }
}

pub fn deserialize(def: &TypeDef, s: &Struct, facts: &TypeFacts) -> TokenStream {
    let name = format_ident!("{}", def.name);
    let name_text = &def.name;
    let locals = facts.locals.clone().unwrap_or_default();
    let reader = format_ident!("{}", locals.reader);
    let key = format_ident!("{}", locals.key);
    let extra = ident(&s.extra_name);
    let modes = || s.fields.iter().zip(facts.fields.iter().map(|f| f.mode));

    let locals = modes().map(|(f, mode)| {
        let local = ident(&f.rust_name);
        let init = match mode {
            FieldMode::Nullable => quote!(crate::runtime::Nullable::Absent),
            _ => quote!(None),
        };
        quote!(let mut #local = #init;)
    });
    let arms = s.fields.iter().zip(&facts.fields).map(|(f, field_facts)| {
        let json = &f.json_name;
        let local = ident(&f.rust_name);
        let read = match field_facts.mode {
            FieldMode::Lenient if field_facts.open_constant => quote!(#reader.constant(#json)?),
            FieldMode::Optional if field_facts.open_constant => quote!(#reader.optional_constant(#json)?),
            FieldMode::Lenient => quote!(#reader.required(#json)?),
            FieldMode::Strict | FieldMode::RequiredNullable => quote!(Some(#reader.value()?)),
            FieldMode::Optional => quote!(#reader.optional(#json)?),
            FieldMode::Nullable => quote!(#reader.value()?),
        };
        quote!(#json => #local = #read,)
    });
    let dispatch = if s.fields.is_empty() {
        quote!(#reader.undeclared(#key)?;)
    } else {
        quote! {
            match #key.as_ref() {
                #(#arms)*
                _ => #reader.undeclared(#key)?,
            }
        }
    };
    let fills = modes().map(|(f, mode)| {
        let json = &f.json_name;
        let local = ident(&f.rust_name);
        match mode {
            FieldMode::Lenient | FieldMode::RequiredNullable => quote!(#local: #extra.fill(#local, #json),),
            FieldMode::Strict => quote! {
                #local: #local.ok_or_else(|| <A::Error as serde::de::Error>::missing_field(#json))?,
            },
            FieldMode::Optional | FieldMode::Nullable => quote!(#local,),
        }
    });
    let fills_any = modes().any(|(_, mode)| matches!(mode, FieldMode::Lenient | FieldMode::RequiredNullable));
    let extra_binding = if fills_any { quote!(mut #extra) } else { quote!(#extra) };
    let deserialize = deserialize_with(&name, quote!(deserialize_map), quote!(ObjectVisitor));
    quote! {
        #deserialize

        impl crate::runtime::ReadObject for #name {
            const NAME: &'static str = #name_text;

            fn read<'de, A: serde::de::MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
                let mut #reader = crate::runtime::ObjectReader::new(map);
                #(#locals)*
                while let Some(#key) = #reader.next_key()? {
                    #dispatch
                }
                let #extra_binding = #reader.finish();
                Ok(Self {
                    #(#fills)*
                    #extra,
                })
            }
        }
    }
}

/// `Deserialize` through one of the runtime's visitors, which hands the
/// input to the type's `ReadObject`/`ReadTagged`/`ReadUntagged` impl.
pub fn deserialize_with(name: &Ident, method: TokenStream, visitor: TokenStream) -> TokenStream {
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.#method(crate::runtime::#visitor::new())
            }
        }
    }
}

/// Every field at its placeholder: what a required field of this struct
/// holds when the payload leaves it out.
pub fn placeholder(name: &Ident, s: &Struct) -> TokenStream {
    let body = if s.derives_default {
        quote!(Self::default())
    } else {
        let fields = s.fields.iter().map(|f| {
            let field = ident(&f.rust_name);
            quote!(#field: crate::runtime::Placeholder::placeholder(),)
        });
        let extra = ident(&s.extra_name);
        quote!(Self { #(#fields)* #extra: Default::default() })
    };
    // A struct that cannot be empty still has a `Default`: its placeholder.
    let default = if s.derives_default { quote!() } else { quote!(crate::runtime::default_is_placeholder!(#name);) };
    quote! {
        impl crate::runtime::Placeholder for #name {
            fn placeholder() -> Self {
                #body
            }
        }

        #default
    }
}

//! The serde impls of a struct, written out rather than derived: fields are
//! read leniently and written back as they came (see the runtime's
//! `ObjectReader` and `ObjectWriter`), with no `#[serde(flatten)]` buffering.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::types::ident;
use crate::model::{Field, Struct, TypeDef};

/// How a field is read and written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Wire {
    /// Required with a placeholder: absent or `null` reads as it, recorded.
    Lenient,
    /// Required, but its type has no placeholder (a cycle of required fields).
    Strict,
    /// Required and nullable (`Option<T>`, always written).
    RequiredNullable,
    /// Optional, not nullable (`Option<T>`, left out when `None`).
    Optional,
    /// Optional and nullable (`Nullable<T>`).
    Nullable,
}

fn wire(field: &Field) -> Wire {
    match (field.required, field.nullable) {
        (true, true) => Wire::RequiredNullable,
        (true, false) if field.default_when_absent => Wire::Lenient,
        (true, false) => Wire::Strict,
        (false, false) => Wire::Optional,
        (false, true) => Wire::Nullable,
    }
}

pub fn serialize(name: &Ident, s: &Struct) -> TokenStream {
    let extra = ident(&s.extra_name);
    let writes = s.fields.iter().map(|f| {
        let json = &f.json_name;
        let field = ident(&f.rust_name);
        let method = match wire(f) {
            Wire::Lenient | Wire::RequiredNullable => quote!(required),
            Wire::Strict => quote!(value),
            Wire::Optional => quote!(optional),
            Wire::Nullable => quote!(nullable),
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

pub fn deserialize(def: &TypeDef, s: &Struct) -> TokenStream {
    let name = format_ident!("{}", def.name);
    let name_text = &def.name;
    let taken: Vec<&str> = s.fields.iter().map(|f| f.rust_name.trim_start_matches("r#")).collect();
    let reader = fresh("reader", &taken);
    let key = fresh("key", &taken);
    let extra = ident(&s.extra_name);

    let locals = s.fields.iter().map(|f| {
        let local = ident(&f.rust_name);
        let init = match wire(f) {
            Wire::Nullable => quote!(crate::runtime::Nullable::Absent),
            _ => quote!(None),
        };
        quote!(let mut #local = #init;)
    });
    let arms = s.fields.iter().map(|f| {
        let json = &f.json_name;
        let local = ident(&f.rust_name);
        let read = match wire(f) {
            Wire::Lenient => quote!(#reader.required(#json)?),
            Wire::Strict | Wire::RequiredNullable => quote!(Some(#reader.value()?)),
            Wire::Optional => quote!(#reader.optional(#json)?),
            Wire::Nullable => quote!(#reader.value()?),
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
    let fills = s.fields.iter().map(|f| {
        let json = &f.json_name;
        let local = ident(&f.rust_name);
        match wire(f) {
            Wire::Lenient | Wire::RequiredNullable => quote!(#local: #extra.fill(#local, #json),),
            Wire::Strict => quote! {
                #local: #local.ok_or_else(|| <A::Error as serde::de::Error>::missing_field(#json))?,
            },
            Wire::Optional | Wire::Nullable => quote!(#local,),
        }
    });
    let fills_any = s.fields.iter().any(|f| matches!(wire(f), Wire::Lenient | Wire::RequiredNullable));
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
    quote! {
        impl crate::runtime::Placeholder for #name {
            fn placeholder() -> Self {
                #body
            }
        }
    }
}

/// `base`, or `base_`, `base__`, ... : a local name no field uses.
fn fresh(base: &str, taken: &[&str]) -> Ident {
    let mut name = base.to_string();
    while taken.contains(&name.as_str()) {
        name.push('_');
    }
    format_ident!("{}", name)
}

//! Builders: for every struct `Foo`, a `FooArgs` with one setter per
//! settable field and a `build()` that names every missing required field,
//! in the mutable pattern of derive_builder (`setter(into, strip_option)`).
//!
//! Generated as plain code: measured (`README.md`), a clean `cargo check`
//! costs the same as with a `macro_rules!` form (within the noise of this
//! machine) and less than `derive_builder`, and the code stays readable in
//! the crate and in snapshots. Setters are generic over `impl Into<T>`, so
//! no machine code is made for them until used.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::docs::doc_lines;
use super::types::{ident, type_tokens};
use crate::facts::{FieldFacts, TypeFacts};
use crate::model::{Field, Struct, TypeDef, TypeGraph, Wrapper};

/// How a field is filled in by the builder.
enum Slot {
    /// Required, not nullable: `Option<T>` in the builder, an error when unset.
    Required,
    /// Same type in the builder as in the struct (`Option<T>` or
    /// `Nullable<T>`), unset means absent (or `null` for required nullable fields).
    Optional { nullable_tristate: bool },
    /// A constant tag: no setter, always written.
    Constant,
}

fn slot(facts: &FieldFacts) -> Slot {
    if facts.constant {
        return Slot::Constant;
    }
    match facts.mode.wrapper() {
        Wrapper::Plain => Slot::Required,
        Wrapper::Nullable => Slot::Optional { nullable_tristate: true },
        Wrapper::Option => Slot::Optional { nullable_tristate: false },
    }
}

/// The builder of one struct: the `FooArgs` type, its setters and `build`,
/// and `Foo::builder()`.
pub fn builder(graph: &TypeGraph, def: &TypeDef, facts: &TypeFacts, s: &Struct) -> TokenStream {
    let target = format_ident!("{}", def.name);
    let name_text = facts.builder.as_ref().map(|b| b.name.clone()).unwrap_or_default();
    let args = format_ident!("{}", name_text);
    let type_name = &def.name;

    let mut storage = Vec::new();
    let mut setters = Vec::new();
    let mut required: Vec<(&str, Ident)> = Vec::new();
    let mut init = Vec::new();
    for (f, field_facts) in s.fields.iter().zip(&facts.fields) {
        let field = ident(&f.rust_name);
        let setter = ident(field_facts.setter.as_deref().unwrap_or(&f.rust_name));
        let inner = type_tokens(graph, &f.ty);
        let doc = setter_doc(f);
        match slot(field_facts) {
            Slot::Constant => {
                // The field's type is `Const`, `Option<Const>` or `Nullable<Const>`:
                // the tag is always sent.
                let value = match field_facts.mode.wrapper() {
                    Wrapper::Plain => quote!(Default::default()),
                    Wrapper::Nullable => quote!(crate::runtime::Nullable::Value(Default::default())),
                    Wrapper::Option => quote!(Some(Default::default())),
                };
                init.push(quote!(#field: #value,));
            }
            Slot::Required => {
                storage.push(quote!(#field: Option<#inner>,));
                setters.push(quote! {
                    #[doc = #doc]
                    pub fn #setter(&mut self, value: impl Into<#inner>) -> &mut Self {
                        self.#field = Some(value.into());
                        self
                    }
                });
                required.push((f.json_name.as_str(), field.clone()));
            }
            Slot::Optional { nullable_tristate } => {
                let (store, wrap) = if nullable_tristate {
                    (quote!(crate::runtime::Nullable<#inner>), quote!(crate::runtime::Nullable::Value(value.into())))
                } else {
                    (quote!(Option<#inner>), quote!(Some(value.into())))
                };
                storage.push(quote!(#field: #store,));
                setters.push(quote! {
                    #[doc = #doc]
                    pub fn #setter(&mut self, value: impl Into<#inner>) -> &mut Self {
                        self.#field = #wrap;
                        self
                    }
                });
                if let Some(null_name) = field_facts.null_setter.as_deref().filter(|_| nullable_tristate) {
                    let null_setter = format_ident!("{}", null_name);
                    let null_doc = format!(" Sends `{}` as an explicit `null`.", f.json_name.replace('`', "'"));
                    setters.push(quote! {
                        #[doc = #null_doc]
                        pub fn #null_setter(&mut self) -> &mut Self {
                            self.#field = crate::runtime::Nullable::Null;
                            self
                        }
                    });
                }
                // `Option<T>` of a `Copy` type is copied; `Nullable<T>` is never `Copy`.
                let value = if !nullable_tristate && field_facts.copy {
                    quote!(self.#field)
                } else {
                    quote!(self.#field.clone())
                };
                init.push(quote!(#field: #value,));
            }
        }
    }
    let required_facts = facts.fields.iter().filter(|f| matches!(slot(f), Slot::Required));
    for (field_facts, field) in required_facts.zip(required.iter().map(|(_, i)| i)) {
        let value = if field_facts.copy { quote!(*#field) } else { quote!(#field.clone()) };
        init.push(quote!(#field: #value,));
    }
    let extra = ident(&s.extra_name);
    let value = quote! {
        #target {
            #(#init)*
            #extra: Default::default(),
        }
    };
    let missing = required.iter().map(|(json, field)| quote!((#json, self.#field.is_none())));
    let error = quote!(Err(crate::runtime::BuildError::missing(#type_name, &[#(#missing),*])));
    let body = match required.as_slice() {
        [] => quote!(Ok(#value)),
        [(_, field)] => quote! {
            match &self.#field {
                Some(#field) => Ok(#value),
                None => #error,
            }
        },
        many => {
            let fields = many.iter().map(|(_, f)| f);
            let refs = many.iter().map(|(_, f)| quote!(&self.#f));
            quote! {
                match (#(#refs),*) {
                    (#(Some(#fields)),*) => Ok(#value),
                    _ => #error,
                }
            }
        }
    };
    let builder_doc = format!(" Builder of [`{type_name}`]: set fields with its methods, then call [`build`]({name_text}::build).");
    let build_doc = if required.is_empty() {
        format!(" The [`{type_name}`] with the fields set so far. Never fails: every field is optional.")
    } else {
        format!(" The [`{type_name}`] with the fields set so far, or an error naming every required field left unset.")
    };
    let new_doc = format!(" A builder of this type, [`{name_text}`].");
    quote! {
        #[doc = #builder_doc]
        #[derive(Clone, Debug, Default)]
        pub struct #args {
            #(#storage)*
        }

        impl #args {
            #(#setters)*

            #[doc = #build_doc]
            pub fn build(&self) -> Result<#target, crate::runtime::BuildError> {
                #body
            }
        }

        impl #target {
            #[doc = #new_doc]
            pub fn builder() -> #args {
                #args::default()
            }
        }
    }
}

/// The first sentence of the field's docs when it stands alone as
/// markdown, else a plain "Sets `name`.".
fn setter_doc(f: &Field) -> String {
    let lines = doc_lines(&f.docs);
    let paragraph: Vec<&str> = lines.iter().map(|l| l.trim()).take_while(|l| !l.is_empty()).collect();
    let paragraph = paragraph.join(" ");
    let sentence = match paragraph.find(". ") {
        Some(end) => &paragraph[..=end],
        None => paragraph.as_str(),
    };
    let safe = !sentence.is_empty()
        && !sentence.starts_with("```")
        && !sentence.starts_with(['-', '*', '#', '|', '>'])
        && sentence.matches('`').count() % 2 == 0
        && !sentence.contains(['[', ']', '<', '>']);
    if safe {
        format!(" {sentence}")
    } else {
        format!(" Sets `{}`.", f.json_name.replace('`', "'"))
    }
}

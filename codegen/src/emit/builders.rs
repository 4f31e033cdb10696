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
use super::types::{ident, is_constant, type_tokens};
use crate::model::{Field, Struct, TypeDef, TypeGraph, TypeKind, TypeRef};

/// The suffix of builder names, as in the hand-written chat module.
pub const BUILDER_SUFFIX: &str = "Args";

/// The builder's name: `FooArgs`, else (when a type already has that name)
/// `FooBuilder`, else `FooArgs2`, `FooArgs3`, ...: a deterministic choice
/// that depends only on the set of type names.
pub fn builder_name(graph: &TypeGraph, name: &str) -> String {
    let taken = |candidate: &str| graph.types.iter().any(|t| t.name == candidate);
    let preferred = format!("{name}{BUILDER_SUFFIX}");
    if !taken(&preferred) {
        return preferred;
    }
    let fallback = format!("{name}Builder");
    if !taken(&fallback) {
        return fallback;
    }
    (2..).map(|n| format!("{name}{BUILDER_SUFFIX}{n}")).find(|c| !taken(c)).unwrap_or(preferred)
}

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

fn slot(graph: &TypeGraph, f: &Field) -> Slot {
    if is_constant(graph, &f.ty) {
        return Slot::Constant;
    }
    match (f.required, f.nullable) {
        (true, false) => Slot::Required,
        (false, true) => Slot::Optional { nullable_tristate: true },
        _ => Slot::Optional { nullable_tristate: false },
    }
}

/// The builder of one struct: the `FooArgs` type, its setters and `build`,
/// and `Foo::builder()`.
pub fn builder(graph: &TypeGraph, def: &TypeDef, s: &Struct) -> TokenStream {
    let target = format_ident!("{}", def.name);
    let name_text = builder_name(graph, &def.name);
    let args = format_ident!("{}", name_text);
    let type_name = &def.name;

    let mut storage = Vec::new();
    let mut setters = Vec::new();
    let mut required: Vec<(&str, Ident)> = Vec::new();
    let mut init = Vec::new();
    let method_names: Vec<&str> = s.fields.iter().map(|f| f.rust_name.trim_start_matches("r#")).collect();
    for f in &s.fields {
        let field = ident(&f.rust_name);
        let setter = setter_name(f);
        let inner = type_tokens(graph, &f.ty);
        let doc = setter_doc(f);
        match slot(graph, f) {
            Slot::Constant => {
                // The field's type is `Const`, `Option<Const>` or `Nullable<Const>`:
                // the tag is always sent.
                let value = match (f.required, f.nullable) {
                    (true, false) => quote!(Default::default()),
                    (false, true) => quote!(crate::runtime::Nullable::Value(Default::default())),
                    _ => quote!(Some(Default::default())),
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
                let null_name = format!("{}_null", f.rust_name.trim_start_matches("r#"));
                if nullable_tristate && !method_names.contains(&null_name.as_str()) && !RESERVED.contains(&null_name.as_str()) {
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
                let value = if !nullable_tristate && is_copy(graph, &f.ty) {
                    quote!(self.#field)
                } else {
                    quote!(self.#field.clone())
                };
                init.push(quote!(#field: #value,));
            }
        }
    }
    for (f, field) in s.fields.iter().filter(|f| matches!(slot(graph, f), Slot::Required)).zip(required.iter().map(|(_, i)| i)) {
        let value = if is_copy(graph, &f.ty) { quote!(*#field) } else { quote!(#field.clone()) };
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

/// Whether values of the type are `Copy` (cloning them is a clippy warning).
fn is_copy(graph: &TypeGraph, ty: &TypeRef) -> bool {
    is_copy_within(graph, ty, 32)
}

/// Alias cycles are reported by the model; here they just end the walk.
fn is_copy_within(graph: &TypeGraph, ty: &TypeRef, depth: usize) -> bool {
    let Some(depth) = depth.checked_sub(1) else { return false };
    match ty {
        TypeRef::Bool | TypeRef::Integer | TypeRef::Float => true,
        TypeRef::Named(id) => match &graph.get(*id).kind {
            TypeKind::Alias(inner) => is_copy_within(graph, inner, depth),
            TypeKind::Constant(_) => true,
            _ => false,
        },
        _ => false,
    }
}

/// Methods of every builder (inherent or through its derives) that a
/// setter must not shadow: `FooArgs::default()` must stay `Default::default`.
const RESERVED: &[&str] = &["build", "default", "clone", "clone_from", "fmt"];

/// The setter's name: the field's, or `set_<field>` for a reserved name.
fn setter_name(f: &Field) -> Ident {
    let bare = f.rust_name.trim_start_matches("r#");
    if RESERVED.contains(&bare) {
        format_ident!("set_{}", bare)
    } else {
        ident(&f.rust_name)
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

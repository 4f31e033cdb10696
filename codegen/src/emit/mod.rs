//! Stage 4, emit: type graph → one token stream per module of the generated
//! crate. Emitters only spell decisions the model already made.

mod builders;
mod conversions;
mod docs;
mod items;
mod types;

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::model::{TypeGraph, TypeId};
use crate::name::CONSTANTS;

/// The Rust library name of the generated crate.
pub const CRATE_NAME: &str = "openai_types";

/// A module of the generated crate: its name and its items.
pub struct ModuleTokens {
    pub name: String,
    pub tokens: TokenStream,
}

pub struct Emitted {
    pub lib: TokenStream,
    pub modules: Vec<ModuleTokens>,
}

pub fn emit(graph: &TypeGraph) -> Emitted {
    let mut by_module: BTreeMap<&str, Vec<TypeId>> = BTreeMap::new();
    for id in graph.ids() {
        by_module.entry(graph.get(id).module.as_str()).or_default().push(id);
    }
    let modules: Vec<ModuleTokens> = by_module
        .iter()
        .map(|(module, ids)| ModuleTokens { name: module.to_string(), tokens: module_tokens(graph, module, ids) })
        .collect();
    Emitted { lib: lib_tokens(by_module.keys().copied()), modules }
}

fn module_tokens(graph: &TypeGraph, module: &str, ids: &[TypeId]) -> TokenStream {
    let mut ids = ids.to_vec();
    ids.sort_by(|a, b| graph.get(*a).name.cmp(&graph.get(*b).name));
    let doc = if module == CONSTANTS {
        " Constant strings, such as the `type` tags of union variants. Each is a unit struct that is written as its value and accepts only that value.".to_string()
    } else {
        format!(" Types of the `{module}` API area.")
    };
    let imports = imported_modules(graph, module, &ids).into_iter().map(|m| {
        let m = format_ident!("{}", m);
        quote!(use crate::#m::*;)
    });
    let items = ids.iter().map(|id| items::item(graph, graph.get(*id)));
    quote! {
        #![doc = #doc]
        #(#imports)*
        #(#items)*
    }
}

/// The modules whose types this module's types mention by plain name.
fn imported_modules<'a>(graph: &'a TypeGraph, module: &str, ids: &[TypeId]) -> BTreeSet<&'a str> {
    let mut modules = BTreeSet::new();
    for id in ids {
        for r in graph.get(*id).kind.refs() {
            r.visit_named(&mut |target| {
                let target_module = graph.get(target).module.as_str();
                if target_module != module && target_module != CONSTANTS {
                    modules.insert(target_module);
                }
            });
        }
    }
    modules
}

fn lib_tokens<'a>(modules: impl Iterator<Item = &'a str>) -> TokenStream {
    let modules: Vec<_> = modules.map(|m| format_ident!("{}", m)).collect();
    let reexports = modules.iter().filter(|m| *m != CONSTANTS).map(|m| quote!(pub use #m::*;));
    quote! {
        //! Serde types for every schema of the OpenAI API, generated from the
        //! official OpenAPI document.
        //!
        //! Every type is reachable from the crate root. Types are grouped in
        //! modules by API area; types used by several areas live in `shared`.
        //! String enums are open (unknown values are kept in `Other`), tagged
        //! unions keep unknown variants in `Unknown`, and fields that are
        //! optional and nullable use [`Nullable`] to tell `null` from absent.

        // Deprecated schemas are still part of the API; their use inside this
        // crate is expected. Users of the crate still get the warnings.
        #![allow(deprecated)]

        pub mod runtime;
        #(pub mod #modules;)*

        pub use runtime::{Binary, BuildError, Nullable};
        #(#reexports)*
    }
}

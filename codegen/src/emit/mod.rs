//! Stage 5, emit: type graph → one token stream per module of the generated
//! crate. Emitters only spell decisions the earlier stages made: they read
//! the graph and its facts ([`crate::facts`]) and compute none.

mod builders;
mod client;
mod client_examples;
mod conversions;
mod docs;
mod items;
mod objects;
mod types;
mod unions;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::{format_ident, quote};

use crate::model::{TypeGraph, TypeId, TypeKind};
use crate::name::features::{is_ungated_module, Features, FULL, UNREACHED};
use crate::name::{CONSTANTS, SHARED};

/// The Rust library name of the crate generated from the pinned spec (the
/// names of a run are in [`crate::CrateInfo`], on the graph's facts).
pub const CRATE_NAME: &str = "openai_types";

/// The emitted crate: each module's tokens already passed through the
/// caller's `finish` (formatting, in practice), since tokens cannot leave the
/// thread that made them.
pub struct Emitted<M> {
    pub lib: M,
    /// The `client` module (behind the `client` feature).
    pub client: M,
    /// The client's example test, `tests/client_examples.rs`.
    pub client_examples: M,
    /// Module name and its finished pieces in order (see [`CHUNK`]), sorted by name.
    pub modules: Vec<(String, Vec<M>)>,
    /// The Cargo features of the crate, for its manifest.
    pub features: Features,
    /// Time spent emitting, summed over the threads.
    pub emit_time: Duration,
}

/// Types per piece of a module. A module is emitted and finished in pieces
/// of this many types, so that the largest (`shared`, a third of the crate)
/// does not keep one thread busy after the others are done. The first piece
/// also has the module's docs and imports; the pieces' texts are joined by
/// a blank line, as the items of one piece are.
pub const CHUNK: usize = 48;

/// One unit of work of [`emit`], in the order the results are put back.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Job {
    Client,
    ClientExamples,
    /// The piece of the module at this index of `modules` starting at this type.
    Piece(usize, usize),
    Lib,
}

/// Emits every module on every core, handing each piece's tokens to
/// `finish` on the thread that made them.
pub fn emit<M: Send>(graph: &TypeGraph, finish: impl Fn(TokenStream) -> M + Sync) -> Emitted<M> {
    let features = &graph.facts.features;
    let mut by_module: BTreeMap<&str, Vec<TypeId>> = BTreeMap::new();
    for id in graph.ids() {
        by_module.entry(graph.get(id).module.as_str()).or_default().push(id);
    }
    for ids in by_module.values_mut() {
        ids.sort_by(|a, b| graph.get(*a).name.cmp(&graph.get(*b).name));
    }
    let modules: Vec<(&str, &Vec<TypeId>)> = by_module.iter().map(|(m, ids)| (*m, ids)).collect();
    // A module gated item by item has items when any of its items' features is on.
    let module_gates: BTreeMap<&str, BTreeSet<&String>> = by_module
        .iter()
        .filter(|(module, _)| is_ungated_module(module))
        .map(|(module, ids)| (*module, ids.iter().flat_map(|id| &features.item_gates[id.0]).collect()))
        .collect();
    // The client (one piece, and the largest) first, the small crate root last.
    let mut jobs = vec![Job::Client, Job::ClientExamples];
    let mut pieces: Vec<Job> = (0..modules.len())
        .flat_map(|m| (0..modules[m].1.len().max(1)).step_by(CHUNK).map(move |start| Job::Piece(m, start)))
        .collect();
    // The pieces of large modules before those of small ones: no big piece is left for the end.
    pieces.sort_by_key(|job| match job {
        Job::Piece(m, start) => (std::cmp::Reverse((modules[*m].1.len() - start).min(CHUNK)), *m, *start),
        _ => unreachable!(),
    });
    jobs.extend(pieces);
    jobs.push(Job::Lib);
    let run = |job: Job| match job {
        Job::Client => client::module(graph, features),
        Job::ClientExamples => client_examples::test_file(graph),
        Job::Piece(m, start) => {
            let (module, ids) = modules[m];
            piece_tokens(graph, features, module, ids, start)
        }
        Job::Lib => lib_tokens(graph, by_module.keys().copied(), &module_gates, features),
    };
    let queue = Mutex::new(jobs.into_iter());
    let workers = std::thread::available_parallelism().map_or(1, usize::from);
    let (done, emit_times): (Vec<Vec<(Job, M)>>, Vec<Duration>) = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let (mut done, mut emit_time) = (Vec::new(), Duration::ZERO);
                    // A poisoned queue means another worker panicked; that panic is resumed below.
                    while let Some(job) = queue.lock().ok().and_then(|mut jobs| jobs.next()) {
                        let started = Instant::now();
                        let tokens = run(job);
                        emit_time += started.elapsed();
                        done.push((job, finish(tokens)));
                    }
                    (done, emit_time)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).unzip()
    });
    let mut done: Vec<(Job, M)> = done.into_iter().flatten().collect();
    done.sort_by_key(|(job, _)| *job);
    let mut done = done.into_iter();
    let mut next = |expected: Job| match done.next() {
        Some((job, m)) if job == expected => m,
        _ => unreachable!("every job is done once"),
    };
    let client = next(Job::Client);
    let client_examples = next(Job::ClientExamples);
    let modules = modules
        .iter()
        .enumerate()
        .map(|(m, (module, ids))| {
            let pieces = (0..ids.len().max(1)).step_by(CHUNK).map(|start| next(Job::Piece(m, start))).collect();
            (module.to_string(), pieces)
        })
        .collect();
    let lib = next(Job::Lib);
    Emitted { lib, client, client_examples, modules, features: features.clone(), emit_time: emit_times.into_iter().sum() }
}

/// `#[cfg(...)]` true when any of `features` is on.
fn cfg_any<'a>(features: impl IntoIterator<Item = &'a String>) -> TokenStream {
    let features: Vec<&String> = features.into_iter().collect();
    match features.as_slice() {
        [] => quote!(),
        [one] => quote!(#[cfg(feature = #one)]),
        many => quote!(#[cfg(any(#(feature = #many),*))]),
    }
}

/// The same attribute on every item of `tokens` (an item emitter may write
/// several: a type and its impls), after the item's doc comment so that
/// attributes keep their one order. Emitted items end at a top-level `;` or
/// `{...}`, so they are split without parsing.
fn gate_items(tokens: TokenStream, cfg: &TokenStream) -> TokenStream {
    let mut gated = TokenStream::new();
    let mut item: Vec<TokenTree> = Vec::new();
    for tree in tokens {
        let ends_item = match &tree {
            TokenTree::Punct(punct) => punct.as_char() == ';',
            TokenTree::Group(group) => group.delimiter() == Delimiter::Brace,
            _ => false,
        };
        item.push(tree);
        if ends_item {
            let docs = leading_doc_tokens(&item);
            let mut trees = std::mem::take(&mut item).into_iter();
            gated.extend(trees.by_ref().take(docs));
            gated.extend(cfg.clone());
            gated.extend(trees);
        }
    }
    gated.extend(item);
    gated
}

/// How many tokens at the start of an item are `#[doc = ...]` attributes.
fn leading_doc_tokens(item: &[TokenTree]) -> usize {
    let is_doc = |pair: &[TokenTree]| match pair {
        [TokenTree::Punct(hash), TokenTree::Group(group)] => {
            hash.as_char() == '#'
                && group.delimiter() == Delimiter::Bracket
                && matches!(group.stream().into_iter().next(), Some(TokenTree::Ident(name)) if name == "doc")
        }
        _ => false,
    };
    item.chunks(2).take_while(|pair| is_doc(pair)).count() * 2
}

/// The piece of `module` (its types sorted by name) that starts at type
/// `start`: the module's docs and imports when it is the first.
fn piece_tokens(graph: &TypeGraph, features: &Features, module: &str, ids: &[TypeId], start: usize) -> TokenStream {
    let gated = is_ungated_module(module);
    let items = ids[start..(start + CHUNK).min(ids.len())].iter().map(|id| {
        let item = items::item(graph, *id);
        if gated {
            gate_items(item, &cfg_any(&features.item_gates[id.0]))
        } else {
            item
        }
    });
    let header = if start == 0 { module_header(graph, features, module, ids) } else { TokenStream::new() };
    quote! {
        #header
        #(#items)*
    }
}

/// A module's inner docs and its imports.
fn module_header(graph: &TypeGraph, features: &Features, module: &str, ids: &[TypeId]) -> TokenStream {
    let doc = if module == CONSTANTS {
        " Constant strings, such as the `type` tags of union variants. Each is a unit struct that is written as its value. Where it tells union variants apart (a tag) it accepts only that value; elsewhere another string is kept in the struct's `extra` (`constant_as_sent`) and written back. Each is compiled when a feature that uses it is on.".to_string()
    } else if module == SHARED {
        " Types used by several API areas, or by none. Each is compiled when a feature that uses it is on.".to_string()
    } else {
        format!(" Types of the `{}` API area.", module.trim_start_matches("r#"))
    };
    let gated = is_ungated_module(module);
    let imports = imported_modules(graph, module, ids).into_iter().map(|(m, users)| {
        // In a module gated item by item, an import is needed only when an
        // item that uses it is compiled.
        let cfg = if gated { cfg_any(users.iter().flat_map(|id| &features.item_gates[id.0]).collect::<BTreeSet<_>>()) } else { quote!() };
        let m = format_ident!("{}", m);
        quote!(#cfg use crate::#m::*;)
    });
    quote! {
        #![doc = #doc]
        #(#imports)*
    }
}

/// The modules whose types this module's types mention by plain name, each
/// with the types that mention them.
fn imported_modules<'a>(graph: &'a TypeGraph, module: &str, ids: &[TypeId]) -> BTreeMap<&'a str, BTreeSet<TypeId>> {
    let mut modules: BTreeMap<&str, BTreeSet<TypeId>> = BTreeMap::new();
    for id in ids {
        for r in graph.get(*id).kind.refs() {
            r.visit_named(&mut |target| {
                let target_module = graph.get(target).module.as_str();
                if target_module != module && target_module != CONSTANTS {
                    modules.entry(target_module).or_default().insert(*id);
                }
            });
        }
    }
    modules
}

fn lib_tokens<'a>(
    graph: &TypeGraph,
    modules: impl Iterator<Item = &'a str>,
    module_gates: &BTreeMap<&str, BTreeSet<&String>>,
    features: &Features,
) -> TokenStream {
    let modules: Vec<&str> = modules.collect();
    // The accumulators are for chat and Responses streams; a crate with
    // neither feature never compiles them (`cfg(any())` is false).
    let accumulated: Vec<&String> = ["chat", "responses"].iter().filter_map(|f| features.get(f)).map(|f| &f.name).collect();
    let accumulate_gate = quote!(#[cfg(any(#(feature = #accumulated),*))]);
    let mods = modules.iter().map(|m| {
        let cfg = cfg_any(features.of_module(m).map(|f| &f.name));
        let m = format_ident!("{}", m);
        quote!(#cfg pub mod #m;)
    });
    // `shared` is always there, but re-exporting it while all its items are
    // left out would be an unused import.
    let reexports = modules.iter().filter(|m| **m != CONSTANTS).map(|m| {
        let cfg = match module_gates.get(m) {
            Some(gates) => cfg_any(gates.iter().copied()),
            None => cfg_any(features.of_module(m).map(|f| &f.name)),
        };
        let m = format_ident!("{}", m);
        quote!(#cfg pub use #m::*;)
    });
    // The runtime's macros are unused unless a feature that compiles an
    // enum (`string_enum!`) and one that compiles a constant (`constant!`) are on.
    let uses = |kind: fn(&TypeKind) -> bool| -> Vec<&String> {
        let users = features.features.iter().filter(|f| graph.ids().any(|id| kind(&graph.get(id).kind) && features.compiles(graph, f, id)));
        users.map(|f| &f.name).collect()
    };
    let enum_users = uses(|k| matches!(k, TypeKind::Enum(_)));
    let constant_users = uses(|k| matches!(k, TypeKind::Constant(_)));
    let runtime_lints = quote! {
        #[cfg_attr(
            not(all(any(#(feature = #enum_users),*), any(#(feature = #constant_users),*))),
            allow(unused_macros, unused_imports)
        )]
    };
    let feature_docs = feature_docs(features).into_iter().map(|line| format!(" {line}"));
    let description = wrap(&graph.facts.crate_info.description, 70).into_iter().map(|line| format!(" {line}"));
    quote! {
        #(#![doc = #description])*
        //!
        //! Every type is reachable from the crate root. Types are grouped in
        //! modules by API area; types used by several areas live in `shared`.
        //! String enums are open (unknown values are kept in `Other`), tagged
        //! unions keep unknown variants in `Unknown`, and fields that are
        //! optional and nullable use [`Nullable`] to tell `null` from absent.
        //!
        //! Structs read leniently and write back what they read: each has an
        //! `extra` field ([`Extra`]) that keeps properties the spec does not
        //! declare, and records required fields the payload left out (they
        //! read as empty, zero or an `Other`/`Unknown` value) and fields sent
        //! as `null` against the spec.

        // Deprecated schemas are still part of the API; their use inside this
        // crate is expected. Users of the crate still get the warnings.
        #(#![doc = #feature_docs])*

        #![allow(deprecated)]

        #runtime_lints
        #[doc(hidden)]
        pub mod runtime;
        #(#mods)*
        #[cfg(feature = "client")]
        pub mod client;
        #accumulate_gate
        pub mod accumulate;
        mod extensions;

        pub use runtime::{BuildError, Extra, Nullable};
        /// ```
        /// let file = openai_types::Binary::from(b"%PDF-1.7".to_vec());
        /// assert_eq!(file, openai_types::Binary::from(b"%PDF-1.7".to_vec()));
        /// ```
        pub use runtime::Binary;
        #(#reexports)*
    }
}

/// Words of `text` in lines of at most `width` characters (a longer word
/// gets a line of its own).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.len() + 1 + word.len() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// The `# Features` section of the crate docs.
fn feature_docs(features: &Features) -> Vec<String> {
    let mut lines = vec![
        String::new(),
        "# Features".to_string(),
        String::new(),
        format!(
            "One feature per API area compiles that area's module, the types of `shared` and `constants` it uses, and the areas it needs; `{FULL}` (the default) enables all of them:"
        ),
        String::new(),
    ];
    for feature in &features.features {
        let what = match &feature.module {
            Some(module) => format!("the `{module}` module"),
            None if feature.name == UNREACHED => "types of `shared` and `constants` that no area uses".to_string(),
            None => format!("types of `shared` and `constants` that the `{}` operations use", feature.name),
        };
        let needs = if feature.enables.is_empty() {
            String::new()
        } else {
            format!(", with {}", feature.enables.iter().map(|e| format!("`{e}`")).collect::<Vec<_>>().join(", "))
        };
        lines.push(format!("- `{}`: {what}{needs} ({} types)", feature.name, feature.types));
    }
    lines
}

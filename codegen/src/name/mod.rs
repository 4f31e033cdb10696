//! Stage 3, name: Rust names for every type, field and variant, the module of
//! every type, and boxes (for recursion and for very large union variants).
//! The shape of types does not change otherwise.

pub mod areas;
mod ident;
pub mod inline;
mod boxing;
pub mod resources;
pub mod features;
pub mod overrides;

pub use areas::{area_of, area_of_with, CONSTANTS, SHARED};
pub use ident::{field_name, pascal, variant_name};

use std::collections::HashSet;

use crate::diagnostics::Diagnostics;
use crate::model::{TypeGraph, TypeKind, TypeRef};
use ident::{last_word, unique, words, RESERVED_TYPE_NAMES};
use overrides::Names;

/// The catch-all variant of open enums (unknown string values).
pub const OTHER_VARIANT: &str = "Other";
/// The field of every struct that keeps undeclared properties.
pub const EXTRA_FIELD: &str = "extra";
/// The catch-all variant of tagged unions (unknown tags, kept as JSON).
pub const UNKNOWN_VARIANT: &str = "Unknown";

/// Names a graph with no overrides.
pub fn name(graph: &mut TypeGraph, diagnostics: &mut Diagnostics) {
    name_with(graph, &Names::default(), diagnostics)
}

/// Names a graph, the names file's overrides first.
pub fn name_with(graph: &mut TypeGraph, names: &Names, diagnostics: &mut Diagnostics) {
    let (modules, area_roots) = areas::assign(graph, names, diagnostics);
    for (def, module) in graph.types.iter_mut().zip(modules) {
        def.module = module;
    }
    graph.facts.area_roots = area_roots;
    name_types(graph, names, diagnostics);
    for index in 0..graph.types.len() {
        name_members(graph, index, diagnostics);
    }
    boxing::box_cycles(graph);
    boxing::box_large_variants(graph);
    boxing::box_large_fields(graph);
    resources::assign(graph, names, diagnostics);
}

/// Component names first (in document order), then inline types in the
/// order they were built, by the policy of [`inline`] (which tries its other
/// candidates before a taken name); a clash left is resolved by a word for
/// the kind of type, then a number, and reported for components.
fn name_types(graph: &mut TypeGraph, names: &Names, diagnostics: &mut Diagnostics) {
    let paths: HashSet<String> = graph.types.iter().filter(|d| d.component.is_none()).map(|d| d.hint.join("/")).collect();
    let applies = |o: &&overrides::Override| graph.components.contains_key(&o.matches) || paths.contains(&o.matches);
    for renamed in names.types.iter().chain(&names.prefixes).filter(|o| !applies(o)) {
        diagnostics.warning(
            "#/components/schemas",
            format!("names override does not apply: no schema `{}` to name `{}`", renamed.matches, renamed.gives),
        );
    }
    let mut taken: HashSet<String> = RESERVED_TYPE_NAMES.iter().map(|s| s.to_string()).collect();
    let mut taken_constants: HashSet<String> = HashSet::new();
    let order: Vec<usize> = {
        let mut components: Vec<usize> = (0..graph.types.len()).filter(|&i| graph.types[i].component.is_some()).collect();
        components.extend((0..graph.types.len()).filter(|&i| graph.types[i].component.is_none()));
        components
    };
    for index in order {
        let def = &graph.types[index];
        let is_constant_value = def.component.is_none() && matches!(def.kind, TypeKind::Constant(_));
        // Components are renamed by their name, inline types by their path.
        let renamed = match def.component.as_deref() {
            Some(component) => names.type_name(component),
            None => names.type_name(&def.hint.join("/")),
        };
        let base = match renamed {
            Some(name) => variant_name(name, "Type"),
            None if is_constant_value => variant_name(&def.hint[0], "Value"),
            None if def.component.is_none() => {
                let candidates = inline::candidates(&def.hint, def.docs.title.as_deref(), names.prefix(&def.hint[0]));
                inline::choose(&candidates, &taken).unwrap_or_else(|| candidates[0].clone())
            }
            None => variant_name(&def.hint[0], "Type"),
        };
        let (name, clashed) = if is_constant_value {
            unique(base, &mut taken_constants)
        } else if taken.contains(&base) {
            let with_kind = format!("{base}{}", kind_word(&def.kind));
            unique(with_kind, &mut taken)
        } else {
            unique(base, &mut taken)
        };
        let def = &mut graph.types[index];
        if let Some(original) = &def.component {
            let wanted = renamed.map_or_else(|| pascal(original), |r| variant_name(r, "Type"));
            if clashed || name != wanted {
                diagnostics.warning(&def.pointer, format!("schema `{original}` is emitted as `{name}`: its own name is taken or reserved"));
            }
        }
        def.name = name;
    }
}

fn kind_word(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct(_) => "Object",
        TypeKind::Enum(_) => "Enum",
        TypeKind::Tagged(_) | TypeKind::Untagged(_) => "Union",
        TypeKind::Constant(_) => "Constant",
        TypeKind::Alias(_) | TypeKind::Pending => "Type",
    }
}

fn name_members(graph: &mut TypeGraph, index: usize, diagnostics: &mut Diagnostics) {
    let type_name = graph.types[index].name.clone();
    let pointer = graph.types[index].pointer.clone();
    let context = last_word(&type_name).to_string();
    // Variant names of unions use the names of the types they hold.
    let variant_type_names: Vec<Option<String>> = match &graph.types[index].kind {
        TypeKind::Untagged(u) => u.variants.iter().map(|v| named(graph, &v.ty)).collect(),
        TypeKind::Tagged(t) => t.variants.iter().map(|v| named(graph, &v.ty)).collect(),
        _ => Vec::new(),
    };
    match &mut graph.types[index].kind {
        TypeKind::Struct(s) => {
            let mut taken = HashSet::new();
            for field in &mut s.fields {
                let (name, clashed) = unique(field_name(&field.json_name), &mut taken);
                if clashed {
                    diagnostics.warning(&pointer, format!("property `{}` is emitted as `{name}` to avoid a clash", field.json_name));
                }
                field.rust_name = name;
            }
            s.extra_name = unique(EXTRA_FIELD.to_string(), &mut taken).0;
        }
        TypeKind::Enum(e) => {
            let mut taken: HashSet<String> = [OTHER_VARIANT.to_string()].into();
            for value in &mut e.values {
                let (name, clashed) = unique(variant_name(&value.value, &context), &mut taken);
                if clashed {
                    diagnostics.warning(&pointer, format!("enum value `{}` is emitted as `{name}` to avoid a clash", value.value));
                }
                value.rust_name = name;
            }
        }
        TypeKind::Untagged(u) => {
            let labels: Vec<String> = u.variants.iter().map(|v| v.hint.clone()).collect();
            let names = variant_names(&labels, &variant_type_names, &context);
            let mut taken = HashSet::new();
            for (variant, name) in u.variants.iter_mut().zip(names) {
                variant.name = unique(name, &mut taken).0;
            }
        }
        TypeKind::Tagged(t) => {
            let labels: Vec<String> = t.variants.iter().map(|v| v.hint.clone()).collect();
            let names = variant_names(&labels, &variant_type_names, &context);
            let mut taken: HashSet<String> = [UNKNOWN_VARIANT.to_string()].into();
            for (variant, name) in t.variants.iter_mut().zip(names) {
                // Variants named after their own tag keep that name.
                let name = if variant.tags == [variant.hint.clone()] { variant_name(&variant.hint, &context) } else { name };
                variant.name = unique(name, &mut taken).0;
            }
        }
        _ => {}
    }
}

fn named(graph: &TypeGraph, ty: &TypeRef) -> Option<String> {
    match ty {
        TypeRef::Named(id) => Some(graph.get(*id).name.clone()),
        _ => None,
    }
}

/// Variant names: the label (title or shape), except that variants holding
/// named types drop the words all of them share (`ChatCompletionRequestMessageContentPartText`,
/// `...PartImage` → `Text`, `Image`).
fn variant_names(labels: &[String], type_names: &[Option<String>], context: &str) -> Vec<String> {
    let names: Vec<String> = labels.iter().map(|l| variant_name(l, context)).collect();
    let held: Vec<&String> = type_names.iter().flatten().collect();
    if held.len() < 2 || held.len() != labels.len() {
        return names;
    }
    let split: Vec<Vec<&str>> = held.iter().map(|n| words(n)).collect();
    let mut common = 0;
    while split.iter().all(|w| w.len() > common + 1 && w[common] == split[0][common]) {
        common += 1;
    }
    if common == 0 {
        return names;
    }
    let stripped: Vec<String> = split.iter().map(|w| w[common..].concat()).collect();
    let distinct: HashSet<&String> = stripped.iter().collect();
    let valid = stripped.iter().all(|s| s.starts_with(|c: char| c.is_ascii_uppercase()) && s != "Self");
    if distinct.len() == stripped.len() && valid {
        labels.iter().zip(stripped).map(|(label, s)| if label.contains(' ') { variant_name(label, context) } else { s }).collect()
    } else {
        names
    }
}

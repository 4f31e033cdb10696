//! Union classification: a union whose variants carry one distinct constant
//! in a shared property (`type`, `role`, `event`, ...) becomes [`Tagged`];
//! `string | enum` becomes one open enum; the rest stay [`Untagged`], ordered
//! so that the most specific variant is tried first.

use std::collections::HashMap;

use super::{AliasTable, Enum, EnumValue, Tagged, TaggedVariant, TypeGraph, TypeId, TypeKind, TypeRef, Untagged};
use crate::diagnostics::Diagnostics;

/// Properties that commonly tell variants apart, tried in this order when a
/// union declares no discriminator.
const TAG_CANDIDATES: &[&str] = &["type", "role", "event", "object", "kind"];

pub(super) fn classify(graph: &mut TypeGraph, discriminators: &HashMap<TypeId, String>, diagnostics: &mut Diagnostics) {
    // Nested unions first (a variant that is itself a tagged union lends its
    // tags): a depth-first post-order on an explicit stack, so that a long
    // chain of unions cannot exhaust the call stack.
    // Classification never changes an alias, so one table serves throughout.
    let ends = graph.alias_table();
    let mut visited = vec![false; graph.types.len()];
    for root in graph.ids().collect::<Vec<_>>() {
        let mut stack = vec![(root, false)];
        while let Some((id, inner_done)) = stack.pop() {
            if inner_done {
                classify_one(graph, &ends, id, discriminators, diagnostics);
                continue;
            }
            if std::mem::replace(&mut visited[id.0], true) {
                continue;
            }
            let TypeKind::Untagged(union) = &graph.types[id.0].kind else { continue };
            stack.push((id, true));
            for variant in union.variants.iter().rev() {
                if let Some(inner) = ends.target(&variant.ty).filter(|inner| !visited[inner.0]) {
                    stack.push((inner, false));
                }
            }
        }
    }
}

fn classify_one(graph: &mut TypeGraph, ends: &AliasTable, id: TypeId, discriminators: &HashMap<TypeId, String>, diagnostics: &mut Diagnostics) {
    let TypeKind::Untagged(union) = &graph.types[id.0].kind else { return };
    let union = union.clone();
    if let Some(open) = as_open_enum(graph, ends, &union) {
        graph.types[id.0].kind = TypeKind::Enum(open);
        return;
    }
    let pointer = graph.types[id.0].pointer.clone();
    let declared = discriminators.get(&id);
    let tagged = match declared {
        Some(property) => {
            let tagged = try_tagged(graph, ends, &union, property, true);
            if tagged.is_none() {
                diagnostics.warning(
                    &pointer,
                    format!("discriminator `{property}` does not tell every variant apart; the union is matched by shape"),
                );
            }
            tagged
        }
        None => TAG_CANDIDATES.iter().find_map(|p| try_tagged(graph, ends, &union, p, false)),
    };
    let kind = match tagged {
        Some(tagged) => TypeKind::Tagged(tagged),
        None => TypeKind::Untagged(order_untagged(graph, ends, union)),
    };
    graph.types[id.0].kind = kind;
}

/// The values a variant's tag property can take, and whether the property is required.
fn tag_values(graph: &TypeGraph, ends: &AliasTable, variant: &TypeRef, property: &str) -> Option<(Vec<String>, bool)> {
    let id = ends.target(variant)?;
    match &graph.types[id.0].kind {
        TypeKind::Struct(s) => {
            let field = s.fields.iter().find(|f| f.json_name == property)?;
            let values = match &graph.types[ends.target(&field.ty)?.0].kind {
                TypeKind::Constant(v) => vec![v.clone()],
                TypeKind::Enum(e) => e.values.iter().map(|v| v.value.clone()).collect(),
                _ => return None,
            };
            Some((values, field.required))
        }
        TypeKind::Tagged(t) if t.property == property => {
            let mut values: Vec<String> = Vec::new();
            for tag in t.variants.iter().flat_map(|v| v.tags.iter()) {
                if !values.contains(tag) {
                    values.push(tag.clone());
                }
            }
            Some((values, t.optional_tag.is_empty()))
        }
        _ => None,
    }
}

/// Builds the tagged form when every variant carries the property. With a
/// declared discriminator, tags may be optional or shared (tried in order);
/// a property found by looking must be required everywhere and tell every
/// variant apart.
fn try_tagged(graph: &TypeGraph, ends: &AliasTable, union: &Untagged, property: &str, declared: bool) -> Option<Tagged> {
    let mut variants = Vec::new();
    let mut optional_tag = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for (index, variant) in union.variants.iter().enumerate() {
        let (tags, required) = tag_values(graph, ends, &variant.ty, property)?;
        let shared = tags.iter().any(|t| seen.contains(t));
        if !declared && (shared || !required) {
            return None;
        }
        if !required {
            optional_tag.push(index);
        }
        seen.extend(tags.iter().cloned());
        variants.push(TaggedVariant { hint: variant.hint.clone(), name: String::new(), tags, ty: variant.ty.clone(), docs: variant.docs.clone() });
    }
    if variants.len() < 2 && !declared {
        return None;
    }
    // A variant with one tag of its own is named after it (`role: user` → `User`).
    for variant in &mut variants {
        if let [tag] = variant.tags.as_slice() {
            if seen.iter().filter(|t| *t == tag).count() == 1 {
                variant.hint = tag.clone();
            }
        }
    }
    Some(Tagged { property: property.to_string(), variants, optional_tag })
}

/// `string | enum` (the "known values or any string" idiom): an open enum
/// already keeps unknown strings, so the union is that enum.
fn as_open_enum(graph: &TypeGraph, ends: &AliasTable, union: &Untagged) -> Option<Enum> {
    let mut values: Vec<String> = Vec::new();
    let mut saw_string = false;
    for variant in &union.variants {
        if variant.ty == TypeRef::String {
            saw_string = true;
            continue;
        }
        let id = ends.target(&variant.ty)?;
        match &graph.types[id.0].kind {
            TypeKind::Enum(e) => values.extend(e.values.iter().map(|v| v.value.clone())),
            TypeKind::Constant(v) => values.push(v.clone()),
            _ => return None,
        }
    }
    if !saw_string || values.is_empty() {
        return None;
    }
    let mut unique: Vec<String> = Vec::new();
    for v in values {
        if !unique.contains(&v) {
            unique.push(v);
        }
    }
    Some(Enum { values: unique.into_iter().map(|value| EnumValue { value, rust_name: String::new() }).collect() })
}

/// Variants that accept less go first: an integer before a float, a struct
/// with more required fields before one with fewer, anything before `Value`.
fn order_untagged(graph: &TypeGraph, ends: &AliasTable, mut union: Untagged) -> Untagged {
    union.variants.sort_by_key(|v| specificity(graph, ends, &v.ty));
    union
}

fn specificity(graph: &TypeGraph, ends: &AliasTable, ty: &TypeRef) -> (u8, i64) {
    match ty {
        TypeRef::Bool | TypeRef::Integer => (0, 0),
        TypeRef::Float => (1, 0),
        TypeRef::String | TypeRef::Bytes => (2, 0),
        TypeRef::List(_) => (2, 0),
        TypeRef::Map(_) => (4, 0),
        TypeRef::Any => (5, 0),
        TypeRef::Boxed(inner) => specificity(graph, ends, inner),
        // Accepts `null` besides the inner type: after it.
        TypeRef::Nullable(inner) => {
            let (rank, order) = specificity(graph, ends, inner);
            (rank, order + 1)
        }
        TypeRef::Named(_) => match ends.target(ty).map(|id| &graph.types[id.0].kind) {
            Some(TypeKind::Constant(_)) => (0, 0),
            // Open enums take any string: after plain constants, before free text.
            Some(TypeKind::Enum(_)) => (1, 0),
            Some(TypeKind::Struct(s)) => {
                let required = s.fields.iter().filter(|f| f.required).count() as i64;
                (3, -required)
            }
            Some(TypeKind::Tagged(_)) => (3, -1),
            Some(_) | None => (3, 0),
        },
    }
}

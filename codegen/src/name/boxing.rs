//! Where a `Box` is needed. Recursive types need indirection: a reference
//! from a type to another type of its own strongly connected component (not
//! already behind a `Vec` or a map) is boxed. A union variant far larger than
//! the others is boxed too, so that every value of the union does not pay
//! for its largest variant. Nothing else is.

use crate::model::{FieldMode, TypeGraph, TypeId, TypeKind, TypeRef};

/// Boxing stops once the largest unboxed variant exceeds the next one by
/// less than this (clippy's `large_enum_variant` fires at 200 bytes; the
/// estimate below is rough, hence the margin).
const VARIANT_SIZE_GAP: usize = 120;
/// Estimated size of `serde_json::Value` with `preserve_order`.
const JSON_VALUE_SIZE: usize = 72;

pub fn box_cycles(graph: &mut TypeGraph) {
    let edges: Vec<Vec<TypeId>> = graph.ids().map(|id| direct_edges(graph, id)).collect();
    let component = crate::model::strongly_connected(&edges);
    for index in 0..graph.types.len() {
        let own = component[index];
        let needs_box = |target: TypeId| component[target.0] == own;
        let kind = &mut graph.types[index].kind;
        match kind {
            TypeKind::Struct(s) => {
                for field in &mut s.fields {
                    box_direct(&mut field.ty, &needs_box);
                }
            }
            TypeKind::Tagged(t) => t.variants.iter_mut().for_each(|v| box_direct(&mut v.ty, &needs_box)),
            TypeKind::Untagged(u) => u.variants.iter_mut().for_each(|v| box_direct(&mut v.ty, &needs_box)),
            _ => {}
        }
    }
}

fn box_direct(ty: &mut TypeRef, needs_box: &impl Fn(TypeId) -> bool) {
    if let TypeRef::Named(id) = ty {
        if needs_box(*id) {
            *ty = TypeRef::Boxed(Box::new(ty.clone()));
        }
    }
}

/// Direct edges: references that are not behind a list or a map. Aliases
/// are followed since `type A = B` adds no indirection.
fn direct_edges(graph: &TypeGraph, id: TypeId) -> Vec<TypeId> {
    graph.get(id).kind.refs().into_iter().filter_map(|r| if let TypeRef::Named(t) = r { Some(*t) } else { None }).collect()
}

/// Boxes the largest variants of unions until no variant dwarfs the others.
pub fn box_large_variants(graph: &mut TypeGraph) {
    let mut sizes: Vec<Option<usize>> = vec![None; graph.types.len()];
    for index in 0..graph.types.len() {
        let payloads: Vec<TypeRef> = match &graph.types[index].kind {
            TypeKind::Tagged(t) => t.variants.iter().map(|v| v.ty.clone()).collect(),
            TypeKind::Untagged(u) => u.variants.iter().map(|v| v.ty.clone()).collect(),
            _ => continue,
        };
        let mut estimates: Vec<(usize, usize)> =
            payloads.iter().enumerate().map(|(i, ty)| (estimate(graph, ty, &mut sizes, 0), i)).collect();
        if matches!(graph.types[index].kind, TypeKind::Tagged(_)) {
            estimates.push((JSON_VALUE_SIZE, usize::MAX)); // the `Unknown` variant
        }
        let mut boxed = Vec::new();
        loop {
            estimates.sort_unstable_by(|a, b| b.cmp(a));
            match estimates.as_slice() {
                [(largest, i), (second, _), ..] if largest - second > VARIANT_SIZE_GAP && *i != usize::MAX => {
                    boxed.push(*i);
                    estimates[0].0 = 8;
                }
                _ => break,
            }
        }
        let wrap = |ty: &mut TypeRef| {
            if !matches!(ty, TypeRef::Boxed(_)) {
                *ty = TypeRef::Boxed(Box::new(ty.clone()));
            }
        };
        match &mut graph.types[index].kind {
            TypeKind::Tagged(t) => boxed.iter().for_each(|&i| wrap(&mut t.variants[i].ty)),
            TypeKind::Untagged(u) => boxed.iter().for_each(|&i| wrap(&mut u.variants[i].ty)),
            _ => {}
        }
        if !boxed.is_empty() {
            sizes.iter_mut().for_each(|s| *s = None);
        }
    }
}

/// A rough size in bytes of a value of `ty` on a 64-bit target.
fn estimate(graph: &TypeGraph, ty: &TypeRef, sizes: &mut Vec<Option<usize>>, depth: usize) -> usize {
    match ty {
        TypeRef::Bool | TypeRef::Integer | TypeRef::Float => 8,
        TypeRef::String | TypeRef::Bytes | TypeRef::List(_) | TypeRef::Map(_) => 24,
        TypeRef::Any => JSON_VALUE_SIZE,
        TypeRef::Boxed(_) => 8,
        TypeRef::Nullable(inner) => estimate(graph, inner, sizes, depth + 1) + 8,
        TypeRef::Named(id) => {
            if let Some(size) = sizes[id.0] {
                return size;
            }
            if depth > 32 {
                return 8;
            }
            let size = match &graph.get(*id).kind {
                TypeKind::Struct(s) => {
                    let fields: usize = s
                        .fields
                        .iter()
                        .map(|f| {
                            let inner = estimate(graph, &f.ty, sizes, depth + 1);
                            // Options often fit a niche, but not always: count a tag to stay on the safe side.
                            if FieldMode::of(f).needs_value() { inner } else { inner + 8 }
                        })
                        .sum();
                    fields + 72 // the map of undeclared properties
                }
                TypeKind::Enum(_) => 24,
                TypeKind::Constant(_) => 0,
                // A size estimate through every reference, capped at a fixed
                // depth and memoized: not an alias resolution.
                TypeKind::Alias(inner) => estimate(graph, inner, sizes, depth + 1),
                TypeKind::Tagged(t) => {
                    t.variants.iter().map(|v| estimate(graph, &v.ty, sizes, depth + 1)).max().unwrap_or(0).max(JSON_VALUE_SIZE) + 8
                }
                TypeKind::Untagged(u) => u.variants.iter().map(|v| estimate(graph, &v.ty, sizes, depth + 1)).max().unwrap_or(0) + 8,
                TypeKind::Pending => 0,
            };
            sizes[id.0] = Some(size);
            size
        }
    }
}

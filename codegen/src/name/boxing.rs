//! Where a `Box` is needed. Recursive types need indirection: a reference
//! from a type to another type of its own strongly connected component (not
//! already behind a `Vec` or a map) is boxed. A union variant far larger than
//! most of the others is boxed too, so that every value of the union does
//! not pay for its largest variant; so is an optional field of a large type,
//! so that every value of the struct does not pay for a field that is
//! usually absent (`usage` on all but the last chat chunk). Nothing else is.
//! Smaller values are cheaper to move: a stream of events or chunks moves
//! each one several times between the reader and the caller.

use crate::model::{FieldMode, TypeGraph, TypeId, TypeKind, TypeRef, Wrapper};

/// Boxing stops once the largest unboxed variant exceeds the middle one (by
/// size) by less than this: a union of a few large variants and many small
/// ones boxes the large ones (clippy's `large_enum_variant` fires at 200
/// bytes; the estimate below is rough, hence the margin).
const VARIANT_SIZE_GAP: usize = 120;
/// An optional field whose type is estimated at this many bytes or more is
/// boxed: absent, it costs a pointer instead of its whole size.
const LARGE_FIELD_SIZE: usize = 200;
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
            put_in_box(ty);
        }
    }
}

/// `T` becomes `Box<T>`; a box stays as it is.
fn put_in_box(ty: &mut TypeRef) {
    if !matches!(ty, TypeRef::Boxed(_)) {
        *ty = TypeRef::Boxed(Box::new(std::mem::replace(ty, TypeRef::Any)));
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
            let Some(&(middle, _)) = estimates.get(estimates.len() / 2) else { break };
            match estimates[0] {
                (largest, i) if largest - middle > VARIANT_SIZE_GAP && i != usize::MAX => {
                    boxed.push(i);
                    estimates[0].0 = 8;
                }
                _ => break,
            }
        }
        match &mut graph.types[index].kind {
            TypeKind::Tagged(t) => boxed.iter().for_each(|&i| put_in_box(&mut t.variants[i].ty)),
            TypeKind::Untagged(u) => boxed.iter().for_each(|&i| put_in_box(&mut u.variants[i].ty)),
            _ => {}
        }
        if !boxed.is_empty() {
            sizes.iter_mut().for_each(|s| *s = None);
        }
    }
}

/// Boxes the optional fields (`Option<T>`, `Nullable<T>`) of a named type
/// estimated at [`LARGE_FIELD_SIZE`] bytes or more.
pub fn box_large_fields(graph: &mut TypeGraph) {
    let mut sizes: Vec<Option<usize>> = vec![None; graph.types.len()];
    let mut large: Vec<(usize, usize)> = Vec::new();
    for index in 0..graph.types.len() {
        let TypeKind::Struct(s) = &graph.types[index].kind else { continue };
        for (position, field) in s.fields.iter().enumerate() {
            let optional = FieldMode::of(field).wrapper() != Wrapper::Plain;
            if optional && matches!(field.ty, TypeRef::Named(_)) && estimate(graph, &field.ty, &mut sizes, 0) >= LARGE_FIELD_SIZE {
                large.push((index, position));
            }
        }
    }
    // Boxed after the whole pass, so every estimate sees the same graph.
    for (index, position) in large {
        if let TypeKind::Struct(s) = &mut graph.types[index].kind {
            put_in_box(&mut s.fields[position].ty);
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
                    fields + 8 // `Extra`, the undeclared properties: one pointer
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Field, Struct, Untagged, UntaggedVariant};

    fn field(ty: TypeRef, required: bool) -> Field {
        Field {
            json_name: String::new(),
            rust_name: String::new(),
            ty,
            required,
            nullable: false,
            default_when_absent: required,
            docs: Default::default(),
        }
    }

    /// A struct of `strings` required string fields: 24 bytes each, plus `Extra`.
    fn strings(strings: usize) -> TypeKind {
        let fields = (0..strings).map(|_| field(TypeRef::String, true)).collect();
        TypeKind::Struct(Struct { fields, extra: TypeRef::Any, extra_name: String::new(), derives_default: true })
    }

    fn union(variants: &[usize]) -> TypeKind {
        let variants = variants
            .iter()
            .map(|&i| UntaggedVariant { hint: String::new(), name: String::new(), ty: TypeRef::Named(TypeId(i)), docs: Default::default() })
            .collect();
        TypeKind::Untagged(Untagged { variants })
    }

    fn variant_types(graph: &TypeGraph, id: usize) -> Vec<TypeRef> {
        let TypeKind::Untagged(u) = &graph.types[id].kind else { panic!("a union") };
        u.variants.iter().map(|v| v.ty.clone()).collect()
    }

    fn boxed(id: usize) -> TypeRef {
        TypeRef::Boxed(Box::new(TypeRef::Named(TypeId(id))))
    }

    #[test]
    fn only_optional_fields_of_large_types_are_boxed() {
        // 0: 20 strings (488 bytes), 1: 2 strings (56 bytes); 2 holds them optional and required.
        let holder = TypeKind::Struct(Struct {
            fields: vec![
                field(TypeRef::Named(TypeId(0)), false),
                field(TypeRef::Named(TypeId(0)), true),
                field(TypeRef::Named(TypeId(1)), false),
            ],
            extra: TypeRef::Any,
            extra_name: String::new(),
            derives_default: true,
        });
        let mut g = TypeGraph::of_kinds(vec![strings(20), strings(2), holder]);
        box_large_fields(&mut g);
        let TypeKind::Struct(s) = &g.types[2].kind else { panic!("a struct") };
        let types: Vec<&TypeRef> = s.fields.iter().map(|f| &f.ty).collect();
        assert_eq!(types, [&boxed(0), &TypeRef::Named(TypeId(0)), &TypeRef::Named(TypeId(1))]);
    }

    #[test]
    fn variants_far_above_the_middle_one_are_boxed() {
        // Two large variants among three small ones: both large ones are
        // boxed, though neither dwarfs the other.
        let mut g = TypeGraph::of_kinds(vec![strings(25), strings(25), strings(1), strings(1), strings(1), union(&[0, 1, 2, 3, 4])]);
        box_large_variants(&mut g);
        let small = (2..5).map(|i| TypeRef::Named(TypeId(i)));
        assert_eq!(variant_types(&g, 5), [boxed(0), boxed(1)].into_iter().chain(small).collect::<Vec<_>>());
    }

    #[test]
    fn variants_of_like_size_stay_unboxed() {
        // Sizes 32, 104 and 200 bytes: the largest is within the margin of the middle one.
        let mut g = TypeGraph::of_kinds(vec![strings(1), strings(4), strings(8), union(&[0, 1, 2])]);
        box_large_variants(&mut g);
        assert_eq!(variant_types(&g, 3), (0..3).map(|i| TypeRef::Named(TypeId(i))).collect::<Vec<_>>());
        // `Extra` counts as one pointer: a struct of four strings is 104 bytes, not 168.
        let mut sizes = vec![None; g.types.len()];
        assert_eq!(estimate(&g, &TypeRef::Named(TypeId(1)), &mut sizes, 0), 4 * 24 + 8);
    }
}

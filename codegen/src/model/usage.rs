//! How types are used: which structs can be empty (`Default`), and what a
//! required field holds when the payload leaves it out.
//!
//! Every struct is read leniently: a required field that is absent (or
//! `null` against the spec) reads as a *placeholder* (empty, zero, `None`,
//! an `Other`/`Unknown` variant) and is recorded so it is written back as it
//! came. A type whose placeholder would be infinite (a cycle of required
//! fields) has none: such a field stays strictly required.

use super::{PlaceholderImpl, TypeGraph, TypeId, TypeKind, TypeRef};

pub(super) fn apply(graph: &mut TypeGraph) {
    mark_defaults(graph);
    let finite = finite_placeholders(graph);
    let needed = needed_placeholders(graph, &finite);
    for (index, def) in graph.types.iter_mut().enumerate() {
        def.placeholder = needed[index];
        if let TypeKind::Struct(s) = &mut def.kind {
            for field in &mut s.fields {
                field.default_when_absent = field.required && (field.nullable || finite_ref(&finite, &field.ty));
            }
        }
    }
}

/// A struct derives `Default` when every field is optional or a constant:
/// one with a required value must not be creatable empty by accident.
fn mark_defaults(graph: &mut TypeGraph) {
    let constants: Vec<bool> = graph.types.iter().map(|d| matches!(d.kind, TypeKind::Constant(_))).collect();
    for def in &mut graph.types {
        if let TypeKind::Struct(s) = &mut def.kind {
            s.derives_default = s
                .fields
                .iter()
                .all(|f| !f.required || matches!(f.ty, TypeRef::Named(id) if constants[id.0]));
        }
    }
}

/// Whether each type has a finite placeholder: the least fixed point, so a
/// cycle of required fields has none.
fn finite_placeholders(graph: &TypeGraph) -> Vec<bool> {
    let mut finite = vec![false; graph.types.len()];
    loop {
        let mut changed = false;
        for (index, def) in graph.types.iter().enumerate() {
            if finite[index] {
                continue;
            }
            let now = match &def.kind {
                TypeKind::Enum(_) | TypeKind::Constant(_) | TypeKind::Tagged(_) => true,
                TypeKind::Alias(target) => finite_ref(&finite, target),
                TypeKind::Struct(s) => s.fields.iter().all(|f| !f.required || f.nullable || finite_ref(&finite, &f.ty)),
                TypeKind::Untagged(u) => u.variants.iter().any(|v| finite_ref(&finite, &v.ty)),
                TypeKind::Pending => false,
            };
            if now {
                finite[index] = true;
                changed = true;
            }
        }
        if !changed {
            return finite;
        }
    }
}

/// Containers, options and primitives are empty or zero; named types as computed.
fn finite_ref(finite: &[bool], ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(id) => finite[id.0],
        TypeRef::Boxed(inner) => finite_ref(finite, inner),
        _ => true,
    }
}

/// The types whose placeholder some lenient field uses, and how each is built.
/// String enums and constants always have one (their macros write it).
fn needed_placeholders(graph: &TypeGraph, finite: &[bool]) -> Vec<Option<PlaceholderImpl>> {
    let mut needed: Vec<Option<PlaceholderImpl>> = vec![None; graph.types.len()];
    let mut stack: Vec<TypeId> = Vec::new();
    let push_field_types = |s: &super::Struct, stack: &mut Vec<TypeId>| {
        for field in s.fields.iter().filter(|f| f.required && !f.nullable && finite_ref(finite, &f.ty)) {
            if let Some(id) = named_through_box(&field.ty) {
                stack.push(id);
            }
        }
    };
    for def in &graph.types {
        if let TypeKind::Struct(s) = &def.kind {
            push_field_types(s, &mut stack);
        }
    }
    while let Some(id) = stack.pop() {
        if needed[id.0].is_some() {
            continue;
        }
        let how = match &graph.get(id).kind {
            TypeKind::Struct(_) => PlaceholderImpl::Fields,
            TypeKind::Tagged(_) => PlaceholderImpl::UnknownVariant,
            TypeKind::Untagged(u) => match u.variants.iter().position(|v| finite_ref(finite, &v.ty)) {
                Some(index) => {
                    stack.extend(named_through_box(&u.variants[index].ty));
                    PlaceholderImpl::Variant(index)
                }
                None => continue,
            },
            TypeKind::Alias(target) => {
                stack.extend(named_through_box(target));
                continue;
            }
            TypeKind::Enum(_) | TypeKind::Constant(_) | TypeKind::Pending => continue,
        };
        needed[id.0] = Some(how);
    }
    needed
}

/// The named type a field's placeholder comes from: through a `Box`, not
/// through containers or options (those are empty).
fn named_through_box(ty: &TypeRef) -> Option<TypeId> {
    match ty {
        TypeRef::Named(id) => Some(*id),
        TypeRef::Boxed(inner) => named_through_box(inner),
        _ => None,
    }
}

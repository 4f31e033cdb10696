//! How types are used: which structs derive `Default` (those that can be
//! empty), and what a required field holds when the payload leaves it out
//! (the placeholder, which is also the `Default` of every other struct).
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

/// A struct derives `Default` when every field is optional or a constant;
/// one with a required value gets its placeholder as `Default` instead.
fn mark_defaults(graph: &mut TypeGraph) {
    let defaults: Vec<bool> = graph
        .types
        .iter()
        .map(|def| match &def.kind {
            TypeKind::Struct(s) => s.fields.iter().all(|f| !f.required || graph.is_constant(&f.ty)),
            _ => false,
        })
        .collect();
    for (def, derives_default) in graph.types.iter_mut().zip(defaults) {
        if let TypeKind::Struct(s) = &mut def.kind {
            s.derives_default = derives_default;
        }
    }
}

/// Whether each type has a finite placeholder: the least fixed point, so a
/// cycle of required fields has none. A worklist: each type waits for the
/// named types its placeholder needs (all of them for a struct or an alias,
/// any one for an untagged union), so a long chain costs one pass.
fn finite_placeholders(graph: &TypeGraph) -> Vec<bool> {
    enum Needs {
        /// This many named types, still without a finite placeholder.
        All(usize),
        /// Any one of its named types.
        Any,
        Never,
    }
    let n = graph.types.len();
    let mut finite = vec![false; n];
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut needs: Vec<Needs> = Vec::with_capacity(n);
    let mut ready: Vec<usize> = Vec::new();
    for (index, def) in graph.types.iter().enumerate() {
        // The named types behind `refs`; `None` when one is finite already
        // (a container, an option or a primitive).
        let named = |refs: &mut dyn Iterator<Item = &TypeRef>| -> Vec<Option<TypeId>> { refs.map(named_through_box).collect() };
        let need = match &def.kind {
            TypeKind::Enum(_) | TypeKind::Constant(_) | TypeKind::Tagged(_) => Needs::All(0),
            TypeKind::Alias(target) => Needs::All(named(&mut std::iter::once(target)).into_iter().flatten().map(|id| dependents[id.0].push(index)).count()),
            TypeKind::Struct(s) => {
                let mut required = s.fields.iter().filter(|f| f.required && !f.nullable).map(|f| &f.ty);
                Needs::All(named(&mut required).into_iter().flatten().map(|id| dependents[id.0].push(index)).count())
            }
            TypeKind::Untagged(u) => {
                let variants = named(&mut u.variants.iter().map(|v| &v.ty));
                if variants.iter().any(Option::is_none) {
                    Needs::All(0)
                } else {
                    variants.into_iter().flatten().for_each(|id| dependents[id.0].push(index));
                    Needs::Any
                }
            }
            TypeKind::Pending => Needs::Never,
        };
        if matches!(need, Needs::All(0)) {
            finite[index] = true;
            ready.push(index);
        }
        needs.push(need);
    }
    while let Some(done) = ready.pop() {
        for &waiting in &dependents[done] {
            if finite[waiting] {
                continue;
            }
            let now = match &mut needs[waiting] {
                Needs::All(count) => {
                    *count -= 1;
                    *count == 0
                }
                Needs::Any => true,
                Needs::Never => false,
            };
            if now {
                finite[waiting] = true;
                ready.push(waiting);
            }
        }
    }
    finite
}

/// Containers, options and primitives are empty or zero; named types as computed.
fn finite_ref(finite: &[bool], ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(id) => finite[id.0],
        TypeRef::Boxed(inner) => finite_ref(finite, inner),
        _ => true,
    }
}

/// The types whose placeholder some lenient field or some struct's `Default`
/// uses, and how each is built.
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
    for (index, def) in graph.types.iter().enumerate() {
        if let TypeKind::Struct(s) = &def.kind {
            push_field_types(s, &mut stack);
            // A struct with required fields has its placeholder as its
            // `Default` (`..Default::default()` in a struct literal); the
            // others derive `Default`.
            if finite[index] && !s.derives_default {
                stack.push(TypeId(index));
            }
        }
    }
    let mut visited = vec![false; graph.types.len()];
    while let Some(id) = stack.pop() {
        if std::mem::replace(&mut visited[id.0], true) {
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

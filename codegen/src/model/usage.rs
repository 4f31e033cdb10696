//! How types are used: which structs can be empty (`Default`), and which
//! fields are read leniently because the type arrives from the API.

use super::{unions::resolve, TypeGraph, TypeId, TypeKind, TypeRef};
use crate::load::Direction;

pub(super) fn apply(graph: &mut TypeGraph) {
    mark_defaults(graph);
    let incoming = incoming(graph);
    let defaults: Vec<bool> = graph.ids().map(|id| has_default(graph, &TypeRef::Named(id))).collect();
    for (index, def) in graph.types.iter_mut().enumerate() {
        if !incoming[index] {
            continue;
        }
        if let TypeKind::Struct(s) = &mut def.kind {
            for field in &mut s.fields {
                let defaultable = match &field.ty {
                    TypeRef::Named(id) => defaults[id.0],
                    other => primitive_default(other),
                };
                field.default_when_absent = field.required && !field.nullable && defaultable;
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

fn primitive_default(ty: &TypeRef) -> bool {
    !matches!(ty, TypeRef::Named(_) | TypeRef::Boxed(_))
}

fn has_default(graph: &TypeGraph, ty: &TypeRef) -> bool {
    match resolve(graph, ty) {
        Some(id) => match &graph.get(id).kind {
            TypeKind::Constant(_) => true,
            TypeKind::Struct(s) => s.derives_default,
            _ => false,
        },
        None => match ty {
            // An alias to a primitive or container.
            TypeRef::Named(id) => match &graph.get(*id).kind {
                TypeKind::Alias(inner) => primitive_default(inner),
                _ => false,
            },
            other => primitive_default(other),
        },
    }
}

/// Types reachable from response bodies and webhook payloads: what a client reads.
fn incoming(graph: &TypeGraph) -> Vec<bool> {
    let mut seen = vec![false; graph.types.len()];
    let mut stack: Vec<TypeId> = Vec::new();
    for op in &graph.operations {
        let is_webhook = op.path.starts_with("webhook:");
        for body in &op.bodies {
            if matches!(body.direction, Direction::Response(_)) || is_webhook {
                body.ty.visit_named(&mut |id| stack.push(id));
            }
        }
    }
    while let Some(id) = stack.pop() {
        if std::mem::replace(&mut seen[id.0], true) {
            continue;
        }
        for r in graph.get(id).kind.refs() {
            r.visit_named(&mut |next| stack.push(next));
        }
    }
    seen
}

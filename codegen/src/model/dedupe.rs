//! One type for structurally identical inline schemas. The spec writes some
//! shapes out in full in several places (the static chunking strategy of
//! `CreateAssistantRequest` and of `CreateThreadRequest`); each would be a
//! type of its own, under two names, that a user cannot pass from one place
//! to the other. Inline types with the same kind, the same fields or
//! variants (referring to the same types) and the same docs become one.
//! Components are never merged: each is public under its own name.

use std::collections::HashMap;

use super::{TypeDef, TypeGraph, TypeId, TypeKind};

/// Merges identical inline types and removes the copies from the graph;
/// returns how many were removed. The first of each set (in build order)
/// stays, and its name hint becomes the part every copy's hint ends with.
pub fn merge_identical(graph: &mut TypeGraph) -> usize {
    let canonical = identical_sets(graph);
    let removed = canonical.iter().enumerate().filter(|&(id, c)| c.0 != id).count();
    if removed == 0 {
        return 0;
    }
    let mut hints: HashMap<TypeId, Vec<String>> = HashMap::new();
    for (id, &keeper) in canonical.iter().enumerate() {
        if keeper.0 != id {
            let shared = common_suffix(hints.get(&keeper).unwrap_or(&graph.types[keeper.0].hint), &graph.types[id].hint);
            hints.insert(keeper, shared);
        }
    }
    for (keeper, hint) in hints {
        // A suffix of one property (`sources/Item`) would make a name too
        // plain to say where the type is used: the first copy's hint stays.
        let properties = hint.iter().filter(|part| !matches!(part.as_str(), "Item" | "Value")).count();
        if properties >= 2 {
            graph.types[keeper.0].hint = hint;
        }
    }
    // Old id -> new id of the type it stands for, once the copies are gone.
    let mut position = Vec::with_capacity(canonical.len());
    let mut next = 0;
    for (id, keeper) in canonical.iter().enumerate() {
        if keeper.0 == id {
            position.push(next);
            next += 1;
        } else {
            position.push(usize::MAX);
        }
    }
    let target = |id: TypeId| TypeId(position[canonical[id.0].0]);
    let types = std::mem::take(&mut graph.types);
    graph.types = types.into_iter().enumerate().filter(|(id, _)| canonical[*id].0 == *id).map(|(_, def)| def).collect();
    for def in &mut graph.types {
        for ty in def.kind.refs_mut() {
            ty.retarget(&target);
        }
    }
    for op in &mut graph.operations {
        for param in &mut op.params {
            param.ty.retarget(&target);
        }
        for body in &mut op.bodies {
            body.ty.retarget(&target);
        }
    }
    for id in graph.components.values_mut() {
        *id = target(*id);
    }
    removed
}

/// For every type, the first type identical to it (itself if none). Refined
/// to a fixed point: two types whose fields refer to two copies become
/// identical once the copies are.
fn identical_sets(graph: &TypeGraph) -> Vec<TypeId> {
    let mut canonical: Vec<TypeId> = graph.ids().collect();
    loop {
        let mut first: HashMap<String, TypeId> = HashMap::new();
        let mut changed = false;
        for id in graph.ids() {
            let def = &graph.types[id.0];
            if def.component.is_some() || canonical[id.0] != id || matches!(def.kind, TypeKind::Pending) {
                continue;
            }
            let keeper = *first.entry(shape_key(def, &canonical)).or_insert(id);
            if keeper != id {
                canonical[id.0] = keeper;
                changed = true;
            }
        }
        if !changed {
            return canonical;
        }
    }
}

/// Everything a type's code is made of but its name: kind, members, the
/// types they refer to (by the first of their set) and docs.
fn shape_key(def: &TypeDef, canonical: &[TypeId]) -> String {
    let mut kind = def.kind.clone();
    for ty in kind.refs_mut() {
        ty.retarget(&|id| canonical[id.0]);
    }
    format!("{kind:?}\n{:?}", def.docs)
}

/// The parts two hints end with.
fn common_suffix(a: &[String], b: &[String]) -> Vec<String> {
    let shared = a.iter().rev().zip(b.iter().rev()).take_while(|(x, y)| x == y).count();
    a[a.len() - shared..].to_vec()
}

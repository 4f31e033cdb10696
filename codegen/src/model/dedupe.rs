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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::Meta;
    use crate::model::{Enum, EnumValue, Field, Struct, TypeRef};

    fn def(hint: &[&str], component: bool, kind: TypeKind, description: &str) -> TypeDef {
        TypeDef {
            pointer: format!("#/{}", hint.join("/")),
            hint: hint.iter().map(|h| h.to_string()).collect(),
            name: String::new(),
            module: String::new(),
            docs: Meta { description: Some(description.into()), ..Meta::default() },
            kind,
            component: component.then(|| hint[0].to_string()),
            group: None,
            placeholder: None,
        }
    }

    fn object(field: &str, ty: TypeRef) -> TypeKind {
        let field = Field {
            json_name: field.into(),
            rust_name: String::new(),
            ty,
            required: false,
            nullable: false,
            default_when_absent: false,
            docs: Meta::default(),
        };
        TypeKind::Struct(Struct { fields: vec![field], extra: TypeRef::Any, extra_name: String::new(), derives_default: true })
    }

    fn level() -> TypeKind {
        TypeKind::Enum(Enum { values: vec![EnumValue { value: "high".into(), rust_name: String::new() }] })
    }

    /// Two components, each with an inline object holding an inline enum,
    /// written out alike; a third copy of the object with other docs.
    fn graph() -> TypeGraph {
        let types = vec![
            def(&["A"], true, object("tools", TypeRef::Named(TypeId(2))), "a"),
            def(&["B"], true, object("tools", TypeRef::Named(TypeId(4))), "b"),
            def(&["A", "tools", "settings"], false, object("level", TypeRef::Named(TypeId(3))), "settings"),
            def(&["A", "tools", "settings", "level"], false, level(), "level"),
            def(&["B", "tools", "settings"], false, object("level", TypeRef::Named(TypeId(5))), "settings"),
            def(&["B", "tools", "settings", "level"], false, level(), "level"),
            def(&["C", "settings"], false, object("level", TypeRef::Named(TypeId(5))), "other docs"),
            def(&["D"], true, level(), "level"),
        ];
        let mut graph = TypeGraph { types, ..TypeGraph::default() };
        for (name, id) in [("A", 0), ("B", 1), ("D", 7)] {
            graph.components.insert(name.into(), TypeId(id));
        }
        graph
    }

    fn field_type(graph: &TypeGraph, id: TypeId) -> TypeRef {
        match &graph.get(id).kind {
            TypeKind::Struct(s) => s.fields[0].ty.clone(),
            other => panic!("not a struct: {other:?}"),
        }
    }

    #[test]
    fn identical_inline_types_become_one_and_references_follow() {
        let mut graph = graph();
        assert_eq!(merge_identical(&mut graph), 2, "the second settings object and its enum");
        assert_eq!(graph.types.len(), 6);
        let (a, b) = (graph.components["A"], graph.components["B"]);
        let settings = field_type(&graph, a);
        assert_eq!(settings, field_type(&graph, b), "A and B share one settings type");
        let TypeRef::Named(settings) = settings else { panic!("a named type") };
        // Named by the path both copies end with.
        assert_eq!(graph.get(settings).hint, ["tools", "settings"]);
        let TypeRef::Named(level) = field_type(&graph, settings) else { panic!("a named type") };
        assert_eq!(graph.get(level).hint, ["tools", "settings", "level"]);
        // The copy with other docs stays a type of its own, and now points at the kept enum.
        let other = graph.types.iter().position(|d| d.hint == ["C", "settings"]).map(TypeId).expect("kept");
        assert_eq!(field_type(&graph, other), TypeRef::Named(level));
        // A component identical to an inline type keeps its own name and type.
        assert!(matches!(graph.get(graph.components["D"]).kind, TypeKind::Enum(_)));
        assert_ne!(graph.components["D"], level);
    }

    #[test]
    fn nothing_identical_changes_nothing() {
        let mut graph = graph();
        graph.types.truncate(4);
        graph.types[1].kind = object("tools", TypeRef::String);
        graph.components.shift_remove("D");
        let before = graph.types.clone();
        assert_eq!(merge_identical(&mut graph), 0);
        assert_eq!(graph.types, before);
    }
}

//! Module placement: each type goes to the API area of the operations that
//! reach it; a type reached from several areas, or from none, is `shared`.

use std::collections::{BTreeSet, HashMap};

use crate::model::{TypeGraph, TypeId, TypeKind};

pub const SHARED: &str = "shared";
pub const CONSTANTS: &str = "constants";

/// The API area of an operation path (`/chat/completions` → `chat`).
pub fn area_of(path: &str) -> String {
    if path.starts_with("webhook:") {
        return "webhooks".into();
    }
    let first = path.trim_start_matches('/').split(['/', '?']).next().unwrap_or_default();
    let area = match first {
        "organization" | "projects" => "admin",
        "threads" => "assistants",
        "" => SHARED,
        other => other,
    };
    super::ident::field_name(area)
}

/// The module of every type, by index.
pub fn assign(graph: &TypeGraph) -> Vec<String> {
    let mut reached: HashMap<TypeId, BTreeSet<String>> = HashMap::new();
    for op in &graph.operations {
        let area = area_of(&op.path);
        let mut stack: Vec<TypeId> = Vec::new();
        for body in &op.bodies {
            body.ty.visit_named(&mut |id| stack.push(id));
        }
        while let Some(id) = stack.pop() {
            let areas = reached.entry(id).or_default();
            if !areas.insert(area.clone()) {
                continue;
            }
            for r in graph.get(id).kind.refs() {
                r.visit_named(&mut |next| stack.push(next));
            }
        }
    }
    graph
        .ids()
        .map(|id| {
            if matches!(graph.get(id).kind, TypeKind::Constant(_)) && graph.get(id).component.is_none() {
                return CONSTANTS.to_string();
            }
            match reached.get(&id) {
                Some(areas) if areas.len() == 1 => areas.iter().next().cloned().unwrap_or_default(),
                _ => SHARED.to_string(),
            }
        })
        .collect()
}

//! Module placement: each type goes to the API area of the operations that
//! reach it; a type reached from several areas, or from none, is `shared`.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::overrides::Names;
use crate::diagnostics::Diagnostics;
use crate::model::{TypeGraph, TypeId, TypeKind};

pub const SHARED: &str = "shared";
pub const CONSTANTS: &str = "constants";

/// Names an API area's module cannot have: the crate's own modules and
/// files (`runtime`, `constants`, `src/lib.rs`, `src/main.rs`, which Cargo
/// would take for a binary), the features every crate has (`default`,
/// `full`, `unreached`) and the crates the generated code names.
const RESERVED_MODULES: &[&str] =
    &["lib", "main", "runtime", "constants", "default", "full", "unreached", "std", "core", "alloc", "serde", "serde_json", "indexmap"];

/// The module of an API area: a field-style name (`fine_tuning`, `r#async`,
/// `self_`), with `_api` after a reserved one (`runtime_api`).
pub fn module_name(area: &str) -> String {
    let name = super::ident::field_name(area);
    if RESERVED_MODULES.contains(&name.as_str()) {
        format!("{name}_api")
    } else {
        name
    }
}

/// The API area of an operation path (`/chat/completions` → `chat`), with
/// no overrides (see [`area_of_with`]).
pub fn area_of(path: &str) -> String {
    area_of_with(path, &Names::default())
}

/// The API area of an operation path: its first segment, or the area the
/// names file gives that segment (`/threads/...` → `assistants`).
pub fn area_of_with(path: &str, names: &Names) -> String {
    if path.starts_with("webhook:") {
        return "webhooks".into();
    }
    let first = path.trim_start_matches('/').split(['/', '?']).next().unwrap_or_default();
    let area = names.area_of_path(first).unwrap_or(first);
    if area.is_empty() || area == SHARED {
        return SHARED.to_string();
    }
    module_name(area)
}

/// The area a component's `x-oaiMeta.group` stands for, when it names one.
fn area_of_group(group: &str, areas: &BTreeSet<String>, names: &Names) -> Option<String> {
    let area = module_name(names.area_of_group(group).unwrap_or(group));
    areas.contains(&area).then_some(area)
}

/// Marks `area` on every type reachable from `roots`.
fn reach(graph: &TypeGraph, roots: Vec<TypeId>, area: &str, reached: &mut HashMap<TypeId, BTreeSet<String>>) {
    for (index, _) in graph.reachable(roots).into_iter().enumerate().filter(|(_, seen)| *seen) {
        reached.entry(TypeId(index)).or_default().insert(area.to_string());
    }
}

/// The types each area starts from: the body types of its operations
/// (`operations`), and the types no operation reaches whose
/// `x-oaiMeta.group` names the area (`groups`), in graph order.
#[derive(Clone, Debug, Default)]
pub struct AreaRoots {
    pub operations: BTreeMap<String, Vec<TypeId>>,
    pub groups: BTreeMap<String, Vec<TypeId>>,
}

fn roots(graph: &TypeGraph, names: &Names) -> AreaRoots {
    let mut roots = AreaRoots::default();
    for op in &graph.operations {
        let area = roots.operations.entry(area_of_with(&op.path, names)).or_default();
        for body in &op.bodies {
            body.ty.visit_named(&mut |id| area.push(id));
        }
        for param in &op.params {
            param.ty.visit_named(&mut |id| area.push(id));
        }
    }
    let mut reached = HashMap::new();
    for (area, ids) in &roots.operations {
        reach(graph, ids.clone(), area, &mut reached);
    }
    let known_areas: BTreeSet<String> = roots.operations.keys().cloned().collect();
    for id in graph.ids() {
        let Some(area) = graph.get(id).group.as_deref().and_then(|g| area_of_group(g, &known_areas, names)) else { continue };
        if !reached.contains_key(&id) {
            roots.groups.entry(area).or_default().push(id);
        }
    }
    roots
}

/// The module of every type, by index, and the roots of each area.
/// The names file decides first; then operations; types no operation
/// reaches (WebSocket events, say) follow their `x-oaiMeta.group`.
pub fn assign(graph: &TypeGraph, names: &Names, diagnostics: &mut Diagnostics) -> (Vec<String>, AreaRoots) {
    let roots = roots(graph, names);
    let mut reached: HashMap<TypeId, BTreeSet<String>> = HashMap::new();
    for (area, ids) in &roots.operations {
        reach(graph, ids.clone(), area, &mut reached);
    }
    let unreached: HashSet<TypeId> = graph.ids().filter(|id| !reached.contains_key(id)).collect();
    let mut by_group: HashMap<TypeId, BTreeSet<String>> = HashMap::new();
    for (area, ids) in &roots.groups {
        reach(graph, ids.clone(), area, &mut by_group);
    }
    // Types an operation reaches keep the areas of their operations.
    by_group.retain(|id, _| unreached.contains(id));
    reached.extend(by_group);
    let mut modules: Vec<String> = graph
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
        .collect();
    let segments: BTreeSet<&str> =
        graph.operations.iter().map(|op| op.path.trim_start_matches('/').split(['/', '?']).next().unwrap_or_default()).collect();
    for renamed in names.areas.iter().filter(|o| !segments.contains(o.matches.as_str())) {
        diagnostics.warning("#/paths", format!("names override does not apply: no path under `/{}`", renamed.matches));
    }
    let groups: BTreeSet<&str> = graph.types.iter().filter_map(|t| t.group.as_deref()).collect();
    for renamed in names.groups.iter().filter(|o| !groups.contains(o.matches.as_str())) {
        diagnostics.warning("#/components/schemas", format!("names override does not apply: no schema in group `{}`", renamed.matches));
    }
    for placed in &names.modules {
        match graph.components.get(&placed.matches) {
            Some(id) => modules[id.0] = module_name(&placed.gives),
            None => diagnostics.warning(
                "#/components/schemas",
                format!("names override does not apply: no schema `{}` to place in `{}`", placed.matches, placed.gives),
            ),
        }
    }
    (modules, roots)
}

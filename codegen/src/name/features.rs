//! Cargo features of the generated crate, computed from the type graph.
//!
//! The rule:
//!
//! - Every area module (`chat`, `responses`, `fine_tuning`, ...) has one
//!   feature, named after the module with `-` for `_` (`fine-tuning`), that
//!   compiles the whole module.
//! - A feature's roots are its module's types, the request and response
//!   bodies of its area's operations, and the types its `x-oaiMeta.group`
//!   places (the same roots as module placement, see `areas`). It compiles
//!   every type these reach through fields, variants and aliases,
//!   transitively. An area whose types all went to `shared` still has a
//!   feature, with no module of its own.
//! - `shared` and `constants` are always compiled, but each of their types is
//!   gated on its own: it is compiled when any feature that reaches it is on.
//!   So `chat` alone compiles the chat types and exactly the shared types and
//!   constants they use, not the rest of `shared`.
//! - A feature enables the features of every other area module its types
//!   reach (a type placed in an area by its `x-oaiMeta.group` may use a type
//!   of another area), and theirs, transitively: the manifest lists the
//!   whole closure, so each feature compiles on its own.
//! - Types of `shared` and `constants` that no feature reaches (schemas no
//!   operation and no group uses, and what only they use) are gated by the
//!   feature [`UNREACHED`].
//! - `full` enables every feature; it is the default.
//!
//! `runtime` is always compiled and needs no feature.

use std::collections::{BTreeMap, BTreeSet};

use super::{CONSTANTS, SHARED};
use crate::model::{TypeGraph, TypeId};

/// The feature of the types that no area module uses.
pub const UNREACHED: &str = "unreached";
/// The feature that enables every other one.
pub const FULL: &str = "full";

/// One Cargo feature of the generated crate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Feature {
    /// The feature name (`fine-tuning`).
    pub name: String,
    /// The module it compiles whole (`fine_tuning`); `None` for [`UNREACHED`]
    /// and areas without a module, which only gate types of `shared` and `constants`.
    pub module: Option<String>,
    /// Every other feature it needs, sorted.
    pub enables: Vec<String>,
    /// How many types this feature alone compiles (with those it enables).
    pub types: usize,
}

/// The features and the gate of every type.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Features {
    /// Sorted by name; `full` is not listed.
    pub features: Vec<Feature>,
    /// By type index: for a type of `shared` or `constants`, the features any
    /// of which compiles it (sorted, never empty); for other types, empty:
    /// they are gated by their module's feature.
    pub item_gates: Vec<Vec<String>>,
}

/// Whether a module is compiled whole, with item-level gates, rather than
/// behind a feature of its own.
pub fn is_ungated_module(module: &str) -> bool {
    module == SHARED || module == CONSTANTS
}

/// The feature name of an area module (`vector_stores` → `vector-stores`):
/// never raw (`r#async` → `async`, which Cargo accepts and `r#async` it
/// does not), never ending in a dash (`self_` → `self`).
pub fn feature_name(module: &str) -> String {
    module.trim_start_matches("r#").trim_end_matches('_').replace('_', "-")
}

impl Features {
    /// The feature that compiles `module` whole, if it has one.
    pub fn of_module(&self, module: &str) -> Option<&Feature> {
        self.features.iter().find(|f| f.module.as_deref() == Some(module))
    }

    /// The feature called `name`.
    pub fn get(&self, name: &str) -> Option<&Feature> {
        self.features.iter().find(|f| f.name == name)
    }

    /// Whether `feature` alone (with the features it enables) compiles the type `id`.
    pub fn compiles(&self, graph: &TypeGraph, feature: &Feature, id: TypeId) -> bool {
        let module = graph.get(id).module.as_str();
        if is_ungated_module(module) {
            let gates = &self.item_gates[id.0];
            gates.contains(&feature.name) || feature.enables.iter().any(|e| gates.contains(e))
        } else {
            feature.module.as_deref() == Some(module) || feature.enables.contains(&feature_name(module))
        }
    }
}

/// Types reachable from `roots` (the roots included).
fn reachable(graph: &TypeGraph, roots: impl IntoIterator<Item = TypeId>) -> BTreeSet<TypeId> {
    graph.reachable(roots).into_iter().enumerate().filter(|(_, seen)| *seen).map(|(index, _)| TypeId(index)).collect()
}

/// Computes the features of a named graph (modules and area roots assigned
/// by the name stage); the facts pass stores them on the graph.
pub fn compute(graph: &TypeGraph) -> Features {
    let mut by_module: BTreeMap<&str, Vec<TypeId>> = BTreeMap::new();
    for id in graph.ids() {
        by_module.entry(graph.get(id).module.as_str()).or_default().push(id);
    }
    // Each feature's roots: its module's types, the bodies of its area's
    // operations and the types its group places (those two may be in
    // `shared`); then the types it compiles: all they reach.
    let mut roots: BTreeMap<String, (Option<String>, Vec<TypeId>)> = BTreeMap::new();
    for (module, ids) in &by_module {
        if !is_ungated_module(module) {
            roots.insert(feature_name(module), (Some(module.to_string()), ids.clone()));
        }
    }
    let area_roots = &graph.facts.area_roots;
    for (area, ids) in area_roots.operations.iter().chain(&area_roots.groups) {
        if area != SHARED {
            roots.entry(feature_name(area)).or_insert_with(|| (None, Vec::new())).1.extend(ids);
        }
    }
    let mut reach: BTreeMap<String, (Option<String>, BTreeSet<TypeId>)> = roots
        .into_iter()
        .map(|(name, (module, ids))| (name, (module, reachable(graph, ids))))
        .collect();
    let mut item_gates: Vec<BTreeSet<String>> = vec![BTreeSet::new(); graph.types.len()];
    for (feature, (_, types)) in &reach {
        for id in types {
            if is_ungated_module(&graph.get(*id).module) {
                item_gates[id.0].insert(feature.clone());
            }
        }
    }
    let unreached: Vec<TypeId> =
        graph.ids().filter(|id| is_ungated_module(&graph.get(*id).module) && item_gates[id.0].is_empty()).collect();
    if !unreached.is_empty() {
        let types = reachable(graph, unreached.iter().copied());
        for id in &types {
            if is_ungated_module(&graph.get(*id).module) {
                item_gates[id.0].insert(UNREACHED.to_string());
            }
        }
        reach.insert(UNREACHED.to_string(), (None, types));
    }
    // Direct needs: the other area modules a feature's types reach; then
    // their closure, as Cargo enables features transitively.
    let direct: BTreeMap<&str, BTreeSet<String>> = reach
        .iter()
        .map(|(name, (module, types))| {
            let needs = types
                .iter()
                .map(|id| graph.get(*id).module.as_str())
                .filter(|m| !is_ungated_module(m) && module.as_deref() != Some(*m))
                .map(feature_name)
                .collect();
            (name.as_str(), needs)
        })
        .collect();
    let features = reach
        .keys()
        .map(|name| {
            let mut enabled: BTreeSet<&str> = BTreeSet::new();
            let mut stack = vec![name.as_str()];
            while let Some(next) = stack.pop() {
                if enabled.insert(next) {
                    stack.extend(direct[next].iter().map(String::as_str));
                }
            }
            // Every compiled type is reached from an enabled feature's roots.
            let types: BTreeSet<TypeId> = enabled.iter().flat_map(|f| reach[*f].1.iter().copied()).collect();
            enabled.remove(name.as_str());
            Feature {
                name: name.clone(),
                module: reach[name].0.clone(),
                enables: enabled.into_iter().map(str::to_string).collect(),
                types: types.len(),
            }
        })
        .collect();
    Features { features, item_gates: item_gates.into_iter().map(|g| g.into_iter().collect()).collect() }
}

/// Checks that the features are closed: for every type and every type it
/// references, each feature that compiles the first (with what it enables)
/// compiles the second. Returns one line per violation.
pub fn check_closed(graph: &TypeGraph, features: &Features) -> Vec<String> {
    let compiles = |feature: &Feature, id: TypeId| features.compiles(graph, feature, id);
    let mut problems = Vec::new();
    for feature in &features.features {
        for id in graph.ids() {
            if !compiles(feature, id) {
                continue;
            }
            for r in graph.get(id).kind.refs() {
                r.visit_named(&mut |target| {
                    if !compiles(feature, target) {
                        problems.push(format!(
                            "feature `{}` compiles {}::{} but not {}::{} that it uses",
                            feature.name,
                            graph.get(id).module,
                            graph.get(id).name,
                            graph.get(target).module,
                            graph.get(target).name
                        ));
                    }
                });
            }
        }
        for enabled in &feature.enables {
            if features.get(enabled).is_none() {
                problems.push(format!("feature `{}` enables `{enabled}`, which does not exist", feature.name));
            }
        }
    }
    for (index, gates) in features.item_gates.iter().enumerate() {
        let def = &graph.types[index];
        if is_ungated_module(&def.module) && gates.is_empty() {
            problems.push(format!("{}::{} is compiled by no feature", def.module, def.name));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURE: &str = include_str!("../../../spec/fixtures/features.yaml");

    fn fixture() -> (TypeGraph, Features) {
        let options = crate::Options { source: "a fixture".into(), ..crate::Options::default() };
        let generation = crate::generate(FIXTURE, &options).unwrap_or_else(|f| panic!("{f}"));
        let features = compute(&generation.graph);
        (generation.graph, features)
    }

    /// The gates of the type `module::Name`.
    fn gates_of(graph: &TypeGraph, features: &Features, path: &str) -> Vec<String> {
        let id = graph
            .ids()
            .find(|id| format!("{}::{}", graph.get(*id).module, graph.get(*id).name) == path)
            .unwrap_or_else(|| panic!("no type {path}"));
        features.item_gates[id.0].clone()
    }

    #[test]
    fn one_feature_per_area_module_with_the_areas_it_reaches() {
        let (_, features) = fixture();
        let table: Vec<(&str, Option<&str>, Vec<&str>)> = features
            .features
            .iter()
            .map(|f| (f.name.as_str(), f.module.as_deref(), f.enables.iter().map(String::as_str).collect()))
            .collect();
        assert_eq!(
            table,
            [
                // ChatFileEvent (placed in chat by its group) uses FileObject.
                ("chat", Some("chat"), vec!["files"]),
                ("files", Some("files"), vec![]),
                // All the types of /models are shared.
                ("models", None, vec![]),
                ("responses", Some("responses"), vec![]),
                (UNREACHED, None, vec!["files"]),
            ]
        );
    }

    #[test]
    fn shared_types_and_constants_are_gated_by_the_features_that_reach_them() {
        let (graph, features) = fixture();
        assert_eq!(gates_of(&graph, &features, "shared::ModelName"), ["chat", "models", "responses"]);
        // Operation bodies are roots of their area's feature.
        assert_eq!(gates_of(&graph, &features, "shared::DeleteResult"), ["chat", "responses"]);
        assert_eq!(gates_of(&graph, &features, "shared::Usage"), ["chat", "responses", UNREACHED]);
        assert_eq!(gates_of(&graph, &features, "shared::Unused"), [UNREACHED]);
        assert_eq!(gates_of(&graph, &features, "shared::UnusedHelper"), [UNREACHED]);
        assert_eq!(gates_of(&graph, &features, "constants::User"), ["chat"]);
        assert_eq!(gates_of(&graph, &features, "constants::Response"), ["responses"]);
        // Types of area modules are gated by their module, not item by item.
        assert!(gates_of(&graph, &features, "chat::ChatRequest").is_empty());
        assert!(gates_of(&graph, &features, "files::FileObject").is_empty());
    }

    #[test]
    fn each_feature_counts_the_types_it_compiles() {
        let (graph, features) = fixture();
        for feature in &features.features {
            let compiled = graph.ids().filter(|id| features.compiles(&graph, feature, *id)).count();
            assert_eq!(feature.types, compiled, "feature {}", feature.name);
        }
        // chat: ChatRequest, ChatMessage, ChatResponse, ChatFileEvent, the
        // constant `user`, ModelName, Usage, DeleteResult, and FileList,
        // FileObject of `files`.
        assert_eq!(features.get("chat").map(|f| f.types), Some(10));
    }

    #[test]
    fn computed_features_are_closed() {
        let (graph, features) = fixture();
        assert_eq!(check_closed(&graph, &features), Vec::<String>::new());
    }

    #[test]
    fn check_closed_finds_a_missing_feature_and_a_missing_gate() {
        let (graph, mut features) = fixture();
        let chat = features.features.iter_mut().find(|f| f.name == "chat").unwrap();
        chat.enables.clear();
        let problems = check_closed(&graph, &features);
        assert!(problems.iter().any(|p| p.contains("feature `chat` compiles chat::ChatFileEvent but not files::FileObject")), "{problems:?}");

        let (graph, mut features) = fixture();
        let usage = graph.ids().find(|id| graph.get(*id).name == "Usage").unwrap();
        features.item_gates[usage.0].retain(|g| g != "responses");
        let problems = check_closed(&graph, &features);
        assert!(problems.iter().any(|p| p.contains("feature `responses` compiles responses::Response but not shared::Usage")), "{problems:?}");

        let (graph, mut features) = fixture();
        features.item_gates[usage.0].clear();
        assert!(check_closed(&graph, &features).iter().any(|p| p == "shared::Usage is compiled by no feature"));
    }

    #[test]
    fn feature_names_use_dashes() {
        assert_eq!(feature_name("vector_stores"), "vector-stores");
        assert_eq!(feature_name("chat"), "chat");
        assert_eq!(feature_name("r#async"), "async");
        assert_eq!(feature_name("self_"), "self");
    }
}

//! The one alias resolver and the one graph visitor. Every stage that
//! follows aliases or walks the graph goes through these two, so each walk
//! is bounded the same way on any input: alias chains are followed in a
//! loop (never by recursion) and stop after as many steps as there are
//! types, so a cycle ends the walk instead of the stack; the visitor keeps
//! its own stack and visits each type once.
//!
//! The `Box` policy: a `Box` (added by the name stage for recursion and for
//! large variants) is an indirection, not a type of its own, so the
//! resolver looks through it, at the start and between aliases. A
//! `Nullable`, a list or a map is a type of its own: the resolver stops
//! there. Facts that depend on the box itself (a `Box<T>` is never `Copy`)
//! check it before resolving.
//!
//! Recursion on the structure of one [`TypeRef`] (`Vec<Option<Vec<T>>>`) is
//! bounded by the nesting limit of the parser (`load::parse`), since every
//! level of a reference is a level of the document.

use super::{TypeGraph, TypeId, TypeKind, TypeRef};

/// Where a reference ends once aliases and boxes are followed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Resolved<'a> {
    /// The last named type on the way: the type at the end when it is not
    /// an alias, else the last alias (one whose target is structural).
    /// `None` when the reference is structural itself (`Vec<T>`, `String`).
    pub named: Option<TypeId>,
    /// The end: `Named` of a type that is not an alias, or a structural
    /// reference (primitive, list, map, nullable).
    pub end: &'a TypeRef,
}

impl Resolved<'_> {
    /// The type at the end, when it is a named type that is not an alias.
    pub fn target(&self) -> Option<TypeId> {
        match self.end {
            TypeRef::Named(id) => Some(*id),
            _ => None,
        }
    }
}

impl TypeGraph {
    /// Follows boxes and aliases from `ty` to the end of the chain. `None`
    /// when the chain loops (an alias cycle, reported by the model as an
    /// error). At most one step per type of the graph, in a loop.
    pub fn resolve<'a>(&'a self, ty: &'a TypeRef) -> Option<Resolved<'a>> {
        let mut current = ty;
        let mut named = None;
        // Each step enters a distinct alias unless the chain loops, so more
        // steps than types means a cycle.
        for _ in 0..=self.types.len() {
            match current {
                TypeRef::Boxed(inner) => current = inner,
                TypeRef::Named(id) => match &self.get(*id).kind {
                    TypeKind::Alias(next) => {
                        named = Some(*id);
                        current = next;
                    }
                    _ => return Some(Resolved { named: Some(*id), end: current }),
                },
                structural => return Some(Resolved { named, end: structural }),
            }
        }
        None
    }

    /// [`TypeGraph::resolve`] of every type (`Named(id)`, by index) at once,
    /// in linear time: each chain is followed once and every alias on it
    /// takes its end. `None` for the types on or leading into a cycle.
    pub fn resolve_all(&self) -> Vec<Option<(Option<TypeId>, TypeRef)>> {
        let n = self.types.len();
        let mut ends: Vec<Option<(Option<TypeId>, TypeRef)>> = vec![None; n];
        let mut done = vec![false; n];
        let mut on_path = vec![false; n];
        for start in 0..n {
            if done[start] {
                continue;
            }
            let mut path: Vec<usize> = Vec::new();
            let mut id = start;
            let end = loop {
                if done[id] {
                    break ends[id].clone();
                }
                if on_path[id] {
                    break None;
                }
                let TypeKind::Alias(target) = &self.types[id].kind else {
                    // A type that is not an alias ends its own chain.
                    let own = Some((Some(TypeId(id)), TypeRef::Named(TypeId(id))));
                    ends[id].clone_from(&own);
                    done[id] = true;
                    break own;
                };
                on_path[id] = true;
                path.push(id);
                let mut next = target;
                while let TypeRef::Boxed(inner) = next {
                    next = inner;
                }
                match next {
                    TypeRef::Named(target) => id = target.0,
                    structural => break Some((Some(TypeId(id)), structural.clone())),
                }
            };
            for member in path {
                ends[member].clone_from(&end);
                done[member] = true;
                on_path[member] = false;
            }
        }
        ends
    }

    /// [`TypeGraph::resolve_all`] as a table that answers for any reference.
    pub fn alias_table(&self) -> AliasTable {
        AliasTable(self.resolve_all())
    }

    /// The named type behind a reference, through boxes and aliases: `None`
    /// when the reference ends in a structural type or in a cycle.
    pub fn resolve_named(&self, ty: &TypeRef) -> Option<TypeId> {
        self.resolve(ty).and_then(|r| r.target())
    }

    /// Whether a reference is a constant string itself (`type: {const: x}`),
    /// not through an alias or a box: such a field is a tag, filled in by
    /// builders and allowed in an empty (`Default`) struct.
    pub fn is_constant(&self, ty: &TypeRef) -> bool {
        matches!(ty, TypeRef::Named(id) if matches!(self.get(*id).kind, TypeKind::Constant(_)))
    }

    /// Every type reachable from `roots` (the roots included) through
    /// fields, variants, aliases, items and values: by index, `true` when
    /// reached. Iterative, each type visited once.
    pub fn reachable(&self, roots: impl IntoIterator<Item = TypeId>) -> Vec<bool> {
        let mut seen = vec![false; self.types.len()];
        let mut stack: Vec<TypeId> = roots.into_iter().collect();
        while let Some(id) = stack.pop() {
            if std::mem::replace(&mut seen[id.0], true) {
                continue;
            }
            for r in self.get(id).kind.refs() {
                r.visit_named(&mut |next| {
                    if !seen[next.0] {
                        stack.push(next);
                    }
                });
            }
        }
        seen
    }
}

/// The strongly connected component of every node of a graph given by its
/// edges (by type index): Tarjan's algorithm, iterative so deep graphs
/// cannot overflow the stack.
pub fn strongly_connected(edges: &[Vec<TypeId>]) -> Vec<usize> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    // Each component gets its own number; singletons without a self-edge get a unique one too.
    let mut component = vec![usize::MAX; n];
    let mut next_index = 0;
    let mut next_component = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&mut (v, ref mut edge)) = work.last_mut() {
            if *edge == 0 && index[v] == usize::MAX {
                index[v] = next_index;
                low[v] = next_index;
                next_index += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = edges[v].get(*edge) {
                *edge += 1;
                let w = w.0;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component[w] = next_component;
                    if w == v {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    // A singleton component is recursive only through a self-edge, which
    // `component[target] == own` already catches.
    component
}

/// Every type's alias end ([`TypeGraph::resolve_all`]), read as
/// [`TypeGraph::resolve`] would answer for any reference: passes that
/// resolve many references read this table, so a long alias chain costs one
/// walk in all. Valid while no alias of the graph changes.
pub struct AliasTable(Vec<Option<(Option<TypeId>, TypeRef)>>);

impl AliasTable {
    /// The last named type and the end of a reference (through boxes); `None` on a cycle.
    pub fn resolve<'a>(&'a self, ty: &'a TypeRef) -> Option<(Option<TypeId>, &'a TypeRef)> {
        let mut current = ty;
        while let TypeRef::Boxed(inner) = current {
            current = inner;
        }
        match current {
            TypeRef::Named(id) => self.0[id.0].as_ref().map(|(named, end)| (*named, end)),
            structural => Some((None, structural)),
        }
    }

    /// The named type at the end, when it is not an alias ([`Resolved::target`]).
    pub fn target(&self, ty: &TypeRef) -> Option<TypeId> {
        match self.resolve(ty) {
            Some((_, TypeRef::Named(id))) => Some(*id),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_follows_boxes_and_aliases_to_the_end() {
        // 0 = 1, 1 = Box<2>, 2 = constant; 3 = Vec<String>
        let g = TypeGraph::of_kinds(vec![
            TypeKind::Alias(TypeRef::Named(TypeId(1))),
            TypeKind::Alias(TypeRef::Boxed(Box::new(TypeRef::Named(TypeId(2))))),
            TypeKind::Constant("x".into()),
            TypeKind::Alias(TypeRef::List(Box::new(TypeRef::String))),
        ]);
        let start = TypeRef::Boxed(Box::new(TypeRef::Named(TypeId(0))));
        assert_eq!(g.resolve_named(&start), Some(TypeId(2)));
        let list = g.resolve(&TypeRef::Named(TypeId(3))).unwrap();
        assert_eq!((list.named, list.end), (Some(TypeId(3)), &TypeRef::List(Box::new(TypeRef::String))));
        assert_eq!(g.resolve(&TypeRef::String).unwrap().named, None);
    }

    #[test]
    fn resolve_ends_on_a_cycle_and_on_a_long_chain() {
        let g = TypeGraph::of_kinds(vec![TypeKind::Alias(TypeRef::Named(TypeId(1))), TypeKind::Alias(TypeRef::Named(TypeId(0)))]);
        assert_eq!(g.resolve(&TypeRef::Named(TypeId(0))), None);
        let n = 10_000;
        let mut kinds: Vec<TypeKind> = (0..n).map(|i| TypeKind::Alias(TypeRef::Named(TypeId(i + 1)))).collect();
        kinds.push(TypeKind::Constant("end".into()));
        let g = TypeGraph::of_kinds(kinds);
        assert_eq!(g.resolve_named(&TypeRef::Named(TypeId(0))), Some(TypeId(n)));
    }

    #[test]
    fn resolve_all_agrees_with_resolve() {
        // 0 = 1, 1 = Box<2>, 2 = constant, 3 = [String], 4 = 5, 5 = 4, 6 = 4, 7 = 3
        let g = TypeGraph::of_kinds(vec![
            TypeKind::Alias(TypeRef::Named(TypeId(1))),
            TypeKind::Alias(TypeRef::Boxed(Box::new(TypeRef::Named(TypeId(2))))),
            TypeKind::Constant("x".into()),
            TypeKind::Alias(TypeRef::List(Box::new(TypeRef::String))),
            TypeKind::Alias(TypeRef::Named(TypeId(5))),
            TypeKind::Alias(TypeRef::Named(TypeId(4))),
            TypeKind::Alias(TypeRef::Named(TypeId(4))),
            TypeKind::Alias(TypeRef::Named(TypeId(3))),
        ]);
        let all = g.resolve_all();
        for id in g.ids() {
            let one = g.resolve(&TypeRef::Named(id)).map(|r| (r.named, r.end.clone()));
            assert_eq!(all[id.0], one, "type {}", id.0);
        }
    }

    #[test]
    fn reachable_visits_each_type_once_through_cycles() {
        // 0 -> [1], 1 -> {0}, 2 alone
        let g = TypeGraph::of_kinds(vec![
            TypeKind::Alias(TypeRef::List(Box::new(TypeRef::Named(TypeId(1))))),
            TypeKind::Alias(TypeRef::Map(Box::new(TypeRef::Named(TypeId(0))))),
            TypeKind::Constant("x".into()),
        ]);
        assert_eq!(g.reachable([TypeId(0)]), [true, true, false]);
    }
}

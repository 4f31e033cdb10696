//! Recursive types need indirection: a reference from a type to another type
//! of its own strongly connected component (not already behind a `Vec` or a
//! map) is boxed. Nothing else is.

use crate::model::{TypeGraph, TypeId, TypeKind, TypeRef};

pub fn box_cycles(graph: &mut TypeGraph) {
    let component = strongly_connected(graph);
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
            *ty = TypeRef::Boxed(Box::new(ty.clone()));
        }
    }
}

/// Direct edges: references that are not behind a list or a map. Aliases
/// are followed since `type A = B` adds no indirection.
fn direct_edges(graph: &TypeGraph, id: TypeId) -> Vec<TypeId> {
    graph.get(id).kind.refs().into_iter().filter_map(|r| if let TypeRef::Named(t) = r { Some(*t) } else { None }).collect()
}

/// Tarjan's algorithm, iterative so deep graphs cannot overflow the stack.
fn strongly_connected(graph: &TypeGraph) -> Vec<usize> {
    let n = graph.types.len();
    let edges: Vec<Vec<TypeId>> = graph.ids().map(|id| direct_edges(graph, id)).collect();
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

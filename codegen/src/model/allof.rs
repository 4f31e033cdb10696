//! `allOf` → one object with every property and the union of the required
//! sets, or, for "one `$ref` plus documentation", that reference itself.

use crate::diagnostics::Diagnostics;
use crate::load::{Additional, Document, Kind, Object, Property, Schema};

/// How deep `allOf` parts may reference other `allOf`s and references, and
/// components copied into an `allOf` may themselves copy from others: each
/// level is a call, so a hostile chain is refused here, with its pointer.
pub(super) const MAX_NESTING: usize = 64;

/// What an `allOf` stands for.
pub(super) struct Merged {
    pub schema: Schema,
    /// Components whose properties were copied in; their inline types are
    /// built first so that the copies reuse them.
    pub sources: Vec<String>,
}

pub(super) fn merge(doc: &Document, outer: &Schema, parts: &[Schema], diagnostics: &mut Diagnostics) -> Merged {
    let mut flat = Vec::new();
    let mut sources = Vec::new();
    let mut stack = Vec::new();
    for part in parts {
        flatten(doc, part, &mut flat, &mut sources, &mut stack, diagnostics);
    }
    let shaped: Vec<&(Schema, Schema)> = flat.iter().filter(|(_, resolved)| !is_documentation_only(resolved)).collect();
    let objects_with_properties = shaped
        .iter()
        .filter(|(_, r)| matches!(&r.kind, Kind::Object(o) if !o.properties.is_empty() || o.additional != Additional::Unspecified))
        .count();
    // `allOf: [{$ref: X}]` plus a description: that is X, documented here.
    if shaped.len() == 1 && objects_with_properties <= 1 {
        let (original, _) = shaped[0];
        let mut schema = original.clone();
        schema.meta = crate::load::merge_meta(outer.meta.clone(), schema.meta);
        schema.nullable |= outer.nullable;
        schema.pointer = outer.pointer.clone();
        return Merged { schema, sources: Vec::new() };
    }
    if let Some(distributed) = distribute_union(outer, &shaped) {
        return Merged { schema: distributed, sources };
    }
    let mut object = Object { properties: Vec::new(), additional: Additional::Unspecified, required_elsewhere: Vec::new() };
    for (original, resolved) in &shaped {
        match &resolved.kind {
            Kind::Object(part) => merge_object(&mut object, part),
            _ => diagnostics.warning(
                &original.pointer,
                "an allOf part that is not an object cannot be merged into a struct; the part is left out",
            ),
        }
    }
    apply_required(&mut object);
    let mut schema = Schema::new(outer.pointer.clone(), Kind::Object(object));
    schema.meta = outer.meta.clone();
    schema.nullable = outer.nullable;
    Merged { schema, sources }
}

/// `allOf: [anyOf: [A, B], {extra}]` is `anyOf: [allOf: [A, extra], allOf: [B, extra]]`.
fn distribute_union(outer: &Schema, shaped: &[&(Schema, Schema)]) -> Option<Schema> {
    let unions: Vec<usize> = (0..shaped.len()).filter(|&i| matches!(shaped[i].1.kind, Kind::Union(_))).collect();
    let [union_index] = unions.as_slice() else { return None };
    let others: Vec<Schema> = shaped.iter().enumerate().filter(|(i, _)| i != union_index).map(|(_, (o, _))| o.clone()).collect();
    if others.iter().any(|o| !matches!(o.kind, Kind::Object(_) | Kind::Ref(_))) {
        return None;
    }
    let Kind::Union(union) = &shaped[*union_index].1.kind else { return None };
    let mut union = union.clone();
    for variant in &mut union.variants {
        let mut parts = vec![variant.clone()];
        parts.extend(others.iter().cloned());
        let mut merged = Schema::new(variant.pointer.clone(), Kind::AllOf(parts));
        merged.meta = variant.meta.clone();
        *variant = merged;
    }
    let mut schema = Schema::new(outer.pointer.clone(), Kind::Union(union));
    schema.meta = outer.meta.clone();
    schema.nullable = outer.nullable;
    Some(schema)
}

/// Resolves references and nested `allOf`s into a flat list of
/// (as written, as resolved) parts.
fn flatten(
    doc: &Document,
    part: &Schema,
    out: &mut Vec<(Schema, Schema)>,
    sources: &mut Vec<String>,
    stack: &mut Vec<String>,
    diagnostics: &mut Diagnostics,
) {
    match &part.kind {
        Kind::Ref(name) => {
            if stack.contains(name) {
                diagnostics.error(&part.pointer, format!("allOf includes `{name}`, which includes itself"));
                return;
            }
            if stack.len() >= MAX_NESTING {
                diagnostics.error(&part.pointer, format!("allOf references nested deeper than {MAX_NESTING} levels"));
                return;
            }
            let Some(target) = doc.schemas.get(name) else { return };
            match &target.kind {
                Kind::AllOf(_) | Kind::Ref(_) => {
                    stack.push(name.clone());
                    let mut inner = Vec::new();
                    flatten(doc, target, &mut inner, sources, stack, diagnostics);
                    stack.pop();
                    sources.push(name.clone());
                    // A lone reference stays a reference; merged parts are copied.
                    if let [(_, resolved)] = inner.as_slice() {
                        out.push((part.clone(), resolved.clone()));
                    } else {
                        out.extend(inner);
                    }
                }
                _ => {
                    if matches!(target.kind, Kind::Object(_)) {
                        sources.push(name.clone());
                    }
                    out.push((part.clone(), target.clone()));
                }
            }
        }
        Kind::AllOf(inner) => {
            for p in inner {
                flatten(doc, p, out, sources, stack, diagnostics);
            }
        }
        _ => out.push((part.clone(), part.clone())),
    }
}

fn merge_object(into: &mut Object, part: &Object) {
    for property in &part.properties {
        match into.properties.iter_mut().find(|p| p.name == property.name) {
            // A later part refines an earlier one: its schema wins, requirements add up.
            Some(existing) => {
                let required = existing.required || property.required;
                *existing = Property { required, ..property.clone() };
            }
            None => into.properties.push(property.clone()),
        }
    }
    if part.additional != Additional::Unspecified {
        into.additional = part.additional.clone();
    }
    into.required_elsewhere.extend(part.required_elsewhere.iter().cloned());
}

/// Applies requirements stated in one part to properties declared in another.
fn apply_required(object: &mut Object) {
    let pending = std::mem::take(&mut object.required_elsewhere);
    for name in pending {
        match object.properties.iter_mut().find(|p| p.name == name) {
            Some(property) => property.required = true,
            None => object.required_elsewhere.push(name),
        }
    }
}

/// `{description: ...}` and other parts that add nothing to the shape.
fn is_documentation_only(schema: &Schema) -> bool {
    match &schema.kind {
        Kind::Any => true,
        Kind::Object(o) => o.properties.is_empty() && o.additional == Additional::Unspecified,
        _ => false,
    }
}

//! A compact text form of the type graph, for snapshot tests: a change in
//! the model shows here before it shows in the Rust diff.

use std::fmt::Write;

use super::{TypeGraph, TypeKind, TypeRef};

pub fn dump(graph: &TypeGraph) -> String {
    let mut out = String::new();
    for def in &graph.types {
        let name = if def.name.is_empty() { def.hint.join("/") } else { def.name.clone() };
        let module = if def.module.is_empty() { String::new() } else { format!("{}::", def.module) };
        let _ = writeln!(out, "{module}{name} <- {}", def.pointer);
        if let Some(placeholder) = def.placeholder {
            let _ = writeln!(out, "  placeholder: {placeholder:?}");
        }
        match &def.kind {
            TypeKind::Pending => out.push_str("  pending\n"),
            TypeKind::Struct(s) => {
                out.push_str(if s.derives_default { "  struct, default\n" } else { "  struct\n" });
                for f in &s.fields {
                    let req = if f.required { "required" } else { "optional" };
                    let null = if f.nullable { " nullable" } else { "" };
                    let lenient = if f.default_when_absent { ", placeholder when absent" } else { "" };
                    let _ = writeln!(out, "    {} ({req}{null}{lenient}): {}", f.json_name, show(graph, &f.ty));
                }
                let _ = writeln!(out, "    ..: {}", show(graph, &s.extra));
            }
            TypeKind::Enum(e) => {
                let values: Vec<&str> = e.values.iter().map(|v| v.value.as_str()).collect();
                let _ = writeln!(out, "  open enum {}", values.join(" | "));
            }
            TypeKind::Tagged(t) => {
                let _ = writeln!(out, "  tagged by `{}`", t.property);
                for (i, v) in t.variants.iter().enumerate() {
                    let default = if t.optional_tag.contains(&i) { " (also when absent)" } else { "" };
                    let _ = writeln!(out, "    {} = {}: {}{default}", v.tags.join(" | "), v.hint, show(graph, &v.ty));
                }
            }
            TypeKind::Untagged(u) => {
                out.push_str("  untagged\n");
                for v in &u.variants {
                    let _ = writeln!(out, "    {}: {}", v.hint, show(graph, &v.ty));
                }
            }
            TypeKind::Constant(value) => {
                let _ = writeln!(out, "  constant {value:?}");
            }
            TypeKind::Alias(ty) => {
                let _ = writeln!(out, "  alias {}", show(graph, ty));
            }
        }
    }
    for f in &graph.fallbacks {
        let _ = writeln!(out, "fallback {}: {}", f.pointer, f.reason);
    }
    out
}

fn show(graph: &TypeGraph, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(id) => {
            let def = graph.get(*id);
            if def.name.is_empty() { def.hint.join("/") } else { def.name.clone() }
        }
        TypeRef::Bool => "bool".into(),
        TypeRef::Integer => "integer".into(),
        TypeRef::Float => "number".into(),
        TypeRef::String => "string".into(),
        TypeRef::Bytes => "bytes".into(),
        TypeRef::Any => "any".into(),
        TypeRef::List(inner) => format!("[{}]", show(graph, inner)),
        TypeRef::Map(inner) => format!("{{string: {}}}", show(graph, inner)),
        TypeRef::Boxed(inner) => format!("box {}", show(graph, inner)),
        TypeRef::Nullable(inner) => format!("{}?", show(graph, inner)),
    }
}

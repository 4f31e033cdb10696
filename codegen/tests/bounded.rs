//! Hostile shapes end in output or in located errors, without deep
//! recursion (tests run on 2 MiB threads, so a walk that recursed once per
//! type would overflow) and without quadratic blow-ups on long chains.

mod mutate;

use codegen::model::TypeRef;
use mutate::alias_chain;

fn generate(text: &str) -> Result<codegen::Generation, codegen::diagnostics::Failure> {
    codegen::generate(text, &codegen::Options::default())
}

fn spec(schemas: &str) -> String {
    format!("openapi: 3.1.0\ninfo: {{title: bounded, version: \"1\"}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}")
}

/// The alias targets are stored once: `Link0` ends at the struct `Link3000`.
#[test]
fn a_3000_long_alias_chain_resolves_to_its_end() {
    let generation = generate(&alias_chain(3000)).unwrap_or_else(|f| panic!("{f}"));
    let graph = &generation.graph;
    let link0 = graph.components["Link0"];
    let end = graph.components["Link3000"];
    assert_eq!(graph.facts.types[link0.0].alias_end, Some(TypeRef::Named(end)));
    assert_eq!(graph.resolve_named(&TypeRef::Named(link0)), Some(end));
    let shared = &generation.files.files[std::path::Path::new("src/shared.rs")];
    assert!(shared.contains("pub type Link0 = Link1;"), "{}", &shared[..500]);
}

#[test]
fn a_10000_long_alias_chain_generates() {
    let generation = generate(&alias_chain(10_000)).unwrap_or_else(|f| panic!("{f}"));
    assert_eq!(generation.graph.components.len(), 10_002);
}

/// A ring of 10,000 aliases: one error per member, each at its pointer.
#[test]
fn a_10000_long_alias_ring_is_refused_member_by_member() {
    let n = 10_000;
    let ring: String = (0..n).map(|i| format!("    R{i}: {{$ref: \"#/components/schemas/R{}\"}}\n", (i + 1) % n)).collect();
    let failure = generate(&spec(&ring)).err().expect("refused");
    let errors: Vec<_> = failure.diagnostics.errors().collect();
    assert_eq!(errors.len(), n);
    assert!(errors.iter().any(|e| e.pointer == "#/components/schemas/R4321"));
    assert!(errors.iter().all(|e| e.message.starts_with("reference cycle with no type in between")));
}

/// 3,000 unions, each the first variant of the one before: classified
/// inner first, on an explicit stack.
#[test]
fn a_3000_long_chain_of_unions_generates() {
    let n = 3000;
    let mut schemas: String = (0..n)
        .map(|i| format!("    U{i}:\n      oneOf:\n        - $ref: \"#/components/schemas/U{}\"\n        - type: integer\n", i + 1))
        .collect();
    schemas.push_str(&format!("    U{n}:\n      oneOf:\n        - type: string\n        - type: boolean\n"));
    let generation = generate(&spec(&schemas)).unwrap_or_else(|f| panic!("{f}"));
    assert_eq!(generation.graph.components.len(), n + 1);
}

/// allOf copying from allOf copying from ...: refused past a fixed depth,
/// with the pointer where it stopped.
#[test]
fn a_3000_long_allof_chain_is_refused_at_a_fixed_depth() {
    let n = 3000;
    let mut schemas: String = (0..n)
        .map(|i| {
            format!(
                "    A{i}:\n      allOf:\n        - $ref: \"#/components/schemas/A{}\"\n        - type: object\n          properties:\n            p{i}: {{type: string}}\n",
                i + 1
            )
        })
        .collect();
    schemas.push_str(&format!("    A{n}:\n      type: object\n      properties:\n        end: {{type: integer}}\n"));
    let failure = generate(&spec(&schemas)).err().expect("refused");
    let first = failure.diagnostics.errors().next().expect("an error");
    assert!(first.message.contains("nested deeper than 64"), "{first}");
    assert!(first.pointer.starts_with("#/components/schemas/A"), "{first}");
}

/// An allOf whose only part is a 3,000-long alias chain: refused, located.
#[test]
fn an_allof_through_a_long_alias_chain_is_refused_at_a_fixed_depth() {
    let mut text = alias_chain(3000);
    text.push_str("    Merged:\n      allOf:\n        - $ref: \"#/components/schemas/Link0\"\n        - type: object\n          properties:\n            x: {type: string}\n");
    let failure = generate(&text).err().expect("refused");
    let errors: Vec<_> = failure.diagnostics.errors().collect();
    assert!(errors.iter().any(|e| e.message.contains("allOf references nested deeper than 64 levels")), "{errors:?}");
}

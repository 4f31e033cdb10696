//! Mutated fixture specs never panic the generator: every run ends in `Ok`
//! or in errors that carry a location. Deterministic (a fixed-seed PRNG) and
//! bounded, so it runs in every CI build.

use std::panic::{catch_unwind, AssertUnwindSafe};

mod mutate;

use codegen::diff::{self, Surface};

use mutate::{mutate, seeds, Rng};

#[test]
fn mutated_specs_never_panic() {
    let sources = seeds();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let options = codegen::Options { source: "a mutant".into(), ..codegen::Options::default() };
    let (mut tried, mut ok, mut failed) = (0, 0, 0);
    let mut panics = Vec::new();
    for round in 0..60 {
        for (path, original) in &sources {
            let mut doc = original.clone();
            for _ in 0..=(round % 4) {
                mutate(&mut doc, &mut rng);
            }
            let text = serde_json::to_string(&doc).expect("serializes");
            tried += 1;
            match catch_unwind(AssertUnwindSafe(|| codegen::generate(&text, &options))) {
                Ok(Ok(generation)) => {
                    ok += 1;
                    // The API diff reads any graph the pipeline accepts, both ways.
                    let source = codegen::analyze(&serde_json::to_string(original).expect("serializes"), &options);
                    let compared = catch_unwind(AssertUnwindSafe(|| {
                        let mutant = Surface::of(&generation.graph);
                        assert_eq!(Surface::from_file(&mutant.to_file()).as_ref(), Ok(&mutant), "the surface file round-trips");
                        if let Ok(source) = source {
                            let source = Surface::of(&source.graph);
                            diff::text(&diff::diff(&source, &mutant), Some("0.1.0"));
                            diff::text(&diff::diff(&mutant, &source), Some("0.1.0"));
                        }
                    }));
                    if compared.is_err() {
                        panics.push(format!("{path} round {round} (diff): {text}"));
                    }
                }
                Ok(Err(failure)) => {
                    failed += 1;
                    let errors: Vec<_> = failure.diagnostics.errors().collect();
                    assert!(!errors.is_empty(), "a failed run must report an error ({})", path);
                    for e in errors {
                        assert!(e.pointer.starts_with('#') || e.pointer.starts_with("line "), "unlocated error: {e}");
                    }
                }
                Err(_) => panics.push(format!("{} round {round}: {text}", path)),
            }
        }
    }
    eprintln!("mutated specs: {tried} tried, {ok} generated, {failed} rejected with located errors, {} panics", panics.len());
    assert!(panics.is_empty(), "{} of {tried} mutated specs panicked; first: {}", panics.len(), &panics[0]);
}

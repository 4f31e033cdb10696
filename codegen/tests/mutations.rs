//! Mutated fixture specs never panic the generator: every run ends in `Ok`
//! or in errors that carry a location. Deterministic (a fixed-seed PRNG) and
//! bounded, so it runs in every CI build.

use std::panic::{catch_unwind, AssertUnwindSafe};

mod mutate;

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
                Ok(Ok(_)) => ok += 1,
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

//! Every crate the generator writes compiles warning-free: the output of
//! each fixture spec that generates, of a 3,000-long alias chain, and of a
//! fixed sample of the mutated specs of the mutation test. They are written
//! as one workspace of crates under `target/fixture-crates/` and checked by
//! one `cargo check` with its own target dir (`target/fixture-check/`), so
//! their dependencies are built once and then reused.

use std::path::{Path, PathBuf};
use std::process::Command;

mod mutate;

use mutate::{alias_chain, mutate, seeds, Rng};

/// How many generated mutants are compiled.
const MUTANTS: usize = 12;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the workspace root").to_path_buf()
}

/// The crates to compile: (crate directory name, spec text).
fn specs() -> Vec<(String, String)> {
    let dir = workspace_root().join("spec/fixtures");
    let mut specs: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("fixtures directory")
        .map(|entry| entry.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .map(|p| {
            let stem = p.file_stem().and_then(|s| s.to_str()).expect("fixture name").to_string();
            (stem, std::fs::read_to_string(&p).expect("fixture"))
        })
        .collect();
    specs.sort();
    specs.push(("alias_chain_3000".into(), alias_chain(3000)));
    // The first mutants that generate, in the mutation test's order of seeds.
    let mut rng = Rng(0x51ED_C0DE_2026_0012);
    let options = codegen::Options::default();
    let mut mutants = 0;
    'rounds: for round in 0..20 {
        for (_, original) in seeds() {
            let mut doc = original.clone();
            for _ in 0..=(round % 3) {
                mutate(&mut doc, &mut rng);
            }
            let text = serde_json::to_string(&doc).expect("serializes");
            if codegen::generate(&text, &options).is_ok() {
                specs.push((format!("mutant_{mutants:02}"), text));
                mutants += 1;
                if mutants == MUTANTS {
                    break 'rounds;
                }
            }
        }
    }
    assert_eq!(mutants, MUTANTS, "fewer mutants generate than the sample needs");
    specs
}

#[test]
fn every_generated_crate_compiles_without_warnings() {
    let root = workspace_root();
    let crates = root.join("target/fixture-crates");
    let mut members = Vec::new();
    for (name, text) in specs() {
        let options = codegen::Options {
            source: format!("the {name} fixture"),
            crate_name: Some(format!("fixture-{}", name.replace('_', "-"))),
            ..codegen::Options::default()
        };
        let Ok(generation) = codegen::generate(&text, &options) else { continue };
        let dir = crates.join(&name);
        generation.files.write(&dir).unwrap_or_else(|e| panic!("cannot write {}: {e}", dir.display()));
        members.push(name);
    }
    assert!(members.len() > MUTANTS + 10, "only {} crates to compile", members.len());
    // Crates of an earlier run that are no longer generated are left out of the workspace.
    let list: Vec<String> = members.iter().map(|m| format!("\"{m}\"")).collect();
    let manifest = format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", list.join(", "));
    std::fs::write(crates.join("Cargo.toml"), manifest).expect("workspace manifest");
    // The same dependency versions as this workspace, without resolving again.
    std::fs::copy(root.join("Cargo.lock"), crates.join("Cargo.lock")).expect("Cargo.lock");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(["check", "--workspace", "--quiet", "--message-format=short"])
        .current_dir(&crates)
        .env("CARGO_TARGET_DIR", root.join("target/fixture-check"))
        .env("RUSTFLAGS", "-D warnings")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "the generated crates do not compile ({} crates):\n{stderr}", members.len());
}

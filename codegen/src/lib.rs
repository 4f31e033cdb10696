//! Reads the OpenAI OpenAPI document and writes a typed Rust crate.
//!
//! The pipeline: [`load`] (text → normalized document) → [`model`] (document →
//! type graph) → [`name`] (Rust names, modules, boxing) → [`emit`] (graph →
//! tokens) → [`render`] (format, file set, write or check).

pub mod diagnostics;
pub mod emit;
pub mod load;
pub mod model;
pub mod name;
pub mod render;
pub mod spec;

use std::time::{Duration, Instant};

use diagnostics::{Diagnostics, Failure};
use model::{TypeGraph, TypeKind};
use render::FileSet;

/// A successful run: the files, the model they came from, and what was seen.
pub struct Generation {
    pub files: FileSet,
    pub graph: TypeGraph,
    pub diagnostics: Diagnostics,
    pub timings: Vec<(&'static str, Duration)>,
    pub schemas_read: usize,
}

/// What a run needs besides the spec text.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Names the spec in the header of every generated file.
    pub source: String,
    /// Corrections applied to the document first (see `spec/patches.yaml`).
    pub patches: Vec<load::patch::Patch>,
}

impl Options {
    /// The options of `cargo xtask regen`: the project's spec patches, and
    /// the spec named by its sha256.
    pub fn for_project(text: &str) -> Options {
        Options {
            source: format!("the OpenAI OpenAPI document (sha256 {})", spec::sha256_hex(text.as_bytes())),
            patches: load::patch::project_patches(),
        }
    }
}

/// Runs every stage in memory.
pub fn generate(text: &str, options: &Options) -> Result<Generation, Failure> {
    let source = options.source.as_str();
    let mut diagnostics = Diagnostics::default();
    let mut timings = Vec::new();
    let mut clock = Instant::now();
    let mut lap = |label: &'static str, timings: &mut Vec<(&'static str, Duration)>| {
        timings.push((label, clock.elapsed()));
        clock = Instant::now();
    };
    let Some(document) = load::load(text, &options.patches, &mut diagnostics) else { return Err(Failure { diagnostics }) };
    lap("load", &mut timings);
    if diagnostics.has_errors() {
        return Err(Failure { diagnostics });
    }
    let mut graph = model::build(&document, &mut diagnostics);
    lap("model", &mut timings);
    name::name(&mut graph, &mut diagnostics);
    lap("name", &mut timings);
    // Modules are emitted and formatted together, on every core.
    let emitted = emit::emit(&graph, render::format_module);
    // The accumulators are written against the pinned spec's types; a crate
    // from another spec gets an empty `accumulate` module rather than one
    // that may not compile.
    let pinned_spec = spec::sha256_hex(text.as_bytes()) == spec::latest().pin.sha256;
    let files = render::render(&emitted, &graph, source, pinned_spec, &mut diagnostics);
    lap("emit + format (wall)", &mut timings);
    timings.push(("  emit (summed over threads)", emitted.emit_time));
    let format_time = emitted.modules.iter().map(|(_, m)| m.time).sum::<Duration>() + emitted.lib.time;
    timings.push(("  format (summed over threads)", format_time));
    if diagnostics.has_errors() {
        return Err(Failure { diagnostics });
    }
    Ok(Generation { files, graph, diagnostics, timings, schemas_read: document.schemas.len() })
}

impl Generation {
    /// Number of emitted types of each kind, for the run summary.
    pub fn counts(&self) -> Vec<(&'static str, usize)> {
        let mut counts = [("struct", 0), ("enum", 0), ("tagged union", 0), ("untagged union", 0), ("constant", 0), ("alias", 0)];
        for def in &self.graph.types {
            let index = match def.kind {
                TypeKind::Struct(_) => 0,
                TypeKind::Enum(_) => 1,
                TypeKind::Tagged(_) => 2,
                TypeKind::Untagged(_) => 3,
                TypeKind::Constant(_) => 4,
                TypeKind::Alias(_) | TypeKind::Pending => 5,
            };
            counts[index].1 += 1;
        }
        counts.to_vec()
    }
}

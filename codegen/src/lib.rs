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

/// Runs every stage in memory. `source` names the spec in file headers.
pub fn generate(text: &str, source: &str) -> Result<Generation, Failure> {
    let mut diagnostics = Diagnostics::default();
    let mut timings = Vec::new();
    let mut clock = Instant::now();
    let mut lap = |label: &'static str, timings: &mut Vec<(&'static str, Duration)>| {
        timings.push((label, clock.elapsed()));
        clock = Instant::now();
    };
    let Some(document) = load::load(text, &mut diagnostics) else { return Err(Failure { diagnostics }) };
    lap("load", &mut timings);
    if diagnostics.has_errors() {
        return Err(Failure { diagnostics });
    }
    let mut graph = model::build(&document, &mut diagnostics);
    lap("model", &mut timings);
    name::name(&mut graph, &mut diagnostics);
    lap("name", &mut timings);
    let emitted = emit::emit(&graph);
    lap("emit", &mut timings);
    let files = render::render(&emitted, &graph, source, &mut diagnostics);
    lap("format", &mut timings);
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

//! Reads the OpenAI OpenAPI document and writes a typed Rust crate.
//!
//! The pipeline, one stage after the other ([`generate`]):
//!
//! 1. [`load`]: text → normalized document (patches applied first);
//! 2. [`model`]: document → type graph;
//! 3. [`name`]: Rust names, modules, boxing;
//! 4. [`facts`]: every fact the emitters need, settled once on the graph;
//! 5. [`emit`]: graph → tokens, reading the graph only;
//! 6. [`render`]: format, file set, write or check.
//!
//! Each of the first four stages can record errors; after each, a
//! checkpoint stops the run with every error collected so far, so no stage
//! ever sees a graph with errors.

pub mod diagnostics;
pub mod diff;
pub mod emit;
pub mod examples;
pub mod facts;
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
    /// Naming overrides (see `spec/names.yaml`).
    pub names: name::overrides::Names,
    /// The package name of the generated crate; by default made from the
    /// spec's `info.title` (`OpenAI API` → `openai-types`).
    pub crate_name: Option<String>,
    /// The library name; by default the package name with `_` for `-`.
    pub lib_name: Option<String>,
    /// The description in the manifest and the crate docs; by default
    /// "Serde types for every schema of the {title}, ...".
    pub description: Option<String>,
}

/// What the generated crate is called and says it is, settled from the
/// options and the spec's title before emitting.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CrateInfo {
    /// The package name (`openai-types`).
    pub package: String,
    /// The library name (`openai_types`).
    pub lib: String,
    /// One sentence (`Serde types for every schema of the OpenAI API, ...`).
    pub description: String,
}

impl CrateInfo {
    /// The options' names, else names made from `info.title`: its words in
    /// lower case without a final `API`, joined by `-`, then `-types`
    /// (`OpenAI API` → `openai-types`, `Anthropic API` → `anthropic-types`).
    pub fn new(options: &Options, title: Option<&str>) -> CrateInfo {
        let title = title.map(str::trim).filter(|t| !t.is_empty()).unwrap_or("API");
        let mut words: Vec<String> =
            title.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).map(|w| w.to_ascii_lowercase()).collect();
        if words.len() > 1 && words.last().is_some_and(|w| w == "api") {
            words.pop();
        }
        if words.first().is_some_and(|w| w.starts_with(|c: char| c.is_ascii_digit())) {
            words.insert(0, "api".into()); // a library name cannot start with a digit
        }
        words.push("types".into());
        let package = options.crate_name.clone().unwrap_or_else(|| words.join("-"));
        let lib = options.lib_name.clone().unwrap_or_else(|| package.replace('-', "_"));
        let api = if title.ends_with("API") { title.to_string() } else { format!("{title} API") };
        let description = options
            .description
            .clone()
            .unwrap_or_else(|| format!("Serde types for every schema of the {api}, generated from the official OpenAPI document."));
        CrateInfo { package, lib, description }
    }

    /// Why Cargo would refuse these names, if it would.
    pub fn problem(&self) -> Option<String> {
        let package_ok = self.package.starts_with(|c: char| c.is_ascii_alphabetic())
            && self.package.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !package_ok {
            return Some(format!("crate name `{}`: Cargo wants letters, digits, `-` and `_`, starting with a letter", self.package));
        }
        let lib_ok = self.lib.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && self.lib.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && name::field_name(&self.lib) == self.lib;
        if !lib_ok {
            return Some(format!("library name `{}` is not a Rust identifier", self.lib));
        }
        None
    }
}

impl Options {
    /// The options of the pinned spec: its patches and names (the files
    /// its pin names), and the spec named by its sha256.
    pub fn for_project(text: &str) -> Options {
        Options {
            source: format!("the OpenAI OpenAPI document (sha256 {})", spec::sha256_hex(text.as_bytes())),
            patches: load::patch::project_patches(),
            // The file is part of the build; a malformed one fails the unit tests.
            names: name::overrides::Names::parse(spec::PINNED_NAMES).unwrap_or_default(),
            ..Options::default()
        }
    }

    /// The options for any spec text: the pinned spec, recognized by its
    /// sha256, gets [`Options::for_project`]; any other spec no patches
    /// and no naming overrides (they were written for the pinned one).
    pub fn for_spec(text: &str) -> Options {
        let sha256 = spec::sha256_hex(text.as_bytes());
        if sha256 == spec::latest().pin.sha256 {
            Options::for_project(text)
        } else {
            Options { source: format!("an OpenAPI document (sha256 {sha256})"), ..Options::default() }
        }
    }

    /// Whether `text` is the pinned spec (its patches and names apply).
    pub fn is_pinned(text: &str) -> bool {
        spec::sha256_hex(text.as_bytes()) == spec::latest().pin.sha256
    }
}

/// The stages before emitting: the named type graph, which is everything
/// [`diff`] compares.
pub struct Analysis {
    pub graph: TypeGraph,
    pub diagnostics: Diagnostics,
    pub timings: Vec<(&'static str, Duration)>,
    pub schemas_read: usize,
}

/// Runs load, model and name in memory.
pub fn analyze(text: &str, options: &Options) -> Result<Analysis, Failure> {
    let mut diagnostics = Diagnostics::default();
    let mut timings = Vec::new();
    let mut clock = Instant::now();
    let mut lap = |label: &'static str, timings: &mut Vec<(&'static str, Duration)>| {
        timings.push((label, clock.elapsed()));
        clock = Instant::now();
    };
    let checkpoint = |diagnostics: &mut Diagnostics| {
        if diagnostics.has_errors() {
            Err(Failure { diagnostics: std::mem::take(diagnostics) })
        } else {
            Ok(())
        }
    };
    let Some(document) = load::load(text, &options.patches, &mut diagnostics) else { return Err(Failure { diagnostics }) };
    lap("load", &mut timings);
    checkpoint(&mut diagnostics)?;
    let mut graph = model::build(&document, &mut diagnostics);
    lap("model", &mut timings);
    checkpoint(&mut diagnostics)?;
    graph.facts.crate_info = CrateInfo::new(options, document.title.as_deref());
    if let Some(problem) = graph.facts.crate_info.problem() {
        diagnostics.error("#/info/title", problem);
    }
    name::name_with(&mut graph, &options.names, &mut diagnostics);
    lap("name", &mut timings);
    checkpoint(&mut diagnostics)?;
    facts::facts(&mut graph, &mut diagnostics);
    lap("facts", &mut timings);
    checkpoint(&mut diagnostics)?;
    Ok(Analysis { graph, diagnostics, timings, schemas_read: document.schemas.len() })
}

/// Runs every stage in memory.
pub fn generate(text: &str, options: &Options) -> Result<Generation, Failure> {
    let Analysis { graph, mut diagnostics, mut timings, schemas_read } = analyze(text, options)?;
    let clock = Instant::now();
    // Modules are emitted and formatted together, in pieces, on every core;
    // the indexes are made on one more thread meanwhile.
    let (emitted, index_files) = std::thread::scope(|scope| {
        let indexes = scope.spawn(|| render::index_files(&graph));
        let emitted = emit::emit(&graph, render::format_module);
        (emitted, indexes.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
    });
    // The accumulators are written against the pinned spec's types; a crate
    // from another spec gets an empty `accumulate` module rather than one
    // that may not compile.
    let pinned_spec = Options::is_pinned(text);
    let files = render::render(&emitted, index_files, &graph, &options.source, pinned_spec, &mut diagnostics);
    timings.push(("emit + format (wall)", clock.elapsed()));
    timings.push(("  emit (summed over threads)", emitted.emit_time));
    let pieces = emitted.modules.iter().flat_map(|(_, pieces)| pieces).chain([&emitted.lib, &emitted.client, &emitted.client_examples]);
    let format_time = pieces.map(|m| m.time).sum::<Duration>();
    timings.push(("  format (summed over threads)", format_time));
    if diagnostics.has_errors() {
        return Err(Failure { diagnostics });
    }
    Ok(Generation { files, graph, diagnostics, timings, schemas_read })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crate_names_come_from_the_title_unless_given() {
        let default = Options::default();
        let openai = CrateInfo::new(&default, Some("OpenAI API"));
        assert_eq!((openai.package.as_str(), openai.lib.as_str()), ("openai-types", "openai_types"));
        assert_eq!(
            openai.description,
            "Serde types for every schema of the OpenAI API, generated from the official OpenAPI document."
        );
        let anthropic = CrateInfo::new(&default, Some("Anthropic API"));
        assert_eq!(anthropic.package, "anthropic-types");
        assert_eq!(CrateInfo::new(&default, Some("Mistral AI API")).package, "mistral-ai-types");
        assert_eq!(CrateInfo::new(&default, Some("3D models")).package, "api-3d-models-types");
        assert_eq!(CrateInfo::new(&default, None).package, "api-types");
        let named = Options { crate_name: Some("acme-sdk-types".into()), description: Some("Acme.".into()), ..Options::default() };
        let acme = CrateInfo::new(&named, Some("OpenAI API"));
        assert_eq!((acme.package.as_str(), acme.lib.as_str(), acme.description.as_str()), ("acme-sdk-types", "acme_sdk_types", "Acme."));
        assert_eq!(acme.problem(), None);
    }

    #[test]
    fn names_cargo_refuses_are_errors() {
        let bad = |crate_name: &str| {
            CrateInfo::new(&Options { crate_name: Some(crate_name.into()), ..Options::default() }, None).problem()
        };
        assert!(bad("my crate").is_some());
        assert!(bad("1st").is_some());
        assert!(bad("async").unwrap().contains("not a Rust identifier"));
        let failure = generate(
            "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n",
            &Options { crate_name: Some("a b".into()), ..Options::default() },
        )
        .err()
        .expect("refused");
        assert_eq!(failure.diagnostics.errors().next().map(|d| d.pointer.as_str()), Some("#/info/title"));
    }

    #[test]
    fn only_the_pinned_spec_gets_its_patches_and_names() {
        let other = Options::for_spec("openapi: 3.1.0\n");
        assert!(other.patches.is_empty() && other.names == Default::default());
        assert!(other.source.starts_with("an OpenAPI document (sha256 "));
        let pinned = Options::for_project("any text");
        assert!(!pinned.patches.is_empty() && !pinned.names.areas.is_empty());
    }
}

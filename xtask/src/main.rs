//! Maintainer commands: `cargo xtask regen` writes the generated crate from
//! the OpenAI spec; `cargo xtask fetch-spec` downloads the pinned spec;
//! `cargo xtask diff` says what changed between two specs and what it means
//! under semver; `cargo xtask update-spec` moves the pin to a new commit.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};

mod local_api;
use codegen::diff::{self, Surface, SURFACE_FILE};
use codegen::spec;

/// See the note on the dependency in Cargo.toml.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "xtask", about = "Maintainer commands for the OpenAI types generator")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Options that depend on the spec being generated from.
#[derive(clap::Args, Clone, Debug, Default)]
struct CrateOptions {
    /// Spec patches to apply (YAML list, see spec/patches.yaml). Default: the
    /// pinned spec (recognized by its sha256) gets the file its pin names;
    /// any other spec none.
    #[arg(long, value_name = "FILE")]
    patches: Option<PathBuf>,
    /// Naming overrides (see spec/names.yaml). Default: as for --patches.
    #[arg(long, value_name = "FILE")]
    names: Option<PathBuf>,
    /// The package name of the generated crate. Default: from the spec's
    /// info.title (`OpenAI API` -> `openai-types`).
    #[arg(long, value_name = "NAME")]
    crate_name: Option<String>,
    /// The library name. Default: the package name with `_` for `-`.
    #[arg(long, value_name = "NAME")]
    lib_name: Option<String>,
    /// The one-sentence description in the manifest and the crate docs.
    #[arg(long, value_name = "TEXT")]
    description: Option<String>,
}

impl CrateOptions {
    /// The generator's options for `text`, reading the files given.
    fn options(&self, text: &str) -> Result<codegen::Options, String> {
        let mut options = codegen::Options::for_spec(text);
        if !codegen::Options::is_pinned(text) && (self.patches.is_none() || self.names.is_none()) {
            eprintln!(
                "note: the spec is not the pinned one (sha256 differs from spec/openai.pin): no spec patches and no \
                 naming overrides are applied unless given (--patches FILE, --names FILE)"
            );
        }
        if let Some(path) = &self.patches {
            let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            options.patches =
                codegen::load::patch::parse_patches(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        }
        if let Some(path) = &self.names {
            let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            options.names = codegen::name::overrides::Names::parse(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        }
        options.crate_name.clone_from(&self.crate_name);
        options.lib_name.clone_from(&self.lib_name);
        options.description.clone_from(&self.description);
        Ok(options)
    }
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate the `generated` crate from the OpenAI OpenAPI document.
    Regen {
        /// The spec to read (YAML or JSON). Default: $OPENAI_SPEC, else the
        /// pinned spec from spec/openai.pin (cached in .spec-cache/, downloaded when absent).
        #[arg(long, value_name = "PATH")]
        spec: Option<PathBuf>,
        /// Where to write the crate.
        #[arg(long, value_name = "DIR", default_value_os_t = spec::workspace_root().join("generated"))]
        out: PathBuf,
        /// Write nothing; exit non-zero listing stale, missing and extra files.
        #[arg(long)]
        check: bool,
        /// Print the time of each phase.
        #[arg(long)]
        timings: bool,
        #[command(flatten)]
        crate_options: CrateOptions,
    },
    /// Run every test and check: the README's test command.
    Test,
    /// Regenerate from the OpenAPI 3.0 spec into target/ and `cargo check` the result.
    CheckOpenapi30,
    /// `cargo check` the generated crate with no feature, each feature alone,
    /// and all features, warnings denied.
    CheckFeatures,
    /// Download the pinned spec into .spec-cache/ and verify its sha256.
    FetchSpec {
        /// Also download the older OpenAPI 3.0 spec that the tests read.
        #[arg(long)]
        all: bool,
    },
    /// What changed in the generated API between two specs, and the next version.
    ///
    /// The report is grouped by API area; each change is rated breaking,
    /// additive or none under semver (rules in README.md).
    ///
    /// OLD and NEW are each a spec (YAML or JSON), a pin file (spec/*.pin:
    /// its spec from .spec-cache/, downloaded when absent) or an API surface
    /// file (generated/api-surface.json, the committed crate's API).
    ///
    /// Exit status: 0 when nothing is breaking, 3 when something is, 1 on
    /// an error (2 is clap's, for a bad command line).
    #[command(verbatim_doc_comment)]
    Diff {
        /// The earlier side.
        old: PathBuf,
        /// The later side.
        new: PathBuf,
        /// Report format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Print a Markdown section for CHANGELOG.md instead (headed by the next version).
        #[arg(long, conflicts_with = "format")]
        changelog: bool,
        /// The version the changes are released after. Default: the version
        /// in generated/Cargo.toml.
        #[arg(long, value_name = "VERSION")]
        current_version: Option<String>,
    },
    /// Pin another upstream commit, regenerate, and print the API diff.
    ///
    /// Downloads openapi.yaml of openai/openai-openapi at the commit (or
    /// takes --file), regenerates generated/, updates spec/openai.pin
    /// (commit, URL, sha256), caches the spec in .spec-cache/ and prints the
    /// API diff against the previous pin (its surface,
    /// generated/api-surface.json). Nothing is written if any step fails.
    ///
    /// Exit status as for `diff`: 0, or 3 when the update is breaking; 1 on an error.
    #[command(verbatim_doc_comment)]
    UpdateSpec {
        /// The upstream commit to pin (the full 40-digit hash).
        #[arg(long, value_name = "SHA")]
        commit: String,
        /// Use this copy of the commit's openapi.yaml instead of downloading
        /// it; its sha256 goes into the pin.
        #[arg(long, value_name = "PATH")]
        file: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

/// The exit status of `diff` and `update-spec` when a change is breaking.
const BREAKING_EXIT: u8 = 3;

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Regen { spec, out, check, timings, crate_options } => {
            regen(spec.as_deref(), &out, check, timings, &crate_options)
        }
        Command::Test => test(),
        Command::CheckOpenapi30 => check_openapi30(),
        Command::CheckFeatures => check_features(),
        Command::FetchSpec { all } => {
            let pins = if all { vec![spec::latest(), spec::openapi30()] } else { vec![spec::latest()] };
            for pinned in pins {
                if let Err(e) = pinned.fetch() {
                    return fail(&e);
                }
            }
            ExitCode::SUCCESS
        }
        Command::Diff { old, new, format, changelog, current_version } => {
            let root = spec::workspace_root();
            let version = current_version.or_else(|| generated_version(&root.join("generated")));
            match diff_command(&old, &new, format, changelog, version.as_deref()) {
                Ok((output, breaking)) => {
                    print!("{output}");
                    if breaking { ExitCode::from(BREAKING_EXIT) } else { ExitCode::SUCCESS }
                }
                Err(e) => fail(&e),
            }
        }
        Command::UpdateSpec { commit, file } => match update_spec(&spec::workspace_root(), &commit, file.as_deref()) {
            Ok(report) => {
                let version = generated_version(&spec::workspace_root().join("generated"));
                print!("{}", diff::text(&report, version.as_deref()));
                if report.is_breaking() { ExitCode::from(BREAKING_EXIT) } else { ExitCode::SUCCESS }
            }
            Err(e) => fail(&e),
        },
    }
}

/// The `version` of the `[package]` in a crate's Cargo.toml.
fn package_version(manifest: &str) -> Option<String> {
    let mut in_package = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_package = line == "[package]";
        } else if let Some((key, value)) = line.split_once('=').filter(|_| in_package) {
            if key.trim() == "version" {
                return Some(value.trim().trim_matches('"').to_string());
            }
        }
    }
    None
}

fn generated_version(crate_dir: &Path) -> Option<String> {
    std::fs::read_to_string(crate_dir.join("Cargo.toml")).ok().as_deref().and_then(package_version)
}

/// The API surface of a spec, a pin's spec or a surface file.
fn load_surface(path: &Path) -> Result<Surface, String> {
    let path = if path.extension().is_some_and(|e| e == "pin") {
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let pin = spec::Pin::parse(&text).ok_or_else(|| format!("{} is not a pin (commit, url, sha256)", path.display()))?;
        let pinned = spec::Pinned { label: "pinned spec", env: "", pin };
        let cached = pinned.cache_path();
        if cached.is_file() { cached } else { pinned.fetch()? }
    } else {
        path.to_path_buf()
    };
    let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if Surface::is_surface_text(&text) {
        return Surface::from_file(&text).map_err(|e| format!("{}: {e}", path.display()));
    }
    surface_of_spec(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Load, model and name a spec as `regen` does (project patches included).
fn surface_of_spec(text: &str) -> Result<Surface, String> {
    match codegen::analyze(text, &codegen::Options::for_project(text)) {
        Ok(analysis) => Ok(Surface::of(&analysis.graph)),
        Err(failure) => {
            let errors: Vec<String> = failure.diagnostics.errors().map(|d| d.to_string()).collect();
            Err(format!("the spec has {} error(s):\n{}", errors.len(), errors.join("\n")))
        }
    }
}

/// The report in the asked form, and whether it is breaking.
fn diff_command(old: &Path, new: &Path, format: Format, changelog: bool, version: Option<&str>) -> Result<(String, bool), String> {
    let started = Instant::now();
    let (old, new) = (load_surface(old)?, load_surface(new)?);
    let loaded = started.elapsed();
    let report = diff::diff(&old, &new);
    let output = if changelog {
        diff::changelog(&report, version)
    } else if format == Format::Json {
        diff::json(&report, version)
    } else {
        diff::text(&report, version)
    };
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1e3;
    eprintln!("both sides read in {:.0} ms, compared in {:.0} ms", ms(loaded), ms(started.elapsed() - loaded));
    Ok((output, report.is_breaking()))
}

/// `update-spec`: everything is computed in memory first; then the
/// generated crate, the pin and the cached spec are written, in that order.
fn update_spec(root: &Path, commit: &str, file: Option<&Path>) -> Result<diff::Report, String> {
    if commit.len() != 40 || !commit.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(format!("`{commit}` is not a full 40-digit commit hash"));
    }
    let pin_path = root.join("spec").join("openai.pin");
    let previous_pin = std::fs::read_to_string(&pin_path).map_err(|e| format!("cannot read {}: {e}", pin_path.display()))?;
    let out = root.join("generated");
    let surface_path = out.join(SURFACE_FILE);
    let previous = std::fs::read_to_string(&surface_path)
        .map_err(|e| format!("cannot read {} ({e}); run `cargo xtask regen` first", surface_path.display()))
        .and_then(|text| Surface::from_file(&text).map_err(|e| format!("{}: {e}", surface_path.display())))?;
    let text = match file {
        Some(path) => std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?,
        None => {
            let url = spec::upstream_url(commit);
            let partial = root.join("target").join(format!("update-spec-{}.partial", std::process::id()));
            if let Some(parent) = partial.parent() {
                std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
            }
            eprintln!("downloading {url}");
            spec::download(&url, &partial)?;
            let text = std::fs::read_to_string(&partial).map_err(|e| format!("cannot read the download: {e}"));
            let _ = std::fs::remove_file(&partial);
            text?
        }
    };
    // The spec's patches and names files stay with the project's pin.
    let current = spec::latest().pin;
    let pin = spec::Pin { patches: current.patches, names: current.names, ..spec::Pin::upstream(commit, &spec::sha256_hex(text.as_bytes())) };
    let generation = codegen::generate(&text, &codegen::Options::for_project(&text)).map_err(|failure| {
        let errors: Vec<String> = failure.diagnostics.errors().map(|d| d.to_string()).collect();
        format!("the new spec has {} error(s); nothing was written:\n{}", errors.len(), errors.join("\n"))
    })?;
    let report = diff::diff(&previous, &Surface::of(&generation.graph));
    let written = |what: &str, e: std::io::Error| format!("cannot write {what}: {e}");
    generation.files.write(&out).map_err(|e| written(&out.display().to_string(), e))?;
    write_atomically(&pin_path, &pin.to_text(&previous_pin)).map_err(|e| written(&pin_path.display().to_string(), e))?;
    let cache = spec::cache_path_in(root, commit);
    if let Some(parent) = cache.parent() {
        std::fs::create_dir_all(parent).map_err(|e| written(&parent.display().to_string(), e))?;
    }
    write_atomically(&cache, &text).map_err(|e| written(&cache.display().to_string(), e))?;
    eprintln!("spec/openai.pin now pins {commit} (sha256 {}); the spec is cached in {}", pin.sha256, cache.display());
    if std::env::var_os("OPENAI_SPEC").is_some() {
        eprintln!("note: OPENAI_SPEC is set; point it at the new spec (or unset it) before `cargo xtask regen`");
    }
    Ok(report)
}

fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let temporary = path.with_extension("tmp~");
    std::fs::write(&temporary, text)?;
    std::fs::rename(&temporary, path)
}

/// The steps of `cargo xtask test`, in order.
const TEST_STEPS: &[&[&str]] = &[
    &["test", "--workspace"],
    // The round trips with serde_json's `preserve_order` off, as in a user's
    // build: a crate outside the workspace, whose codegen turns it on. The
    // shared target dir reuses every dependency but serde_json.
    &["test", "--manifest-path", "tests/without-preserve-order/Cargo.toml", "--target-dir", "target"],
    &["xtask", "regen", "--check"],
    &["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"],
    &["doc", "-p", "openai-types", "--no-deps"],
    &["xtask", "check-openapi30"],
    &["xtask", "check-features"],
];

fn test() -> ExitCode {
    let examples = match examples(&spec::workspace_root().join("generated").join("examples")) {
        Ok(examples) if !examples.is_empty() => examples,
        Ok(_) => return fail("generated/examples/ has no examples to run"),
        Err(e) => return fail(&format!("cannot list generated/examples/: {e}")),
    };
    // Examples that use the client (and so need a server to talk to).
    let client_examples: Vec<String> = examples
        .iter()
        .filter(|name| {
            let source = spec::workspace_root().join("generated").join("examples").join(format!("{name}.rs"));
            std::fs::read_to_string(source).is_ok_and(|text| text.contains("openai_types::client"))
        })
        .cloned()
        .collect();
    let mut steps: Vec<Vec<String>> = TEST_STEPS.iter().map(|step| step.iter().map(|s| s.to_string()).collect()).collect();
    // After `cargo test --workspace`, which builds them: the examples assert
    // their results, so running them tests them.
    for (i, name) in examples.iter().enumerate() {
        let run = ["run", "--quiet", "-p", "openai-types", "--features", "client", "--example", name];
        steps.insert(1 + i, run.iter().map(|s| s.to_string()).collect());
    }
    for step in &steps {
        let mut command = cargo();
        command.args(step).current_dir(spec::workspace_root());
        if step[0] == "doc" {
            command.env("RUSTDOCFLAGS", "-D warnings");
        }
        if step[0] == "run" && client_examples.contains(&step[step.len() - 1]) {
            // The client examples talk to a local stand-in of the API.
            match local_api::start() {
                Ok(base_url) => {
                    command.env("OPENAI_BASE_URL", base_url).env("OPENAI_API_KEY", "sk-local-test");
                }
                Err(e) => return fail(&format!("cannot start the local API for the client example: {e}")),
            }
        }
        if step[0] == "run" {
            // The examples print what they built; only failures matter here.
            command.stdout(std::process::Stdio::null());
        }
        eprintln!("==> cargo {}", step.join(" "));
        match command.status() {
            Ok(status) if status.success() => {}
            Ok(status) => return fail(&format!("`cargo {}` failed ({status})", step.join(" "))),
            Err(e) => return fail(&format!("cannot run cargo: {e}")),
        }
    }
    eprintln!("all checks passed");
    ExitCode::SUCCESS
}

/// The names of the examples in `dir` (`*.rs` files), sorted.
fn examples(dir: &Path) -> std::io::Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "rs") {
            if let Some(stem) = path.file_stem().and_then(|s| s.to_str()) {
                names.push(stem.to_string());
            }
        }
    }
    names.sort();
    Ok(names)
}

fn cargo() -> std::process::Command {
    std::process::Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// The generator must read OpenAPI 3.0 too: regenerate from the older
/// spec into a scratch crate and make sure it compiles.
fn check_openapi30() -> ExitCode {
    let pinned = spec::openapi30();
    let located = match pinned.locate(None) {
        Ok(located) => located,
        Err(e) => return fail(&e),
    };
    let root = spec::workspace_root();
    let out = root.join("target").join("openapi30-check");
    let code = regen(Some(&located.path), &out, false, false, &CrateOptions::default());
    if code != ExitCode::SUCCESS {
        return code;
    }
    // The scratch crate is not a workspace member: give it its own workspace.
    let manifest = out.join("Cargo.toml");
    match std::fs::read_to_string(&manifest) {
        Ok(text) if !text.contains("[workspace]") => {
            if let Err(e) = std::fs::write(&manifest, format!("{text}\n[workspace]\n")) {
                return fail(&format!("cannot write {}: {e}", manifest.display()));
            }
        }
        Ok(_) => {}
        Err(e) => return fail(&format!("cannot read {}: {e}", manifest.display())),
    }
    let status = cargo()
        .args(["check", "--quiet", "--manifest-path"])
        .arg(&manifest)
        .env("CARGO_TARGET_DIR", root.join("target"))
        .env("RUSTFLAGS", "-D warnings")
        .status();
    match status {
        Ok(status) if status.success() => {
            eprintln!("the crate generated from the OpenAPI 3.0 spec compiles");
            ExitCode::SUCCESS
        }
        Ok(status) => fail(&format!("the crate generated from the OpenAPI 3.0 spec does not compile ({status})")),
        Err(e) => fail(&format!("cannot run cargo: {e}")),
    }
}

/// The features of the generated crate, read from its manifest's
/// `[features]` table (`default` and `full` left out).
fn generated_features(manifest: &str) -> Vec<String> {
    let mut features = Vec::new();
    let mut in_table = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_table = line == "[features]";
        } else if let Some((name, _)) = line.split_once('=').filter(|_| in_table) {
            let name = name.trim();
            if name != "default" && name != "full" {
                features.push(name.to_string());
            }
        }
    }
    features
}

/// Each feature must compile on its own: `cargo check` the generated crate
/// with no feature, with each feature alone and with all of them, warnings
/// denied (unused imports under a subset of features are the likely fault).
/// One target dir and the same flags as `check-openapi30`, so dependencies
/// are built once.
fn check_features() -> ExitCode {
    let root = spec::workspace_root();
    let manifest = root.join("generated").join("Cargo.toml");
    let features = match std::fs::read_to_string(&manifest) {
        Ok(text) => generated_features(&text),
        Err(e) => return fail(&format!("cannot read {}: {e}", manifest.display())),
    };
    if features.is_empty() {
        return fail(&format!("{} has no features", manifest.display()));
    }
    let started = Instant::now();
    let mut runs: Vec<(String, Vec<String>)> = vec![("no feature".into(), vec!["--no-default-features".into()])];
    for feature in &features {
        runs.push((format!("`{feature}` alone"), vec!["--no-default-features".into(), "--features".into(), feature.clone()]));
    }
    // The client with one API area: its methods of other areas are left out.
    runs.push(("`chat` with `client`".into(), vec!["--no-default-features".into(), "--features".into(), "chat,client".into()]));
    runs.push(("all features".into(), vec!["--all-features".into()]));
    let mut failed = Vec::new();
    for (label, args) in &runs {
        let run_started = Instant::now();
        let status = cargo()
            .args(["check", "--quiet", "-p", "openai-types"])
            .args(args)
            .current_dir(&root)
            .env("CARGO_TARGET_DIR", root.join("target"))
            .env("RUSTFLAGS", "-D warnings")
            .status();
        match status {
            Ok(status) if status.success() => eprintln!("{label}: ok ({:.1} s)", run_started.elapsed().as_secs_f64()),
            Ok(status) => {
                eprintln!("{label}: FAILED ({status})");
                failed.push(label.as_str());
            }
            Err(e) => return fail(&format!("cannot run cargo: {e}")),
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    if !failed.is_empty() {
        return fail(&format!("openai-types does not compile with {} ({seconds:.0} s)", failed.join(", ")));
    }
    eprintln!("{} feature sets compile ({seconds:.0} s)", runs.len());
    ExitCode::SUCCESS
}

fn fail(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::FAILURE
}

fn regen(spec_path: Option<&Path>, out: &Path, check: bool, timings: bool, crate_options: &CrateOptions) -> ExitCode {
    let started = Instant::now();
    let located = match spec::latest().locate(spec_path) {
        Ok(located) => located,
        Err(e) => return fail(&e),
    };
    let read_started = Instant::now();
    let bytes = match std::fs::read(&located.path) {
        Ok(bytes) => bytes,
        Err(e) => return fail(&format!("cannot read {}: {e}", located.path.display())),
    };
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(_) => return fail(&format!("{} is not UTF-8", located.path.display())),
    };
    let read_time = read_started.elapsed();
    let options = match crate_options.options(&text) {
        Ok(options) => options,
        Err(e) => return fail(&e),
    };
    let generation = match codegen::generate(&text, &options) {
        Ok(generation) => generation,
        Err(failure) => {
            for d in failure.diagnostics.sorted() {
                eprintln!("{d}");
            }
            let errors = failure.diagnostics.errors().count();
            return fail(&format!("{errors} error(s) in {}; nothing was written", located.path.display()));
        }
    };
    let write_started = Instant::now();
    // Read before writing: the surface on disk is the previous output's API.
    let previous_surface = std::fs::read_to_string(out.join(SURFACE_FILE));
    let api_change = || api_change_summary(&generation, out, previous_surface.as_deref().ok());
    let outcome = if check {
        let staleness = generation.files.check(out);
        if !staleness.is_clean() {
            eprint!("{staleness}");
            eprintln!("{}", api_change());
            return fail(&format!("{} is stale; run `cargo xtask regen`", out.display()));
        }
        format!("{} is up to date", out.display())
    } else {
        match generation.files.write(out) {
            Ok((0, 0)) => format!("{}: up to date, nothing written", out.display()),
            Ok((written, removed)) => {
                eprintln!("{}", api_change());
                format!("{}: {written} file(s) written, {removed} removed", out.display())
            }
            Err(e) => return fail(&format!("cannot write {}: {e}", out.display())),
        }
    };
    let write_time = write_started.elapsed();
    summary(&generation, &located, started.elapsed());
    if timings {
        eprintln!("timings:");
        eprintln!("  read   {:>8.1} ms", read_time.as_secs_f64() * 1e3);
        for (phase, time) in &generation.timings {
            eprintln!("  {phase:<6} {:>8.1} ms", time.as_secs_f64() * 1e3);
        }
        let label = if check { "check" } else { "write" };
        eprintln!("  {label:<6} {:>8.1} ms", write_time.as_secs_f64() * 1e3);
    }
    eprintln!("{outcome}");
    ExitCode::SUCCESS
}

/// The one-paragraph API diff between the previous surface of `out` (its
/// text, read before writing) and this generation's.
fn api_change_summary(generation: &codegen::Generation, out: &Path, previous: Option<&str>) -> String {
    let path = out.join(SURFACE_FILE);
    let Some(previous) = previous else { return format!("no previous {SURFACE_FILE} in {}: no API diff to show", out.display()) };
    match Surface::from_file(previous) {
        Ok(previous) => {
            let report = diff::diff(&previous, &Surface::of(&generation.graph));
            diff::summary_paragraph(&report, generated_version(out).as_deref())
        }
        Err(e) => format!("{}: {e}; no API diff to show", path.display()),
    }
}

fn summary(generation: &codegen::Generation, located: &spec::Located, elapsed: std::time::Duration) {
    let warnings: Vec<_> = generation.diagnostics.sorted().into_iter().filter(|d| d.severity == codegen::diagnostics::Severity::Warning).collect();
    for w in &warnings {
        eprintln!("{w}");
    }
    eprintln!("spec: {} (from {})", located.path.display(), located.origin);
    eprintln!("schemas read: {}", generation.schemas_read);
    let counts: Vec<String> = generation.counts().iter().map(|(kind, n)| format!("{n} {kind}")).collect();
    eprintln!("types emitted: {} ({})", generation.graph.types.len(), counts.join(", "));
    eprintln!("serde_json::Value fallbacks: {}", generation.graph.fallbacks.len());
    eprintln!("warnings: {}", warnings.len());
    eprintln!("wall time: {:.0} ms", elapsed.as_secs_f64() * 1e3);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file under `dir` with its bytes, by relative path.
    fn tree(dir: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
        let mut files = std::collections::BTreeMap::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(current) = stack.pop() {
            for entry in std::fs::read_dir(&current).expect("readable dir").flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    files.insert(path.strip_prefix(dir).expect("inside").to_path_buf(), std::fs::read(&path).expect("readable"));
                }
            }
        }
        files
    }

    fn fixture(case: &str, side: &str) -> PathBuf {
        spec::workspace_root().join("spec/fixtures/diff").join(case).join(format!("{side}.yaml"))
    }

    /// A workspace with the real pin and a crate generated from a fixture spec.
    fn scratch_workspace(name: &str, spec_path: &Path) -> PathBuf {
        let root = std::env::temp_dir().join(format!("xtask-update-spec-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("spec")).unwrap();
        std::fs::copy(spec::workspace_root().join("spec/openai.pin"), root.join("spec/openai.pin")).unwrap();
        let text = std::fs::read_to_string(spec_path).unwrap();
        let generation = codegen::generate(&text, &codegen::Options::for_project(&text)).unwrap_or_else(|f| panic!("{f}"));
        generation.files.write(&root.join("generated")).unwrap();
        root
    }

    const COMMIT: &str = "0123456789abcdef0123456789abcdef01234567";

    #[test]
    fn update_spec_writes_the_crate_the_pin_and_the_cache_and_reports_the_diff() {
        let root = scratch_workspace("ok", &fixture("enum_values", "old"));
        let new_path = fixture("enum_values", "new");
        let report = update_spec(&root, COMMIT, Some(&new_path)).unwrap();
        assert!(report.is_breaking());
        assert_eq!(report.changes.len(), 3, "{:#?}", report.changes);
        let new_text = std::fs::read_to_string(&new_path).unwrap();
        let pin = spec::Pin::parse(&std::fs::read_to_string(root.join("spec/openai.pin")).unwrap()).unwrap();
        let current = spec::latest().pin;
        let expected = spec::Pin::upstream(COMMIT, &spec::sha256_hex(new_text.as_bytes()));
        assert_eq!(pin, spec::Pin { patches: current.patches, names: current.names, ..expected });
        assert_eq!(std::fs::read_to_string(spec::cache_path_in(&root, COMMIT)).unwrap(), new_text);
        let generation = codegen::generate(&new_text, &codegen::Options::for_project(&new_text)).unwrap();
        assert!(generation.files.check(&root.join("generated")).is_clean(), "generated/ is the new spec's crate");
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn update_spec_writes_nothing_when_a_step_fails() {
        let root = scratch_workspace("fail", &fixture("enum_values", "old"));
        let before = tree(&root);
        let broken = root.join("broken.yaml");
        std::fs::write(&broken, "openapi: 3.1.0\ncomponents: {schemas: {A: {$ref: '#/components/schemas/Missing'}}}\n").unwrap();
        let before_with_broken = tree(&root);
        let err = update_spec(&root, COMMIT, Some(&broken)).unwrap_err();
        assert!(err.contains("nothing was written"), "{err}");
        assert_eq!(tree(&root), before_with_broken, "a spec with errors changed files");
        std::fs::remove_file(&broken).unwrap();
        let err = update_spec(&root, COMMIT, Some(&root.join("absent.yaml"))).unwrap_err();
        assert!(err.contains("cannot read"), "{err}");
        let err = update_spec(&root, "abc123", Some(&fixture("enum_values", "new"))).unwrap_err();
        assert!(err.contains("40-digit"), "{err}");
        std::fs::remove_file(root.join("generated").join(SURFACE_FILE)).unwrap();
        let without_surface = tree(&root);
        let err = update_spec(&root, COMMIT, Some(&fixture("enum_values", "new"))).unwrap_err();
        assert!(err.contains("run `cargo xtask regen` first"), "{err}");
        assert_eq!(tree(&root), without_surface);
        assert_ne!(before, without_surface);
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn diff_reads_specs_and_surface_files_and_says_whether_it_is_breaking() {
        let (old, new) = (fixture("fields", "old"), fixture("fields", "new"));
        let (text, breaking) = diff_command(&old, &new, Format::Text, false, Some("0.1.0")).unwrap();
        assert!(breaking);
        assert!(text.starts_with("next version: 0.1.0 -> 0.2.0 (breaking)\n"), "{text}");
        let (_, breaking) = diff_command(&fixture("docs_only", "old"), &fixture("docs_only", "new"), Format::Json, false, None).unwrap();
        assert!(!breaking);
        // A surface file stands for its spec.
        let root = scratch_workspace("surface", &old);
        let surface = root.join("generated").join(SURFACE_FILE);
        let (from_surface, _) = diff_command(&surface, &new, Format::Json, false, Some("0.1.0")).unwrap();
        let (from_spec, _) = diff_command(&old, &new, Format::Json, false, Some("0.1.0")).unwrap();
        assert_eq!(from_surface, from_spec);
        let (changelog, _) = diff_command(&surface, &new, Format::Text, true, Some("0.1.0")).unwrap();
        assert!(changelog.starts_with("## 0.2.0\n"), "{changelog}");
        assert!(diff_command(&root.join("absent.yaml"), &new, Format::Text, false, None).is_err());
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn regen_summarizes_the_api_change_against_the_surface_on_disk() {
        let root = scratch_workspace("summary", &fixture("enum_values", "old"));
        let out = root.join("generated");
        let generation = |case: &str, side: &str| {
            let text = std::fs::read_to_string(fixture(case, side)).unwrap();
            codegen::generate(&text, &codegen::Options::for_project(&text)).unwrap()
        };
        let summary = |generation: &codegen::Generation| {
            let previous = std::fs::read_to_string(out.join(SURFACE_FILE)).ok();
            api_change_summary(generation, &out, previous.as_deref())
        };
        assert_eq!(
            summary(&generation("enum_values", "new")),
            "API changes: 2 enum values added, 1 enum value removed; next version 0.1.0 -> 0.2.0 (breaking). \
             `cargo xtask diff` lists each change."
        );
        assert_eq!(summary(&generation("enum_values", "old")), "API surface unchanged (only the generated code changed).");
        std::fs::write(out.join(SURFACE_FILE), "{}").unwrap();
        assert!(summary(&generation("enum_values", "new")).contains("no API diff to show"));
        std::fs::remove_file(out.join(SURFACE_FILE)).unwrap();
        assert!(summary(&generation("enum_values", "new")).contains("no previous api-surface.json"));
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn package_version_reads_the_package_table() {
        let manifest = "# header\n[package]\nname = \"x\"\nversion = \"0.3.1\"\n\n[dependencies]\nversion = \"9\"\n";
        assert_eq!(package_version(manifest).as_deref(), Some("0.3.1"));
        assert_eq!(package_version("[dependencies]\nversion = \"1\"\n"), None);
        let generated = std::fs::read_to_string(spec::workspace_root().join("generated/Cargo.toml")).unwrap();
        assert_eq!(package_version(&generated).as_deref(), Some("0.1.0"));
    }

    #[test]
    fn a_spec_that_is_not_the_pinned_one_gets_only_the_files_given() {
        let text = "openapi: 3.1.0\n";
        let none = CrateOptions::default().options(text).expect("options");
        assert!(none.patches.is_empty() && none.names.areas.is_empty());
        let file = std::env::temp_dir().join(format!("xtask-patches-{}.yaml", std::process::id()));
        std::fs::write(&file, "- {pointer: /a, set: 1, reason: r}\n").expect("scratch file");
        let given = CrateOptions { patches: Some(file.clone()), crate_name: Some("acme-types".into()), ..CrateOptions::default() }
            .options(text)
            .expect("options");
        assert_eq!(given.patches.len(), 1);
        assert_eq!(given.crate_name.as_deref(), Some("acme-types"));
        // A patch list is not a names file: refused, naming the file.
        let refused = CrateOptions { names: Some(file.clone()), ..CrateOptions::default() }.options(text).unwrap_err();
        assert!(refused.contains("xtask-patches-"), "{refused}");
        let _ = std::fs::remove_file(file);
    }

    #[test]
    fn generated_features_reads_the_features_table_only() {
        let manifest = "[package]\nname = \"x\"\n\n[features]\ndefault = [\"full\"]\nfull = [\"a\", \"b-c\"]\na = []\nb-c = [\"a\"]\n\n[dependencies]\nserde = \"1\"\n";
        assert_eq!(generated_features(manifest), ["a", "b-c"]);
    }
}

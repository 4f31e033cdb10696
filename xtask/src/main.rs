//! Maintainer commands: `cargo xtask regen` writes the generated crate from
//! the OpenAI spec; `cargo xtask fetch-spec` downloads the pinned spec.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};
use codegen::spec;

#[derive(Parser)]
#[command(name = "xtask", about = "Maintainer commands for the OpenAI types generator")]
struct Cli {
    #[command(subcommand)]
    command: Command,
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
    },
    /// Download the pinned spec into .spec-cache/ and verify its sha256.
    FetchSpec,
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Regen { spec, out, check, timings } => regen(spec.as_deref(), &out, check, timings),
        Command::FetchSpec => match spec::fetch(&spec::cache_path()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => fail(&e),
        },
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::FAILURE
}

fn regen(spec_path: Option<&Path>, out: &Path, check: bool, timings: bool) -> ExitCode {
    let started = Instant::now();
    let located = match spec::locate(spec_path) {
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
    let source = format!("the OpenAI OpenAPI document (sha256 {})", spec::sha256_hex(text.as_bytes()));
    let read_time = read_started.elapsed();
    let generation = match codegen::generate(&text, &source) {
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
    let outcome = if check {
        let staleness = generation.files.check(out);
        if !staleness.is_clean() {
            eprint!("{staleness}");
            return fail(&format!("{} is stale; run `cargo xtask regen`", out.display()));
        }
        format!("{} is up to date", out.display())
    } else {
        match generation.files.write(out) {
            Ok((written, removed)) => format!("{}: {written} file(s) written, {removed} removed", out.display()),
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

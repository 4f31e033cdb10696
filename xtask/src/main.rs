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
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Regen { spec, out, check, timings } => regen(spec.as_deref(), &out, check, timings),
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
    }
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
    let mut steps: Vec<Vec<String>> = TEST_STEPS.iter().map(|step| step.iter().map(|s| s.to_string()).collect()).collect();
    // After `cargo test --workspace`, which builds them: the examples assert
    // their results, so running them tests them.
    for (i, name) in examples.iter().enumerate() {
        let run = ["run", "--quiet", "-p", "openai-types", "--example", name];
        steps.insert(1 + i, run.iter().map(|s| s.to_string()).collect());
    }
    for step in &steps {
        let mut command = cargo();
        command.args(step).current_dir(spec::workspace_root());
        if step[0] == "doc" {
            command.env("RUSTDOCFLAGS", "-D warnings");
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
    let code = regen(Some(&located.path), &out, false, false);
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

fn regen(spec_path: Option<&Path>, out: &Path, check: bool, timings: bool) -> ExitCode {
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
    let generation = match codegen::generate(&text, &codegen::Options::for_project(&text)) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_features_reads_the_features_table_only() {
        let manifest = "[package]\nname = \"x\"\n\n[features]\ndefault = [\"full\"]\nfull = [\"a\", \"b-c\"]\na = []\nb-c = [\"a\"]\n\n[dependencies]\nserde = \"1\"\n";
        assert_eq!(generated_features(manifest), ["a", "b-c"]);
    }
}

//! Where the spec comes from: `--spec PATH`, the `OPENAI_SPEC` environment
//! variable, or the pinned upstream file (`spec/openai.pin`), cached in
//! `.spec-cache/` and downloaded there when absent, its sha256 checked.

use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

/// The environment variable naming a spec file.
pub const SPEC_ENV: &str = "OPENAI_SPEC";

const PIN: &str = include_str!("../../spec/openai.pin");

/// The pinned upstream document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pin {
    pub commit: String,
    pub url: String,
    pub sha256: String,
}

impl Pin {
    pub fn pinned() -> Pin {
        Pin::parse(PIN).unwrap_or_else(|| Pin { commit: String::new(), url: String::new(), sha256: String::new() })
    }

    /// Reads `key = "value"` lines; `#` starts a comment.
    pub fn parse(text: &str) -> Option<Pin> {
        let get = |key: &str| {
            text.lines().find_map(|line| {
                let (k, v) = line.split_once('=')?;
                (k.trim() == key).then(|| v.trim().trim_matches('"').to_string())
            })
        };
        Some(Pin { commit: get("commit")?, url: get("url")?, sha256: get("sha256")? })
    }
}

/// The root of this workspace (where `spec/` and `.spec-cache/` live).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// Where the pinned file is cached.
pub fn cache_path() -> PathBuf {
    let pin = Pin::pinned();
    workspace_root().join(".spec-cache").join(format!("openai-{}.yaml", &pin.commit[..pin.commit.len().min(12)]))
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// How the spec was found, for messages and file headers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located {
    pub path: PathBuf,
    /// `--spec`, `OPENAI_SPEC`, `cache` or `download`.
    pub origin: &'static str,
}

/// Finds the spec: an explicit path, then `OPENAI_SPEC`, then the cache,
/// then a download of the pinned file (announced on stderr).
pub fn locate(explicit: Option<&Path>) -> Result<Located, String> {
    if let Some(path) = explicit {
        return existing(path, "--spec");
    }
    if let Some(path) = std::env::var_os(SPEC_ENV).filter(|p| !p.is_empty()) {
        return existing(Path::new(&path), "OPENAI_SPEC");
    }
    let cache = cache_path();
    if cache.is_file() {
        return Ok(Located { path: cache, origin: "cache" });
    }
    eprintln!("no spec given ({SPEC_ENV} unset) and none cached: downloading the pinned spec");
    fetch(&cache)?;
    Ok(Located { path: cache, origin: "download" })
}

fn existing(path: &Path, origin: &'static str) -> Result<Located, String> {
    if path.is_file() {
        Ok(Located { path: path.to_path_buf(), origin })
    } else {
        Err(format!("spec file {} (from {origin}) does not exist.\n{}", path.display(), how_to_get()))
    }
}

/// What to do when no spec can be found.
pub fn how_to_get() -> String {
    let pin = Pin::pinned();
    format!(
        "Get the pinned OpenAI spec with `cargo xtask fetch-spec` (downloads {} and checks sha256 {}), \
         or pass `--spec PATH` / set {SPEC_ENV}=PATH to a copy of it.",
        pin.url, pin.sha256
    )
}

/// Downloads the pinned file with `curl` into `target`, checking its sha256
/// before it is moved into place.
pub fn fetch(target: &Path) -> Result<(), String> {
    let pin = Pin::pinned();
    eprintln!("downloading {} -> {}", pin.url, target.display());
    let parent = target.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    let partial = target.with_extension("partial");
    let status = Command::new("curl")
        .args(["--fail", "--location", "--silent", "--show-error", "--output"])
        .arg(&partial)
        .arg(&pin.url)
        .status()
        .map_err(|e| format!("cannot run curl ({e}).\n{}", how_to_get()))?;
    if !status.success() {
        let _ = std::fs::remove_file(&partial);
        return Err(format!("downloading {} failed ({status}).\n{}", pin.url, how_to_get()));
    }
    let bytes = std::fs::read(&partial).map_err(|e| format!("cannot read {}: {e}", partial.display()))?;
    let actual = sha256_hex(&bytes);
    if actual != pin.sha256 {
        let _ = std::fs::remove_file(&partial);
        return Err(format!("downloaded spec has sha256 {actual}, expected {}; nothing was kept", pin.sha256));
    }
    std::fs::rename(&partial, target).map_err(|e| format!("cannot move the download into place: {e}"))?;
    eprintln!("spec saved to {} (sha256 verified)", target.display());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pin_names_a_commit_url_and_hash() {
        let pin = Pin::pinned();
        assert_eq!(pin.commit.len(), 40);
        assert!(pin.url.contains(&pin.commit), "{pin:?}");
        assert_eq!(pin.sha256.len(), 64);
    }

    #[test]
    fn sha256_is_lowercase_hex() {
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn a_missing_explicit_spec_says_how_to_get_one() {
        let err = locate(Some(Path::new("/nonexistent/openapi.yaml"))).unwrap_err();
        assert!(err.contains("cargo xtask fetch-spec"), "{err}");
    }
}

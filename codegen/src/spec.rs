//! Where a spec comes from: `--spec PATH`, an environment variable, or the
//! pinned upstream file (`spec/*.pin`), cached in `.spec-cache/` and
//! downloaded there when absent, its sha256 checked.

use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

/// A pinned spec: its pin, and the environment variable that overrides it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pinned {
    pub label: &'static str,
    pub env: &'static str,
    pub pin: Pin,
}

/// The patches of the pinned spec (`patches` in `spec/openai.pin`; a test
/// checks the pin names this file).
pub const PINNED_PATCHES: &str = include_str!("../../spec/patches.yaml");
/// The naming overrides of the pinned spec (`names` in `spec/openai.pin`).
pub const PINNED_NAMES: &str = include_str!("../../spec/names.yaml");

/// The spec the crate is generated from (OpenAPI 3.1).
pub fn latest() -> Pinned {
    Pinned { label: "OpenAI spec", env: "OPENAI_SPEC", pin: Pin::parse_or_empty(include_str!("../../spec/openai.pin")) }
}

/// An older spec in OpenAPI 3.0, read by tests only.
pub fn openapi30() -> Pinned {
    Pinned {
        label: "OpenAI spec (OpenAPI 3.0)",
        env: "OPENAI_SPEC_3_0",
        pin: Pin::parse_or_empty(include_str!("../../spec/openai-3.0.pin")),
    }
}

/// The pinned upstream document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pin {
    pub commit: String,
    pub url: String,
    pub sha256: String,
    /// The patches file in `spec/` written for this spec, if any.
    pub patches: Option<String>,
    /// The naming overrides file in `spec/` written for this spec, if any.
    pub names: Option<String>,
}

impl Pin {
    fn parse_or_empty(text: &str) -> Pin {
        Pin::parse(text).unwrap_or_else(|| Pin {
            commit: String::new(),
            url: String::new(),
            sha256: String::new(),
            patches: None,
            names: None,
        })
    }

    /// Reads `key = "value"` lines; `#` starts a comment.
    pub fn parse(text: &str) -> Option<Pin> {
        let get = |key: &str| {
            text.lines().find_map(|line| {
                let (k, v) = line.split_once('=')?;
                (k.trim() == key).then(|| v.trim().trim_matches('"').to_string())
            })
        };
        Some(Pin { commit: get("commit")?, url: get("url")?, sha256: get("sha256")?, patches: get("patches"), names: get("names") })
    }
}

/// The root of this workspace (where `spec/` and `.spec-cache/` live).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Where the spec of `commit` is cached under the workspace `root`.
pub fn cache_path_in(root: &Path, commit: &str) -> PathBuf {
    let commit = &commit[..commit.len().min(12)];
    root.join(".spec-cache").join(format!("openai-{commit}.yaml"))
}

/// The URL of upstream's `openapi.yaml` at a commit of openai/openai-openapi.
pub fn upstream_url(commit: &str) -> String {
    format!("https://raw.githubusercontent.com/openai/openai-openapi/{commit}/openapi.yaml")
}

/// Downloads `url` into `target` with `curl`; on failure nothing is left there.
pub fn download(url: &str, target: &Path) -> Result<(), String> {
    let status = Command::new("curl")
        .args(["--fail", "--location", "--silent", "--show-error", "--output"])
        .arg(target)
        .arg(url)
        .status()
        .map_err(|e| format!("cannot run curl ({e})"))?;
    if !status.success() {
        let _ = std::fs::remove_file(target);
        return Err(format!("downloading {url} failed ({status})"));
    }
    Ok(())
}

impl Pin {
    /// The pin of upstream's spec at `commit`, whose bytes hash to `sha256`.
    pub fn upstream(commit: &str, sha256: &str) -> Pin {
        Pin { commit: commit.to_string(), url: upstream_url(commit), sha256: sha256.to_string(), patches: None, names: None }
    }

    /// The pin file's text: the comment lines of `previous` (if any), then the keys.
    pub fn to_text(&self, previous: &str) -> String {
        let mut out: String = previous.lines().filter(|l| l.trim_start().starts_with('#')).map(|l| format!("{l}\n")).collect();
        out.push_str(&format!("commit = \"{}\"\nurl = \"{}\"\nsha256 = \"{}\"\n", self.commit, self.url, self.sha256));
        for (key, file) in [("patches", &self.patches), ("names", &self.names)] {
            if let Some(file) = file {
                out.push_str(&format!("{key} = \"{file}\"\n"));
            }
        }
        out
    }
}

/// How the spec was found, for messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located {
    pub path: PathBuf,
    /// `--spec`, the environment variable, `cache` or `download`.
    pub origin: String,
}

impl Pinned {
    /// Where the pinned file is cached.
    pub fn cache_path(&self) -> PathBuf {
        cache_path_in(&workspace_root(), &self.pin.commit)
    }

    /// Finds the spec: an explicit path, then the environment variable, then
    /// the cache, then a download of the pinned file (announced on stderr).
    pub fn locate(&self, explicit: Option<&Path>) -> Result<Located, String> {
        if let Some(path) = explicit {
            return self.existing(path, "--spec");
        }
        if let Some(path) = std::env::var_os(self.env).filter(|p| !p.is_empty()) {
            return self.existing(Path::new(&path), self.env);
        }
        let cache = self.cache_path();
        if cache.is_file() {
            return Ok(Located { path: cache, origin: "cache".into() });
        }
        eprintln!("no {} given ({} unset) and none cached: downloading the pinned file", self.label, self.env);
        self.fetch()?;
        Ok(Located { path: cache, origin: "download".into() })
    }

    fn existing(&self, path: &Path, origin: &str) -> Result<Located, String> {
        if path.is_file() {
            Ok(Located { path: path.to_path_buf(), origin: origin.to_string() })
        } else {
            Err(format!("{} {} (from {origin}) does not exist.\n{}", self.label, path.display(), self.how_to_get()))
        }
    }

    /// What to do when no spec can be found.
    pub fn how_to_get(&self) -> String {
        format!(
            "Get the pinned {} with `cargo xtask fetch-spec --all` (downloads {} and checks sha256 {}), \
             or set {}=PATH to a copy of it.",
            self.label, self.pin.url, self.pin.sha256, self.env
        )
    }

    /// Downloads the pinned file with `curl` into the cache, checking its
    /// sha256 before it is moved into place.
    pub fn fetch(&self) -> Result<PathBuf, String> {
        let target = self.cache_path();
        eprintln!("downloading {} -> {}", self.pin.url, target.display());
        let parent = target.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        // Tests may download at the same time: each download has its own partial file.
        static DOWNLOADS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = DOWNLOADS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let partial = target.with_extension(format!("partial-{}-{n}", std::process::id()));
        download(&self.pin.url, &partial).map_err(|e| format!("{e}.\n{}", self.how_to_get()))?;
        let bytes = std::fs::read(&partial).map_err(|e| format!("cannot read {}: {e}", partial.display()))?;
        let actual = sha256_hex(&bytes);
        if actual != self.pin.sha256 {
            let _ = std::fs::remove_file(&partial);
            return Err(format!("the download has sha256 {actual}, expected {}; nothing was kept", self.pin.sha256));
        }
        std::fs::rename(&partial, &target).map_err(|e| format!("cannot move the download into place: {e}"))?;
        eprintln!("saved {} (sha256 verified)", target.display());
        Ok(target)
    }

    /// Reads the located spec, failing with a message that says how to get it.
    pub fn read(&self) -> Result<(Located, String), String> {
        let located = self.locate(None)?;
        let text = std::fs::read_to_string(&located.path)
            .map_err(|e| format!("cannot read {}: {e}.\n{}", located.path.display(), self.how_to_get()))?;
        Ok((located, text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pins_name_a_commit_url_and_hash() {
        let pin = latest().pin;
        assert_eq!(pin.commit.len(), 40);
        for pin in [pin, openapi30().pin] {
            assert!(pin.url.contains(&pin.commit), "{pin:?}");
            assert_eq!(pin.sha256.len(), 64);
        }
    }

    /// The files compiled in as the pinned spec's are the ones its pin names.
    #[test]
    fn the_pin_names_the_files_compiled_in() {
        let pin = latest().pin;
        let spec_dir = workspace_root().join("spec");
        let read = |name: &Option<String>| std::fs::read_to_string(spec_dir.join(name.as_deref().expect("the pin names a file"))).ok();
        assert_eq!(read(&pin.patches).as_deref(), Some(PINNED_PATCHES));
        assert_eq!(read(&pin.names).as_deref(), Some(PINNED_NAMES));
        assert_eq!(openapi30().pin.patches, None);
    }

    #[test]
    fn a_pin_written_out_reads_back_and_keeps_its_comments() {
        let previous = include_str!("../../spec/openai.pin");
        let pin = Pin::upstream("0123456789abcdef0123456789abcdef01234567", &"ab".repeat(32));
        let text = pin.to_text(previous);
        assert_eq!(Pin::parse(&text), Some(pin.clone()));
        assert!(pin.url.contains(&pin.commit));
        let comments: Vec<&str> = previous.lines().filter(|l| l.starts_with('#')).collect();
        assert!(!comments.is_empty() && comments.iter().all(|c| text.contains(c)), "{text}");
        assert_eq!(upstream_url(&latest().pin.commit), latest().pin.url, "the pinned URL has the upstream form");
    }

    #[test]
    fn sha256_is_lowercase_hex() {
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn a_missing_explicit_spec_says_how_to_get_one() {
        let err = latest().locate(Some(Path::new("/nonexistent/openapi.yaml"))).unwrap_err();
        assert!(err.contains("cargo xtask fetch-spec"), "{err}");
    }
}

//! Webhook signature checks, written once by hand and copied into every
//! generated crate as `client::webhooks`.
//!
//! OpenAI signs webhooks as the Standard Webhooks specification says: the
//! `webhook-signature` header holds space-separated `v1,<base64>` entries,
//! each an HMAC-SHA256 of `{webhook-id}.{webhook-timestamp}.{body}` keyed
//! with the secret (`whsec_` then base64); `webhook-timestamp` is in Unix
//! seconds and must be within five minutes of now, either way, so that an
//! old delivery cannot be replayed.
//!
//! ```
//! # use openai_types::client::webhooks::{self, WebhookError};
//! let headers = [("webhook-id", "wh_1"), ("webhook-timestamp", "1700000000"), ("webhook-signature", "v1,AAAA")];
//! let refused = webhooks::verify(&headers[..], br#"{"type":"batch.completed"}"#, "whsec_c2VjcmV0");
//! assert!(matches!(refused, Err(WebhookError::Expired { .. })));
//! ```

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

/// The environment variable the `_from_env` functions read the secret from.
pub const SECRET_ENV: &str = "OPENAI_WEBHOOK_SECRET";

/// How far `webhook-timestamp` may be from now, either way.
pub const TOLERANCE: Duration = Duration::from_secs(300);

/// The header with the delivery's unique id.
pub const ID_HEADER: &str = "webhook-id";
/// The header with the delivery's time, in Unix seconds.
pub const TIMESTAMP_HEADER: &str = "webhook-timestamp";
/// The header with the signatures.
pub const SIGNATURE_HEADER: &str = "webhook-signature";

/// Why a webhook was refused: each check has its own variant.
#[derive(Debug)]
#[non_exhaustive]
pub enum WebhookError {
    /// A `webhook-*` header is absent (or not text).
    MissingHeader(&'static str),
    /// `webhook-timestamp` is not a number of seconds.
    InvalidTimestamp(String),
    /// `webhook-timestamp` is older than [`TOLERANCE`].
    Expired { timestamp: i64, now: i64 },
    /// `webhook-timestamp` is further ahead than [`TOLERANCE`].
    FromTheFuture { timestamp: i64, now: i64 },
    /// No `v1` entry of `webhook-signature` is the body's signature: the
    /// body was changed, or the secret is not the one that signed it.
    NoMatchingSignature,
    /// The secret is `whsec_` followed by something that is not base64.
    InvalidSecret(base64::DecodeError),
    /// No secret was given and [`SECRET_ENV`] is not set.
    MissingSecret,
    /// The body is signed but is not the expected event type.
    InvalidBody(serde_json::Error),
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookError::MissingHeader(name) => write!(f, "the webhook has no `{name}` header"),
            WebhookError::InvalidTimestamp(value) => write!(f, "`{TIMESTAMP_HEADER}` is not a Unix timestamp: {value:?}"),
            WebhookError::Expired { timestamp, now } => {
                write!(f, "the webhook timestamp {timestamp} is {} s old, more than the {} s allowed", now - timestamp, TOLERANCE.as_secs())
            }
            WebhookError::FromTheFuture { timestamp, now } => {
                write!(f, "the webhook timestamp {timestamp} is {} s ahead, more than the {} s allowed", timestamp - now, TOLERANCE.as_secs())
            }
            WebhookError::NoMatchingSignature => write!(f, "no signature in `{SIGNATURE_HEADER}` matches the body and secret"),
            WebhookError::InvalidSecret(e) => write!(f, "the webhook secret is not `whsec_` and base64: {e}"),
            WebhookError::MissingSecret => write!(f, "no webhook secret given and `{SECRET_ENV}` is not set"),
            WebhookError::InvalidBody(e) => write!(f, "the webhook body is not the expected event: {e}"),
        }
    }
}

impl std::error::Error for WebhookError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WebhookError::InvalidSecret(e) => Some(e),
            WebhookError::InvalidBody(e) => Some(e),
            _ => None,
        }
    }
}

/// Request headers, looked up by name (case-insensitively, as HTTP says).
/// Implemented for `http::HeaderMap` (reqwest's, axum's, hyper's) and for
/// lists of name and value pairs, so no web framework is needed.
pub trait Headers {
    /// The value of header `name`, if it is there and is text.
    fn header(&self, name: &str) -> Option<&str>;
}

impl Headers for reqwest::header::HeaderMap {
    fn header(&self, name: &str) -> Option<&str> {
        self.get(name)?.to_str().ok()
    }
}

impl<K: AsRef<str>, V: AsRef<str>> Headers for [(K, V)] {
    fn header(&self, name: &str) -> Option<&str> {
        self.iter().find(|(key, _)| key.as_ref().eq_ignore_ascii_case(name)).map(|(_, value)| value.as_ref())
    }
}

impl<K: AsRef<str>, V: AsRef<str>> Headers for Vec<(K, V)> {
    fn header(&self, name: &str) -> Option<&str> {
        self.as_slice().header(name)
    }
}

impl<K: AsRef<str>, V: AsRef<str>, S> Headers for std::collections::HashMap<K, V, S> {
    fn header(&self, name: &str) -> Option<&str> {
        self.iter().find(|(key, _)| key.as_ref().eq_ignore_ascii_case(name)).map(|(_, value)| value.as_ref())
    }
}

impl<K: AsRef<str>, V: AsRef<str>> Headers for std::collections::BTreeMap<K, V> {
    fn header(&self, name: &str) -> Option<&str> {
        self.iter().find(|(key, _)| key.as_ref().eq_ignore_ascii_case(name)).map(|(_, value)| value.as_ref())
    }
}

/// Checks that `body` is a webhook OpenAI signed with `secret`, sent within
/// [`TOLERANCE`] of now. `body` must be the raw bytes received, before any
/// parsing.
pub fn verify<H: Headers + ?Sized>(headers: &H, body: impl AsRef<[u8]>, secret: &str) -> Result<(), WebhookError> {
    verify_at(headers, body.as_ref(), secret, now())
}

/// [`verify`] with the secret from [`SECRET_ENV`].
pub fn verify_from_env<H: Headers + ?Sized>(headers: &H, body: impl AsRef<[u8]>) -> Result<(), WebhookError> {
    verify(headers, body, &secret_from_env()?)
}

/// Verifies the webhook (see [`verify`]) and reads its body as `T`: one of
/// the webhook event types (`WebhookBatchCompleted`, `WebhookResponseCompleted`,
/// ...), or `serde_json::Value` to dispatch on `type` yourself.
pub fn unwrap<T: DeserializeOwned, H: Headers + ?Sized>(headers: &H, body: impl AsRef<[u8]>, secret: &str) -> Result<T, WebhookError> {
    unwrap_at(headers, body.as_ref(), secret, now())
}

/// [`unwrap`] with the secret from [`SECRET_ENV`].
pub fn unwrap_from_env<T: DeserializeOwned, H: Headers + ?Sized>(headers: &H, body: impl AsRef<[u8]>) -> Result<T, WebhookError> {
    unwrap(headers, body, &secret_from_env()?)
}

/// [`verify`] at a given time, `now` in Unix seconds: what tests and
/// replays of recorded deliveries need.
pub fn verify_at<H: Headers + ?Sized>(headers: &H, body: &[u8], secret: &str, now: i64) -> Result<(), WebhookError> {
    let header = |name: &'static str| headers.header(name).ok_or(WebhookError::MissingHeader(name));
    let id = header(ID_HEADER)?;
    let timestamp_text = header(TIMESTAMP_HEADER)?;
    let signatures = header(SIGNATURE_HEADER)?;
    let timestamp: i64 = timestamp_text.trim().parse().map_err(|_| WebhookError::InvalidTimestamp(timestamp_text.to_string()))?;
    let tolerance = TOLERANCE.as_secs() as i64;
    if now.saturating_sub(timestamp) > tolerance {
        return Err(WebhookError::Expired { timestamp, now });
    }
    if timestamp.saturating_sub(now) > tolerance {
        return Err(WebhookError::FromTheFuture { timestamp, now });
    }
    let key = secret_key(secret)?;
    let expected = hmac_sha256(&key, &[id.as_bytes(), b".", timestamp_text.as_bytes(), b".", body]);
    // Any `v1` entry may match (several are sent while a secret is rotated);
    // entries of other versions, and ones that are not base64, match none.
    let matches = signatures
        .split(' ')
        .filter_map(|entry| entry.strip_prefix("v1,"))
        .filter_map(|signature| base64::engine::general_purpose::STANDARD.decode(signature).ok())
        .any(|signature| constant_time_eq(&signature, &expected));
    if matches {
        Ok(())
    } else {
        Err(WebhookError::NoMatchingSignature)
    }
}

/// [`unwrap`] at a given time, `now` in Unix seconds.
pub fn unwrap_at<T: DeserializeOwned, H: Headers + ?Sized>(headers: &H, body: &[u8], secret: &str, now: i64) -> Result<T, WebhookError> {
    verify_at(headers, body, secret, now)?;
    serde_json::from_slice(body).map_err(WebhookError::InvalidBody)
}

fn now() -> i64 {
    // A clock before 1970 reads as 0: every timestamp then looks "from the
    // future" and is refused, which is the safe side.
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |elapsed| elapsed.as_secs() as i64)
}

fn secret_from_env() -> Result<String, WebhookError> {
    std::env::var(SECRET_ENV).map_err(|_| WebhookError::MissingSecret)
}

/// The HMAC key: the base64 after `whsec_`; a secret without the prefix is
/// used as its bytes, as the official SDKs do.
fn secret_key(secret: &str) -> Result<Vec<u8>, WebhookError> {
    match secret.strip_prefix("whsec_") {
        Some(encoded) => base64::engine::general_purpose::STANDARD.decode(encoded).map_err(WebhookError::InvalidSecret),
        None => Ok(secret.as_bytes().to_vec()),
    }
}

/// HMAC-SHA256 (RFC 2104) of the concatenated `message` parts.
fn hmac_sha256(key: &[u8], message: &[&[u8]]) -> [u8; 32] {
    const BLOCK: usize = 64;
    let mut block = [0u8; BLOCK];
    if key.len() > BLOCK {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let mut inner = Sha256::new();
    inner.update(block.map(|byte| byte ^ 0x36));
    for part in message {
        inner.update(part);
    }
    let inner = inner.finalize();
    let mut outer = Sha256::new();
    outer.update(block.map(|byte| byte ^ 0x5c));
    outer.update(inner);
    let mut mac = [0u8; 32];
    mac.copy_from_slice(&outer.finalize());
    mac
}

/// Compares without stopping at the first difference, so the time taken
/// does not tell an attacker how much of a forged signature is right.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let difference = a.iter().zip(b).fold(0u8, |acc, (x, y)| std::hint::black_box(acc | (x ^ y)));
    difference == 0
}

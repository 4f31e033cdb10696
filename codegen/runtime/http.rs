//! The HTTP client's runtime, written once by hand and copied into every
//! generated crate as `client::http`: configuration, requests, retries,
//! errors, server-sent events, pages, multipart forms and binary bodies.
//!
//! The generated `client` module only spells operations: each method builds
//! a [`Call`] (method, path, query, body) and names how its response is read
//! ([`Json`], [`Sse`], [`NamedSse`], [`Bytes`], [`Text`], [`Empty`]).
//! Everything else lives here.
//!
//! Retries follow the official SDKs: connection errors, timeouts, 408, 409,
//! 429 and 5xx are retried (2 retries by default), unless the response says
//! `x-should-retry: false` (or `true` forces a retry), and a 429 whose error
//! code is `insufficient_quota` is not retried (waiting does not add quota).
//! The wait is the server's `retry-after-ms` or `retry-after` (seconds or an
//! HTTP date) when it is at most [`RetryPolicy::max_retry_after`], else
//! `min(initial_delay * 2^n, max_delay)` less up to 25% of jitter.
//!
//! Nothing here spawns a task: a stream reads its response body as it is
//! polled, and dropping it drops the body, which closes the connection.

use std::borrow::Cow;
use std::collections::VecDeque;
use std::fmt;
use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

pub use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
pub use reqwest::{Method, StatusCode};

/// The default base URL, overridden by `OPENAI_BASE_URL` or [`ClientBuilder::base_url`].
pub const DEFAULT_BASE_URL: &str = "https://api.openai.com/v1";

/// The default timeout of each attempt, as in the official SDKs.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(600);

/// A boxed future, as returned by [`Call`]'s `IntoFuture`.
pub type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;

/// The body of a response, chunk by chunk.
type BodyStream = Pin<Box<dyn futures_core::Stream<Item = reqwest::Result<bytes::Bytes>> + Send>>;

// Configuration --------------------------------------------------------------

/// An OpenAI API client: cheap to clone (the configuration and the connection
/// pool are shared).
#[derive(Clone)]
pub struct Client {
    inner: Arc<Config>,
}

/// What a [`Client`] is configured with.
struct Config {
    http: reqwest::Client,
    base_url: String,
    /// Whether a key is set (the key itself is only in `base_headers`, marked sensitive).
    has_api_key: bool,
    organization: Option<String>,
    project: Option<String>,
    /// Authentication, organization, project and the default headers, built once.
    base_headers: HeaderMap,
    default_query: Vec<(String, String)>,
    retry: RetryPolicy,
    timeout: Duration,
}

/// Retries as the official SDKs do them.
#[derive(Clone, Debug, PartialEq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (default 2).
    pub max_retries: u32,
    /// The first backoff (default 0.5 s); doubled each retry.
    pub initial_delay: Duration,
    /// The longest backoff (default 8 s).
    pub max_delay: Duration,
    /// The longest `retry-after` / `retry-after-ms` honoured (default 60 s);
    /// a longer one is ignored in favour of the backoff.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            initial_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// No retries.
    pub fn none() -> RetryPolicy {
        RetryPolicy { max_retries: 0, ..RetryPolicy::default() }
    }

    /// The backoff before retry `retry` (0 for the first):
    /// `min(initial_delay * 2^retry, max_delay)`, less a jitter of up to 25%.
    pub fn backoff(&self, retry: u32) -> Duration {
        let doubled = self.initial_delay.saturating_mul(2u32.saturating_pow(retry.min(31)));
        doubled.min(self.max_delay).mul_f64(1.0 - 0.25 * jitter())
    }

    /// The wait before retry `retry` after a response with `headers`: the
    /// server's `retry-after-ms` or `retry-after` when it is positive and at
    /// most `max_retry_after`, else [`RetryPolicy::backoff`].
    pub fn delay(&self, retry: u32, headers: Option<&HeaderMap>) -> Duration {
        match headers.and_then(retry_after) {
            Some(wait) if !wait.is_zero() && wait <= self.max_retry_after => wait,
            _ => self.backoff(retry),
        }
    }
}

/// A number in `[0, 1)` for the backoff's jitter. A retry wait needs no
/// cryptographic randomness, only enough spread that clients retrying at once
/// do not stay in step: the clock's nanoseconds, mixed with a counter (so two
/// calls in the same nanosecond differ) through the splitmix64 finalizer.
fn jitter() -> f64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(0);
    let mut x = nanos ^ COUNTER.fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^= x >> 31;
    (x >> 11) as f64 / (1u64 << 53) as f64
}

/// The wait a response asks for: `retry-after-ms` (milliseconds), else
/// `retry-after` (seconds, or an HTTP date).
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
    if let Some(ms) = header("retry-after-ms").and_then(|v| v.parse::<f64>().ok()) {
        return Duration::try_from_secs_f64(ms / 1000.0).ok();
    }
    let value = header("retry-after")?;
    if let Ok(seconds) = value.parse::<f64>() {
        return Duration::try_from_secs_f64(seconds).ok();
    }
    let date = parse_http_date(value)?;
    Some(date.duration_since(SystemTime::now()).unwrap_or(Duration::ZERO))
}

/// Reads an HTTP date in the IMF-fixdate form (`Sun, 06 Nov 1994 08:49:37
/// GMT`), the only one servers may send (RFC 9110, section 5.6.7).
pub fn parse_http_date(text: &str) -> Option<SystemTime> {
    let fields: Vec<&str> = text.split_whitespace().collect();
    let [_weekday, day, month, year, time, "GMT"] = fields.as_slice() else {
        return None;
    };
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let month = MONTHS.iter().position(|m| m == month)? as i64 + 1;
    let day: i64 = day.parse().ok().filter(|d| (1..=31).contains(d))?;
    let year: i64 = year.parse().ok().filter(|y| *y >= 1970)?;
    let mut clock = time.split(':').map(|part| part.parse::<i64>().ok());
    let (hour, minute, second) = (clock.next()??, clock.next()??, clock.next()??);
    if clock.next().is_some() || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    // Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
    let shifted_year = if month <= 2 { year - 1 } else { year };
    let era = shifted_year.div_euclid(400);
    let year_of_era = shifted_year - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    let days = era * 146_097 + day_of_era - 719_468;
    let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second;
    Some(UNIX_EPOCH + Duration::from_secs(u64::try_from(seconds).ok()?))
}

impl Client {
    /// A client configured from the environment: `OPENAI_API_KEY`,
    /// `OPENAI_BASE_URL`, `OPENAI_ORG_ID`, `OPENAI_PROJECT_ID`.
    pub fn new() -> Result<Client, Error> {
        Client::builder().build()
    }

    /// A builder that starts from the environment (see [`Client::new`]).
    pub fn builder() -> ClientBuilder {
        let var = |name: &str| std::env::var(name).ok().filter(|value| !value.is_empty());
        let mut builder = ClientBuilder::new();
        if let Some(url) = var("OPENAI_BASE_URL") {
            builder.base_url = url;
        }
        builder.api_key = var("OPENAI_API_KEY");
        builder.organization = var("OPENAI_ORG_ID");
        builder.project = var("OPENAI_PROJECT_ID");
        builder
    }

    /// Starts a request to `path` (relative to the base URL, such as
    /// `/chat/completions`). Used by the generated methods; also the way to
    /// call an endpoint they do not have.
    pub fn request<K: Decode>(&self, method: Method, path: impl Into<String>) -> Call<K> {
        Call {
            client: self.clone(),
            method,
            path: path.into(),
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: Body::Empty,
            body_fields: serde_json::Map::new(),
            timeout: None,
            max_retries: None,
            invalid: None,
            marker: PhantomData,
        }
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }
}

impl fmt::Debug for Client {
    /// Never prints the API key (nor the default headers' values, which may hold one).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let config = &self.inner;
        f.debug_struct("Client")
            .field("base_url", &config.base_url)
            .field("api_key", &if config.has_api_key { "<redacted>" } else { "<none>" })
            .field("organization", &config.organization)
            .field("project", &config.project)
            .field("default_headers", &config.base_headers.keys().collect::<Vec<_>>())
            .field("default_query", &config.default_query)
            .field("timeout", &config.timeout)
            .field("retry", &config.retry)
            .finish()
    }
}

/// Configures a [`Client`]; [`Client::builder`] starts from the environment,
/// [`ClientBuilder::new`] from nothing.
pub struct ClientBuilder {
    http: Option<reqwest::Client>,
    base_url: String,
    api_key: Option<String>,
    organization: Option<String>,
    project: Option<String>,
    default_headers: HeaderMap,
    default_query: Vec<(String, String)>,
    retry: RetryPolicy,
    timeout: Duration,
    /// The first invalid setting, reported by `build`.
    invalid: Option<String>,
}

impl fmt::Debug for ClientBuilder {
    /// Never prints the API key.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("api_key", &if self.api_key.is_some() { "<redacted>" } else { "<none>" })
            .field("organization", &self.organization)
            .field("project", &self.project)
            .field("default_headers", &self.default_headers.keys().collect::<Vec<_>>())
            .field("default_query", &self.default_query)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .finish()
    }
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder::new()
    }
}

impl ClientBuilder {
    /// A builder that ignores the environment: the default base URL, no API
    /// key, no organization or project.
    pub fn new() -> ClientBuilder {
        ClientBuilder {
            http: None,
            base_url: DEFAULT_BASE_URL.to_owned(),
            api_key: None,
            organization: None,
            project: None,
            default_headers: HeaderMap::new(),
            default_query: Vec::new(),
            retry: RetryPolicy::default(),
            timeout: DEFAULT_TIMEOUT,
            invalid: None,
        }
    }
    /// The API key, sent as `Authorization: Bearer <key>`. An empty key sends
    /// no `Authorization` header (for providers that authenticate otherwise,
    /// through [`ClientBuilder::default_header`]).
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(key.into());
        self
    }
    /// The base URL (default [`DEFAULT_BASE_URL`]); operation paths are appended to it.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }
    /// The `OpenAI-Organization` header.
    pub fn organization(mut self, id: impl Into<String>) -> Self {
        self.organization = Some(id.into());
        self
    }
    /// The `OpenAI-Project` header.
    pub fn project(mut self, id: impl Into<String>) -> Self {
        self.project = Some(id.into());
        self
    }
    /// A header sent with every request (Azure's `api-key`, say).
    pub fn default_header(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        match header_pair(name.as_ref(), value.as_ref()) {
            Ok((name, value)) => {
                self.default_headers.insert(name, value);
            }
            Err(message) => {
                self.invalid.get_or_insert(message);
            }
        }
        self
    }
    /// A query parameter sent with every request (Azure's `api-version`, say).
    pub fn default_query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.default_query.push((name.into(), value.into()));
        self
    }
    /// The caller's own `reqwest::Client` (proxies, TLS, connection pools).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }
    /// The timeout of each attempt (default 600 s): until the response
    /// headers, and for bodies read whole (JSON, text) until the last byte.
    /// Streams and binary bodies are not cut once their headers arrived.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }
    /// Retries after the first attempt (default 2).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.retry.max_retries = retries;
        self
    }
    /// The whole retry policy (tests shorten its waits).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }
    /// The client, or [`Error::Config`] naming what is wrong: no API key, an
    /// invalid base URL or header, an HTTP client that cannot be built.
    pub fn build(self) -> Result<Client, Error> {
        if let Some(message) = self.invalid {
            return Err(Error::Config(message));
        }
        let Some(api_key) = self.api_key else {
            return Err(Error::Config(
                "no API key: set OPENAI_API_KEY or call ClientBuilder::api_key (an empty key sends none)".to_owned(),
            ));
        };
        let base_url = self.base_url.trim_end_matches('/').to_owned();
        match reqwest::Url::parse(&base_url) {
            Ok(url) if matches!(url.scheme(), "http" | "https") && !url.cannot_be_a_base() => {}
            Ok(_) => return Err(Error::Config(format!("the base URL `{base_url}` is not an http(s) URL"))),
            Err(error) => return Err(Error::Config(format!("invalid base URL `{base_url}`: {error}"))),
        }
        let mut base_headers = HeaderMap::new();
        if !api_key.is_empty() {
            let mut value = HeaderValue::from_str(&format!("Bearer {api_key}"))
                .map_err(|_| Error::Config("the API key is not a valid header value".to_owned()))?;
            value.set_sensitive(true);
            base_headers.insert(reqwest::header::AUTHORIZATION, value);
        }
        for (name, value) in [("openai-organization", &self.organization), ("openai-project", &self.project)] {
            if let Some(value) = value {
                let (name, value) = header_pair(name, value).map_err(Error::Config)?;
                base_headers.insert(name, value);
            }
        }
        for (name, value) in &self.default_headers {
            base_headers.insert(name.clone(), value.clone());
        }
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .build()
                .map_err(|error| Error::Config(format!("cannot build the HTTP client: {}", error_chain(&error))))?,
        };
        Ok(Client {
            inner: Arc::new(Config {
                http,
                base_url,
                has_api_key: !api_key.is_empty(),
                organization: self.organization,
                project: self.project,
                base_headers,
                default_query: self.default_query,
                retry: self.retry,
                timeout: self.timeout,
            }),
        })
    }
}

/// A header name and value, or why they are invalid.
fn header_pair(name: &str, value: &str) -> Result<(HeaderName, HeaderValue), String> {
    let header_name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| format!("invalid header name `{name}`"))?;
    let header_value = HeaderValue::from_str(value).map_err(|_| format!("invalid value for header `{name}`"))?;
    Ok((header_name, header_value))
}

// Calls ------------------------------------------------------------------------

/// One request, ready to send: `.await` it, or call [`Call::send_with_response`]
/// for the status and headers too. Per-request options are set on it.
///
/// `K` says how the response is read; `P` marks the operation whose typed
/// query and header setters the generated code adds to this type.
pub struct Call<K, P = ()> {
    client: Client,
    method: Method,
    path: String,
    query: Vec<(Cow<'static, str>, String)>,
    headers: HeaderMap,
    body: Body,
    /// Top-level properties merged into the JSON body (or added to the form) when sent.
    body_fields: serde_json::Map<String, Value>,
    timeout: Option<Duration>,
    max_retries: Option<u32>,
    /// The first invalid setting (a header, a body that does not serialize),
    /// reported by `send` as [`Error::Request`].
    invalid: Option<String>,
    marker: PhantomData<fn() -> (K, P)>,
}

impl<K, P> Clone for Call<K, P> {
    fn clone(&self) -> Self {
        Call {
            client: self.client.clone(),
            method: self.method.clone(),
            path: self.path.clone(),
            query: self.query.clone(),
            headers: self.headers.clone(),
            body: self.body.clone(),
            body_fields: self.body_fields.clone(),
            timeout: self.timeout,
            max_retries: self.max_retries,
            invalid: self.invalid.clone(),
            marker: PhantomData,
        }
    }
}

impl<K, P> fmt::Debug for Call<K, P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("headers", &self.headers)
            .field("body", &self.body)
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .finish_non_exhaustive()
    }
}

/// A request body.
#[derive(Clone, Debug)]
enum Body {
    Empty,
    Json(bytes::Bytes),
    Multipart(Form),
    Raw { bytes: bytes::Bytes, content_type: String },
}

impl<K: Decode, P> Call<K, P> {
    /// The same call, marked as operation `Q` (for its typed setters).
    pub fn operation<Q>(self) -> Call<K, Q> {
        self.retype()
    }

    /// The same call, its response read as `L` (a stream instead of JSON, say).
    pub fn decode_as<L: Decode>(self) -> Call<L, P> {
        self.retype()
    }

    /// The same call with other type parameters: everything but the marker moves over.
    fn retype<L, Q>(self) -> Call<L, Q> {
        Call {
            client: self.client,
            method: self.method,
            path: self.path,
            query: self.query,
            headers: self.headers,
            body: self.body,
            body_fields: self.body_fields,
            timeout: self.timeout,
            max_retries: self.max_retries,
            invalid: self.invalid,
            marker: PhantomData,
        }
    }

    /// A JSON body.
    pub fn json(mut self, body: &impl Serialize) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body = Body::Json(bytes.into()),
            Err(error) => self.invalid(format!("the JSON body cannot be serialized: {error}")),
        }
        self
    }
    /// Sets one top-level property of the JSON body (`stream: true`, or a
    /// field the types do not have yet), replacing one the body has. On a
    /// multipart body it adds a field, encoded as [`Form::json`] does.
    pub fn body_field(mut self, name: &str, value: impl Serialize) -> Self {
        match serde_json::to_value(value) {
            Ok(value) => {
                self.body_fields.insert(name.to_owned(), value);
            }
            Err(error) => self.invalid(format!("the body field `{name}` cannot be serialized: {error}")),
        }
        self
    }
    /// A `multipart/form-data` body, rebuilt on each retry.
    pub fn multipart(mut self, form: Form) -> Self {
        self.body = Body::Multipart(form);
        self
    }
    /// A body of another content type (`application/sdp`, say).
    pub fn raw_body(mut self, bytes: impl Into<bytes::Bytes>, content_type: &str) -> Self {
        self.body = Body::Raw { bytes: bytes.into(), content_type: content_type.to_owned() };
        self
    }
    /// Adds a query parameter (typed setters call this; so can users). A
    /// name given twice is sent twice.
    pub fn query(mut self, name: impl Into<Cow<'static, str>>, value: impl fmt::Display) -> Self {
        self.query.push((name.into(), value.to_string()));
        self
    }
    /// Sets a header for this request only, replacing a default one of that name.
    pub fn header(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        match header_pair(name.as_ref(), value.as_ref()) {
            Ok((name, value)) => {
                self.headers.insert(name, value);
            }
            Err(message) => self.invalid(message),
        }
        self
    }
    /// The timeout of this request (each attempt; see [`ClientBuilder::timeout`]).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }
    /// Retries of this request.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = Some(retries);
        self
    }
    /// Sends the request (with retries) and reads the response.
    pub async fn send(self) -> Result<K::Output, Error> {
        self.send_with_response().await.map(|response| response.body)
    }
    /// Like [`send`](Call::send), with the status, headers and request id.
    pub async fn send_with_response(self) -> Result<WithResponse<K::Output>, Error> {
        if let Some(message) = self.invalid {
            return Err(Error::Request(message));
        }
        let config = Arc::clone(&self.client.inner);
        let url = request_url(&config, &self.path, &self.query)?;
        let headers = request_headers(&config, K::ACCEPT, &self.headers);
        let body = merge_body_fields(self.body, self.body_fields)?;
        let timeout = self.timeout.unwrap_or(config.timeout);
        let max_retries = self.max_retries.unwrap_or(config.retry.max_retries);
        let mut retry = 0;
        let mut last_error: Option<Error> = None;
        loop {
            let request = match build_request(&config, &self.method, &url, &headers, &body).await {
                Ok(request) => request,
                Err(BuildFailure::StreamUsed(part)) if last_error.is_some() => {
                    let previous = last_error.map(|e| e.to_string()).unwrap_or_default();
                    return Err(Error::Request(format!(
                        "cannot retry: the file part `{part}` came from a stream, which cannot be sent twice \
                         (read it into bytes or give a path to have it retried); the failed attempt: {previous}"
                    )));
                }
                Err(failure) => return Err(failure.into_error()),
            };
            let failure = match attempt::<K>(&config, request, timeout).await {
                Ok(response) => return Ok(response),
                Err(failure) => failure,
            };
            if !failure.retry || retry >= max_retries {
                return Err(failure.error);
            }
            tokio::time::sleep(config.retry.delay(retry, failure.headers.as_ref())).await;
            retry += 1;
            last_error = Some(failure.error);
        }
    }

    fn invalid(&mut self, message: String) {
        self.invalid.get_or_insert(message);
    }
}

impl<K: Decode, P> IntoFuture for Call<K, P>
where
    P: 'static,
{
    type Output = Result<K::Output, Error>;
    type IntoFuture = BoxFuture<Self::Output>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// The base URL, the path, the default query and the call's query.
fn request_url(config: &Config, path: &str, query: &[(Cow<'static, str>, String)]) -> Result<reqwest::Url, Error> {
    let separator = if path.starts_with('/') { "" } else { "/" };
    let text = format!("{}{separator}{path}", config.base_url);
    let mut url = reqwest::Url::parse(&text).map_err(|error| Error::Request(format!("invalid URL `{text}`: {error}")))?;
    if !config.default_query.is_empty() || !query.is_empty() {
        let mut pairs = url.query_pairs_mut();
        for (name, value) in &config.default_query {
            pairs.append_pair(name, value);
        }
        for (name, value) in query {
            pairs.append_pair(name, value);
        }
    }
    Ok(url)
}

/// The client's headers, `Accept`, then the call's own (which win).
fn request_headers(config: &Config, accept: &'static str, call_headers: &HeaderMap) -> HeaderMap {
    let mut headers = config.base_headers.clone();
    headers.insert(reqwest::header::ACCEPT, HeaderValue::from_static(accept));
    for (name, value) in call_headers {
        headers.insert(name.clone(), value.clone());
    }
    headers
}

/// The body with the `body_field`s merged in.
fn merge_body_fields(body: Body, fields: serde_json::Map<String, Value>) -> Result<Body, Error> {
    if fields.is_empty() {
        return Ok(body);
    }
    match body {
        Body::Empty => Ok(Body::Json(json_bytes(&Value::Object(fields))?)),
        Body::Json(bytes) => match serde_json::from_slice::<Value>(&bytes) {
            Ok(Value::Object(mut object)) => {
                object.extend(fields);
                Ok(Body::Json(json_bytes(&Value::Object(object))?))
            }
            _ => Err(Error::Request("body_field needs a JSON object body".to_owned())),
        },
        Body::Multipart(mut form) => {
            for (name, value) in &fields {
                form = form.json(name, value);
            }
            Ok(Body::Multipart(form))
        }
        Body::Raw { .. } => Err(Error::Request("body_field cannot add to a raw body".to_owned())),
    }
}

fn json_bytes(value: &Value) -> Result<bytes::Bytes, Error> {
    serde_json::to_vec(value)
        .map(Into::into)
        .map_err(|error| Error::Request(format!("the JSON body cannot be serialized: {error}")))
}

/// Why a request could not be built for an attempt.
enum BuildFailure {
    /// A stream file part was sent already (by an earlier attempt).
    StreamUsed(String),
    Other(Error),
}

impl BuildFailure {
    fn into_error(self) -> Error {
        match self {
            BuildFailure::StreamUsed(part) => Error::Request(format!(
                "the file part `{part}` came from a stream that was sent already; a stream can be sent once"
            )),
            BuildFailure::Other(error) => error,
        }
    }
}

/// One attempt's request; a multipart body is built anew (files read again).
async fn build_request(
    config: &Config,
    method: &Method,
    url: &reqwest::Url,
    headers: &HeaderMap,
    body: &Body,
) -> Result<reqwest::Request, BuildFailure> {
    let mut builder = config.http.request(method.clone(), url.clone()).headers(headers.clone());
    match body {
        Body::Empty => {}
        Body::Json(bytes) => {
            builder = builder.header(reqwest::header::CONTENT_TYPE, "application/json").body(bytes.clone());
        }
        Body::Raw { bytes, content_type } => {
            builder = builder.header(reqwest::header::CONTENT_TYPE, content_type.as_str()).body(bytes.clone());
        }
        Body::Multipart(form) => builder = builder.multipart(form.build().await?),
    }
    builder
        .build()
        .map_err(|error| BuildFailure::Other(Error::Request(format!("cannot build the request: {}", error_chain(&error)))))
}

/// A failed attempt: the error, whether it may be retried, and the response
/// headers (for `retry-after`).
struct Failure {
    error: Error,
    retry: bool,
    headers: Option<HeaderMap>,
}

/// Sends one attempt and reads its response.
async fn attempt<K: Decode>(
    config: &Config,
    request: reqwest::Request,
    timeout: Duration,
) -> Result<WithResponse<K::Output>, Failure> {
    let deadline = tokio::time::Instant::now() + timeout;
    let lost = |error: Error| Failure { error, retry: true, headers: None };
    let response = match tokio::time::timeout_at(deadline, config.http.execute(request)).await {
        Err(_elapsed) => return Err(lost(Error::Timeout)),
        Ok(Err(error)) => return Err(lost(transport(error))),
        Ok(Ok(response)) => response,
    };
    let status = response.status();
    let headers = response.headers().clone();
    if !status.is_success() {
        // A body that cannot be read still leaves the status to report.
        let body = match tokio::time::timeout_at(deadline, response.bytes()).await {
            Ok(Ok(bytes)) => bytes,
            _ => bytes::Bytes::new(),
        };
        let error = ApiError::from_response(status, &headers, &body);
        let retry = match headers.get("x-should-retry").map(HeaderValue::as_bytes) {
            Some(b"true") => true,
            Some(b"false") => false,
            _ => error.is_retryable(),
        };
        return Err(Failure { error: Error::Api(Box::new(error)), retry, headers: Some(headers) });
    }
    let request_id = request_id(&headers);
    match tokio::time::timeout_at(deadline, K::decode(response)).await {
        Err(_elapsed) => Err(lost(Error::Timeout)),
        // The body broke off or timed out: the request may be tried again.
        Ok(Err(error @ (Error::Transport(_) | Error::Timeout))) => Err(lost(error)),
        Ok(Err(error)) => Err(Failure { error, retry: false, headers: None }),
        Ok(Ok(body)) => Ok(WithResponse { status, headers, request_id, body }),
    }
}

fn request_id(headers: &HeaderMap) -> Option<String> {
    headers.get("x-request-id").and_then(|v| v.to_str().ok()).map(str::to_owned)
}

/// A transport error, or [`Error::Timeout`] when it is reqwest's own timeout.
fn transport(error: reqwest::Error) -> Error {
    if error.is_timeout() {
        Error::Timeout
    } else {
        Error::Transport(error)
    }
}

/// An error and its sources, `: `-separated (reqwest's own message is only
/// the outermost, "error sending request").
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

/// A response body with the response's metadata.
#[derive(Clone, Debug)]
pub struct WithResponse<T> {
    pub status: StatusCode,
    pub headers: HeaderMap,
    /// `x-request-id`.
    pub request_id: Option<String>,
    pub body: T,
}

/// Percent-encodes one path segment (a path parameter): everything but
/// RFC 3986's unreserved characters, so `/`, `?` and `#` stay inside it.
pub fn path_segment(value: &str) -> Cow<'_, str> {
    // Unreserved characters, and `:` and `@`, which a segment may hold as
    // they are (RFC 3986 `pchar`): fine-tuned model ids are `ft:gpt-4o:org:..`.
    let unreserved = |byte: u8| byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b':' | b'@');
    if value.bytes().all(unreserved) {
        return Cow::Borrowed(value);
    }
    let mut encoded = String::with_capacity(value.len() * 3);
    for byte in value.bytes() {
        if unreserved(byte) {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    Cow::Owned(encoded)
}

// Response kinds ----------------------------------------------------------------

/// How a response body is read.
pub trait Decode: Send + 'static {
    type Output: Send + 'static;
    /// The `Accept` header sent.
    const ACCEPT: &'static str;
    /// Reads a successful response (error statuses never reach it).
    fn decode(response: reqwest::Response) -> BoxFuture<Result<Self::Output, Error>>;
}

/// A JSON body, read into `T`.
pub struct Json<T>(PhantomData<fn() -> T>);
/// A stream of server-sent events, each `data` read into `E`.
pub struct Sse<E>(PhantomData<fn() -> E>);
/// A stream of server-sent events whose `event:` name is part of the type
/// (`AssistantStreamEvent`): each is read into `E` as
/// `{"event": <name>, "data": <data>}`.
pub struct NamedSse<E>(PhantomData<fn() -> E>);
/// Binary content ([`BinaryResponse`]).
pub struct Bytes;
/// A text body.
pub struct Text;
/// No body expected (its bytes are read and ignored, so the connection can be reused).
pub struct Empty;

impl<T: DeserializeOwned + Send + 'static> Decode for Json<T> {
    type Output = T;
    const ACCEPT: &'static str = "application/json";
    fn decode(response: reqwest::Response) -> BoxFuture<Result<T, Error>> {
        Box::pin(async move {
            let bytes = response.bytes().await.map_err(transport)?;
            decode_json(&bytes)
        })
    }
}

/// Reads JSON into `T`; a failure names its JSON path and keeps the body.
pub fn decode_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Error> {
    let failure = |path: String, message: String| {
        Error::Decode(DecodeError { path, message, body: String::from_utf8_lossy(bytes).into_owned() })
    };
    // Tracking the path costs an allocation per key: only a failed read is
    // read again to find where it failed.
    let error = match serde_json::from_slice(bytes) {
        Ok(value) => return Ok(value),
        Err(error) => error,
    };
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Err(traced) => Err(failure(traced.path().to_string(), traced.inner().to_string())),
        // Only trailing characters fail the plain read but not the traced one.
        Ok(_) => Err(failure(String::new(), error.to_string())),
    }
}

impl<E: DeserializeOwned + Send + 'static> Decode for Sse<E> {
    type Output = EventStream<E>;
    const ACCEPT: &'static str = "text/event-stream";
    fn decode(response: reqwest::Response) -> BoxFuture<Result<EventStream<E>, Error>> {
        Box::pin(async move { Ok(EventStream::new(response, false)) })
    }
}

impl<E: DeserializeOwned + Send + 'static> Decode for NamedSse<E> {
    type Output = EventStream<E>;
    const ACCEPT: &'static str = "text/event-stream";
    fn decode(response: reqwest::Response) -> BoxFuture<Result<EventStream<E>, Error>> {
        Box::pin(async move { Ok(EventStream::new(response, true)) })
    }
}

impl Decode for Bytes {
    type Output = BinaryResponse;
    const ACCEPT: &'static str = "*/*";
    fn decode(response: reqwest::Response) -> BoxFuture<Result<BinaryResponse, Error>> {
        Box::pin(async move { Ok(BinaryResponse { response }) })
    }
}

impl Decode for Text {
    type Output = String;
    const ACCEPT: &'static str = "text/plain";
    fn decode(response: reqwest::Response) -> BoxFuture<Result<String, Error>> {
        Box::pin(async move { response.text().await.map_err(transport) })
    }
}

impl Decode for Empty {
    type Output = ();
    const ACCEPT: &'static str = "*/*";
    fn decode(response: reqwest::Response) -> BoxFuture<Result<(), Error>> {
        Box::pin(async move { response.bytes().await.map(drop).map_err(transport) })
    }
}

// Server-sent events ----------------------------------------------------------------

/// A typed stream of server-sent events; dropping it closes the connection.
///
/// Each event's `data` is read into `E` (an event the types do not know is
/// `E`'s business: the generated unions keep it as their unknown variant).
/// `data: [DONE]` ends the stream; comments (keep-alives) and events without
/// data are skipped. An error sent inside the stream (an `error` event, data
/// holding an `error` object, or data whose `type` is `"error"`) is an `Err`
/// item with the [`ApiError`] (its status is the stream's, 200); so is data
/// that does not match `E`, and the stream goes on. A broken connection is
/// an `Err` item, then the end.
pub struct EventStream<E> {
    body: Option<BodyStream>,
    parser: SseParser,
    named: bool,
    status: StatusCode,
    request_id: Option<String>,
    marker: PhantomData<fn() -> E>,
}

impl<E> EventStream<E> {
    fn new(response: reqwest::Response, named: bool) -> EventStream<E> {
        EventStream {
            status: response.status(),
            request_id: request_id(response.headers()),
            body: Some(Box::pin(response.bytes_stream())),
            parser: SseParser::default(),
            named,
            marker: PhantomData,
        }
    }

    /// The response's `x-request-id`.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// Ends the stream: the body is dropped, closing the connection.
    fn finish(&mut self) {
        self.body = None;
        self.parser = SseParser::default();
    }
}

impl<E> fmt::Debug for EventStream<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream")
            .field("open", &self.body.is_some())
            .field("request_id", &self.request_id)
            .finish_non_exhaustive()
    }
}

impl<E: DeserializeOwned> EventStream<E> {
    /// What one dispatched event becomes: an item, or the end (`None`).
    fn item(&self, event: SseEvent) -> Option<Result<E, Error>> {
        if event.data == "[DONE]" {
            return None;
        }
        if event.name == "error" {
            return Some(Err(Error::Api(Box::new(ApiError::from_stream(self.status, self.request_id.clone(), &event.data)))));
        }
        // Only data that holds an `"error"` key or value is looked at twice.
        if event.data.contains("\"error\"") {
            if let Ok(Value::Object(object)) = serde_json::from_str::<Value>(&event.data) {
                let has_error = object.get("error").is_some_and(Value::is_object);
                if has_error || object.get("type").and_then(Value::as_str) == Some("error") {
                    return Some(Err(Error::Api(Box::new(ApiError::from_stream(self.status, self.request_id.clone(), &event.data)))));
                }
            }
        }
        if self.named {
            let name = if event.name.is_empty() { "message" } else { &event.name };
            let wrapped = format!("{{\"event\":{},\"data\":{}}}", Value::from(name), event.data);
            return Some(decode_json(wrapped.as_bytes()));
        }
        Some(decode_json(event.data.as_bytes()))
    }
}

impl<E: DeserializeOwned> futures_core::Stream for EventStream<E> {
    type Item = Result<E, Error>;
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(event) = this.parser.next_event() {
                match this.item(event) {
                    Some(item) => return Poll::Ready(Some(item)),
                    None => {
                        this.finish();
                        return Poll::Ready(None);
                    }
                }
            }
            let Some(body) = this.body.as_mut() else {
                return Poll::Ready(None);
            };
            match body.as_mut().poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Ok(chunk))) => this.parser.push(&chunk),
                Poll::Ready(Some(Err(error))) => {
                    this.finish();
                    return Poll::Ready(Some(Err(transport(error))));
                }
                Poll::Ready(None) => {
                    this.body = None;
                    this.parser.end();
                    if let Some(event) = this.parser.next_event() {
                        if let Some(item) = this.item(event) {
                            return Poll::Ready(Some(item));
                        }
                    }
                    if let Some(partial) = this.parser.take_partial() {
                        return Poll::Ready(Some(Err(Error::Decode(DecodeError {
                            path: String::new(),
                            message: "the stream ended inside an event".to_owned(),
                            body: partial,
                        }))));
                    }
                    return Poll::Ready(None);
                }
            }
        }
    }
}

/// One dispatched server-sent event.
#[derive(Debug, PartialEq)]
struct SseEvent {
    /// The `event:` field (empty when absent).
    name: String,
    /// The `data:` lines joined with `\n`.
    data: String,
}

/// The event-stream format (WHATWG HTML, "Interpreting an event stream"),
/// fed bytes as they arrive. Lines are split on bytes (CR, LF, CRLF), never
/// inside a UTF-8 character, and decoded once whole, so chunks may split the
/// stream at any byte.
#[derive(Default)]
struct SseParser {
    buffer: Vec<u8>,
    /// Where the unread part of `buffer` starts.
    start: usize,
    /// Whether the leading byte-order mark was looked for.
    bom_checked: bool,
    /// No more bytes will come: a CR at the very end ends its line.
    ended: bool,
    name: String,
    data: String,
    /// Whether a field line of the current event was read (for `take_partial`).
    pending: bool,
}

impl SseParser {
    fn push(&mut self, chunk: &[u8]) {
        if self.start > 0 {
            self.buffer.drain(..self.start);
            self.start = 0;
        }
        self.buffer.extend_from_slice(chunk);
        if !self.bom_checked && self.buffer.len() >= 3 {
            self.bom_checked = true;
            if self.buffer.starts_with(b"\xEF\xBB\xBF") {
                self.start = 3;
            }
        }
    }

    fn end(&mut self) {
        self.ended = true;
    }

    /// The next complete event in the buffer.
    fn next_event(&mut self) -> Option<SseEvent> {
        while let Some((line_end, next)) = self.next_line_end() {
            // Fields are ASCII: the line is split on bytes and only the
            // value decoded (borrowed when it is valid UTF-8, as it is).
            let line = &self.buffer[self.start..line_end];
            self.start = next;
            if line.is_empty() {
                self.pending = false;
                let name = std::mem::take(&mut self.name);
                if self.data.is_empty() {
                    continue;
                }
                let mut data = std::mem::take(&mut self.data);
                data.pop(); // the `\n` after the last data line
                return Some(SseEvent { name, data });
            }
            if line[0] == b':' {
                continue; // a comment, used as a keep-alive
            }
            self.pending = true;
            let (field, value) = match line.iter().position(|&b| b == b':') {
                Some(colon) => {
                    let value = &line[colon + 1..];
                    (&line[..colon], value.strip_prefix(b" ").unwrap_or(value))
                }
                None => (line, &[][..]),
            };
            match field {
                b"event" => self.name = String::from_utf8_lossy(value).into_owned(),
                b"data" => {
                    self.data.push_str(&String::from_utf8_lossy(value));
                    self.data.push('\n');
                }
                _ => {} // `id`, `retry` and unknown fields mean nothing here
            }
        }
        None
    }

    /// The end of the next line and where the line after it starts.
    fn next_line_end(&self) -> Option<(usize, usize)> {
        let rest = &self.buffer[self.start..];
        let offset = rest.iter().position(|&b| b == b'\n' || b == b'\r')?;
        let end = self.start + offset;
        if self.buffer[end] == b'\n' {
            return Some((end, end + 1));
        }
        match self.buffer.get(end + 1) {
            Some(b'\n') => Some((end, end + 2)),
            Some(_) => Some((end, end + 1)),
            // A CR last in the buffer: its LF may be in the next chunk.
            None if self.ended => Some((end, end + 1)),
            None => None,
        }
    }

    /// What is left of an event the stream did not finish, if anything.
    fn take_partial(&mut self) -> Option<String> {
        let rest = &self.buffer[self.start..];
        if !self.pending && rest.iter().all(|b| b.is_ascii_whitespace()) {
            return None;
        }
        let mut partial = std::mem::take(&mut self.data);
        partial.push_str(&String::from_utf8_lossy(rest));
        *self = SseParser::default();
        Some(partial)
    }
}

// Binary responses --------------------------------------------------------------------

/// Binary content: read it whole, as a stream, or into a file.
pub struct BinaryResponse {
    response: reqwest::Response,
}

impl fmt::Debug for BinaryResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BinaryResponse")
            .field("status", &self.response.status())
            .field("content_type", &self.content_type())
            .field("content_length", &self.response.content_length())
            .finish()
    }
}

impl BinaryResponse {
    /// The `Content-Type` header.
    pub fn content_type(&self) -> Option<&str> {
        self.response.headers().get(reqwest::header::CONTENT_TYPE).and_then(|v| v.to_str().ok())
    }
    /// The `Content-Length` header, when the server sent one.
    pub fn content_length(&self) -> Option<u64> {
        self.response.content_length()
    }
    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        self.response.headers()
    }
    /// The whole body in memory.
    pub async fn bytes(self) -> Result<bytes::Bytes, Error> {
        self.response.bytes().await.map_err(transport)
    }
    /// The body as it arrives; dropping the stream closes the connection.
    pub fn bytes_stream(self) -> impl futures_core::Stream<Item = Result<bytes::Bytes, Error>> + Send {
        use futures_util::StreamExt;
        self.response.bytes_stream().map(|chunk| chunk.map_err(transport))
    }
    /// Streams the body into a file (created or truncated), chunk by chunk;
    /// returns the number of bytes written. On failure the partial file is removed.
    pub async fn save_to(self, path: impl AsRef<std::path::Path>) -> Result<u64, Error> {
        let path = path.as_ref();
        let written = self.write_file(path).await;
        if written.is_err() {
            let _ = tokio::fs::remove_file(path).await;
        }
        written
    }

    async fn write_file(mut self, path: &std::path::Path) -> Result<u64, Error> {
        use tokio::io::AsyncWriteExt;
        let io_error = |error: std::io::Error| Error::Io(std::io::Error::new(error.kind(), format!("{}: {error}", path.display())));
        let mut file = tokio::fs::File::create(path).await.map_err(io_error)?;
        let mut written = 0u64;
        while let Some(chunk) = self.response.chunk().await.map_err(transport)? {
            file.write_all(&chunk).await.map_err(io_error)?;
            written += chunk.len() as u64;
        }
        file.flush().await.map_err(io_error)?;
        Ok(written)
    }
}

// Pages ---------------------------------------------------------------------------

/// A page of a cursor-paged list (`data`, `has_more`, `last_id`): implemented
/// by the generated list types.
pub trait Page: DeserializeOwned + Send + 'static {
    type Item: Send + 'static;
    /// The items of this page, in order.
    fn into_items(self) -> Vec<Self::Item>;
    /// Whether the server has more items after this page.
    fn has_more(&self) -> bool;
    /// The cursor of the next page (`after`): `last_id`, else the last item's id.
    fn next_cursor(&self) -> Option<String>;
}

impl<T: Page, P> Call<Json<T>, P> {
    /// Every item of every page, fetching the next page only when the
    /// previous one is used up; stops on `has_more: false` (or a page with
    /// no items or no cursor). Set the page size with the call's `limit`.
    /// Each page is requested with the call's `after` replaced by the
    /// previous page's cursor; a failed page is an `Err` item, then the end.
    pub fn items(self) -> Paginator<T> {
        Paginator { call: self.operation(), items: VecDeque::new(), next: None, cursor: None, done: false }
    }
}

/// The items of a paged list, page after page.
pub struct Paginator<T: Page> {
    call: Call<Json<T>>,
    items: VecDeque<T::Item>,
    next: Option<BoxFuture<Result<T, Error>>>,
    cursor: Option<String>,
    done: bool,
}

// Nothing is pinned in place: the page future is boxed.
impl<T: Page> Unpin for Paginator<T> {}

impl<T: Page> fmt::Debug for Paginator<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Paginator")
            .field("call", &self.call)
            .field("buffered", &self.items.len())
            .field("cursor", &self.cursor)
            .field("done", &self.done)
            .finish()
    }
}

impl<T: Page> futures_core::Stream for Paginator<T> {
    type Item = Result<T::Item, Error>;
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.items.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            if this.done {
                return Poll::Ready(None);
            }
            let next = this.next.get_or_insert_with(|| {
                let mut call = this.call.clone();
                if let Some(cursor) = this.cursor.take() {
                    call.query.retain(|(name, _)| name != "after");
                    call.query.push((Cow::Borrowed("after"), cursor));
                }
                Box::pin(call.send())
            });
            let page = match next.as_mut().poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(page) => page,
            };
            this.next = None;
            match page {
                Err(error) => {
                    this.done = true;
                    return Poll::Ready(Some(Err(error)));
                }
                Ok(page) => {
                    let more = page.has_more();
                    let cursor = page.next_cursor();
                    let items = page.into_items();
                    if !more || cursor.is_none() || items.is_empty() {
                        this.done = true;
                    }
                    this.cursor = cursor;
                    this.items.extend(items);
                }
            }
        }
    }
}

// Multipart -------------------------------------------------------------------------

/// A `multipart/form-data` body, described so that it can be rebuilt for each
/// retry. The generated request types build theirs with [`Form::text`],
/// [`Form::json`] and [`Form::file`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Form {
    parts: Vec<(String, FormPart)>,
    /// The first value that could not be encoded, reported when sent.
    invalid: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
enum FormPart {
    Text(String),
    File(crate::runtime::Binary),
}

impl Form {
    pub fn new() -> Form {
        Form::default()
    }
    /// A text field.
    pub fn text(mut self, name: &str, value: impl fmt::Display) -> Self {
        self.parts.push((name.to_owned(), FormPart::Text(value.to_string())));
        self
    }
    /// A field holding a JSON value, encoded as the official SDKs do (and as
    /// the API's own `curl` examples write them): strings as they are,
    /// numbers and booleans as text, arrays as repeated `name[]` fields,
    /// objects as one `name[key]` field per property, recursively
    /// (`expires_after[anchor]`, `expires_after[seconds]`); `null` sends nothing.
    pub fn json(mut self, name: &str, value: &impl Serialize) -> Self {
        match serde_json::to_value(value) {
            Ok(value) => self.push_value(name.to_owned(), &value),
            Err(error) => {
                self.invalid.get_or_insert(format!("the form field `{name}` cannot be serialized: {error}"));
            }
        }
        self
    }
    /// A file part: its content, file name (default: the path's, else the
    /// field name) and content type (default `application/octet-stream`).
    pub fn file(mut self, name: &str, file: &crate::runtime::Binary) -> Self {
        self.parts.push((name.to_owned(), FormPart::File(file.clone())));
        self
    }

    fn push_value(&mut self, name: String, value: &Value) {
        match value {
            Value::Null => {}
            Value::Bool(flag) => self.parts.push((name, FormPart::Text(flag.to_string()))),
            Value::Number(number) => self.parts.push((name, FormPart::Text(number.to_string()))),
            Value::String(text) => self.parts.push((name, FormPart::Text(text.clone()))),
            Value::Array(items) => {
                for item in items {
                    self.push_value(format!("{name}[]"), item);
                }
            }
            Value::Object(object) => {
                for (key, item) in object {
                    self.push_value(format!("{name}[{key}]"), item);
                }
            }
        }
    }

    /// The form for one attempt: files from paths are read now.
    async fn build(&self) -> Result<reqwest::multipart::Form, BuildFailure> {
        if let Some(message) = &self.invalid {
            return Err(BuildFailure::Other(Error::Request(message.clone())));
        }
        let mut form = reqwest::multipart::Form::new();
        for (name, part) in &self.parts {
            match part {
                FormPart::Text(text) => form = form.text(name.clone(), text.clone()),
                FormPart::File(file) => {
                    let (body, length) = file.to_body().await.map_err(|error| match error {
                        crate::runtime::BinaryError::StreamUsed => BuildFailure::StreamUsed(name.clone()),
                        crate::runtime::BinaryError::Read(path, error) => BuildFailure::Other(Error::Io(std::io::Error::new(
                            error.kind(),
                            format!("cannot read the file part `{name}` from {}: {error}", path.display()),
                        ))),
                    })?;
                    let part = match length {
                        Some(length) => reqwest::multipart::Part::stream_with_length(body, length),
                        None => reqwest::multipart::Part::stream(body),
                    };
                    let content_type = file.get_content_type().unwrap_or("application/octet-stream");
                    let part = part
                        .file_name(file.get_file_name().unwrap_or_else(|| name.clone()))
                        .mime_str(content_type)
                        .map_err(|_| BuildFailure::Other(Error::Request(format!("invalid content type `{content_type}` of the file part `{name}`"))))?;
                    form = form.part(name.clone(), part);
                }
            }
        }
        Ok(form)
    }
}

/// A request type sent as `multipart/form-data`: implemented by the generated code.
pub trait Multipart {
    fn to_form(&self) -> Form;
}

// Errors ------------------------------------------------------------------------------

/// Everything a call can fail with.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with an error status (or sent an error inside a
    /// stream); boxed, as it is much larger than the other variants.
    Api(Box<ApiError>),
    /// The connection failed (refused, reset, TLS, a body cut off).
    Transport(reqwest::Error),
    /// No answer in time.
    Timeout,
    /// The body does not match its type.
    Decode(DecodeError),
    /// The request could not be built (body encoding, invalid header, a
    /// stream file part needed twice).
    Request(String),
    /// The client is misconfigured (no API key, bad base URL).
    Config(String),
    /// A local file could not be read (a file part) or written ([`BinaryResponse::save_to`]).
    Io(std::io::Error),
}

impl Error {
    /// The HTTP status of an API error.
    pub fn status(&self) -> Option<StatusCode> {
        self.api().map(|error| error.status)
    }
    /// The API's error, if that is what this is.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(error) => Some(error),
            _ => None,
        }
    }
    /// The `x-request-id` of an API error (quote it to OpenAI's support).
    pub fn request_id(&self) -> Option<&str> {
        self.api().and_then(|error| error.request_id.as_deref())
    }
    /// Whether the retry policy retries this error (before `x-should-retry`):
    /// connection errors, timeouts, and the retryable API statuses.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Transport(_) | Error::Timeout => true,
            Error::Api(error) => error.is_retryable(),
            _ => false,
        }
    }
    /// Whether no answer came in time.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(error) => fmt::Display::fmt(error, f),
            Error::Transport(error) => write!(f, "connection failed: {}", error_chain(error)),
            Error::Timeout => f.write_str("the request timed out"),
            Error::Decode(error) => fmt::Display::fmt(error, f),
            Error::Request(message) => write!(f, "invalid request: {message}"),
            Error::Config(message) => write!(f, "invalid client configuration: {message}"),
            Error::Io(error) => write!(f, "file error: {error}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(error) => Some(error),
            Error::Io(error) => Some(error),
            _ => None,
        }
    }
}

/// An error answer of the API.
#[derive(Clone, Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
    /// The error's `type` (`invalid_request_error`, ...).
    pub kind: Option<String>,
    pub param: Option<String>,
    pub code: Option<String>,
    pub request_id: Option<String>,
    /// The raw body when it is not the API's JSON error.
    pub body: Option<String>,
    /// The response headers (rate-limit headers such as `x-ratelimit-reset-requests`).
    pub headers: HeaderMap,
}

impl ApiError {
    /// Reads an error response: `{"error": {"message", "type", "param", "code"}}`.
    fn from_response(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> ApiError {
        let mut error = ApiError {
            status,
            message: String::new(),
            kind: None,
            param: None,
            code: None,
            request_id: request_id(headers),
            body: None,
            headers: headers.clone(),
        };
        let parsed = match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(object)) => match object.get("error") {
                Some(Value::Object(inner)) => error.read_fields(inner),
                _ => error.read_fields(&object),
            },
            _ => false,
        };
        if !parsed {
            error.message = status.canonical_reason().unwrap_or("error").to_owned();
            error.body = (!body.is_empty()).then(|| String::from_utf8_lossy(body).into_owned());
        }
        error
    }

    /// Reads an error sent inside a stream: an `error` object, or the event itself.
    fn from_stream(status: StatusCode, request_id: Option<String>, data: &str) -> ApiError {
        let mut error = ApiError {
            status,
            message: String::new(),
            kind: None,
            param: None,
            code: None,
            request_id,
            body: None,
            headers: HeaderMap::new(),
        };
        let parsed = match serde_json::from_str::<Value>(data) {
            Ok(Value::Object(object)) => match object.get("error") {
                Some(Value::Object(inner)) => error.read_fields(inner),
                _ => error.read_fields(&object),
            },
            _ => false,
        };
        if !parsed {
            error.message = data.to_owned();
            error.body = Some(data.to_owned());
        }
        error
    }

    /// Takes `message`, `type`, `param` and `code`; false when there is no message.
    fn read_fields(&mut self, object: &serde_json::Map<String, Value>) -> bool {
        let text = |name: &str| match object.get(name) {
            Some(Value::String(text)) => Some(text.clone()),
            Some(Value::Number(number)) => Some(number.to_string()),
            _ => None,
        };
        let Some(message) = text("message") else {
            return false;
        };
        self.message = message;
        self.kind = text("type");
        self.param = text("param");
        self.code = text("code");
        true
    }

    /// 400.
    pub fn is_bad_request(&self) -> bool {
        self.status == StatusCode::BAD_REQUEST
    }
    /// 401: the API key is missing, wrong or revoked.
    pub fn is_authentication(&self) -> bool {
        self.status == StatusCode::UNAUTHORIZED
    }
    /// 403.
    pub fn is_permission_denied(&self) -> bool {
        self.status == StatusCode::FORBIDDEN
    }
    /// 404.
    pub fn is_not_found(&self) -> bool {
        self.status == StatusCode::NOT_FOUND
    }
    /// 409.
    pub fn is_conflict(&self) -> bool {
        self.status == StatusCode::CONFLICT
    }
    /// 422.
    pub fn is_unprocessable(&self) -> bool {
        self.status == StatusCode::UNPROCESSABLE_ENTITY
    }
    /// 429 (including an exhausted quota, see [`ApiError::is_insufficient_quota`]).
    pub fn is_rate_limit(&self) -> bool {
        self.status == StatusCode::TOO_MANY_REQUESTS
    }
    /// 429 with code `insufficient_quota`: waiting does not help.
    pub fn is_insufficient_quota(&self) -> bool {
        self.is_rate_limit() && self.code.as_deref() == Some("insufficient_quota")
    }
    /// 5xx.
    pub fn is_server_error(&self) -> bool {
        self.status.is_server_error()
    }
    /// 408, 409, 429 (not `insufficient_quota`) and 5xx, as the official SDKs.
    pub fn is_retryable(&self) -> bool {
        let status = self.status.as_u16();
        (matches!(status, 408 | 409 | 429) || self.is_server_error()) && !self.is_insufficient_quota()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "API error {}: {}", self.status, self.message)?;
        let details: Vec<String> = [("type", &self.kind), ("code", &self.code), ("param", &self.param)]
            .into_iter()
            .filter_map(|(label, value)| value.as_ref().map(|value| format!("{label} {value}")))
            .collect();
        if !details.is_empty() {
            write!(f, " ({})", details.join(", "))?;
        }
        if let Some(body) = &self.body {
            let mut shown: String = body.chars().take(200).collect();
            if shown.len() < body.len() {
                shown.push_str("...");
            }
            write!(f, "; body: {shown}")?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " [request id {id}]")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// A body that does not match its type.
#[derive(Debug)]
pub struct DecodeError {
    /// JSON path of the failure (`choices[0].message`).
    pub path: String,
    pub message: String,
    pub body: String,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() || self.path == "." {
            write!(f, "cannot read the response: {}", self.message)
        } else {
            write!(f, "cannot read the response at `{}`: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for DecodeError {}

//! The HTTP client's runtime, written once by hand and copied into every
//! generated crate as `client::http`: configuration, requests, retries,
//! errors, server-sent events, pages, multipart forms and binary bodies.
//!
//! The generated `client` module only spells operations: each method builds
//! a [`Call`] (method, path, query, body) and names how its response is read
//! ([`Json`], [`Sse`], [`Bytes`], [`Text`], [`Empty`]). Everything else lives here.
//!
//! CONTRACT (skeleton): the signatures below are what the generated code
//! calls; bodies marked `todo!` are being written.

#![allow(dead_code, unused_variables)]

use std::borrow::Cow;
use std::fmt;
use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use serde::de::DeserializeOwned;
use serde::Serialize;

pub use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
pub use reqwest::{Method, StatusCode};

/// The default base URL, overridden by `OPENAI_BASE_URL` or [`ClientBuilder::base_url`].
pub const DEFAULT_BASE_URL: &str = "https://api.openai.com/v1";

/// A boxed future, as returned by [`Call`]'s `IntoFuture`.
pub type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;

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
    api_key: Option<String>,
    organization: Option<String>,
    project: Option<String>,
    default_headers: HeaderMap,
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
    /// The longest `retry-after` / `retry-after-ms` honoured (default 60 s).
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

impl Client {
    /// A client configured from the environment: `OPENAI_API_KEY`,
    /// `OPENAI_BASE_URL`, `OPENAI_ORG_ID`, `OPENAI_PROJECT_ID`.
    pub fn new() -> Result<Client, Error> {
        Client::builder().build()
    }

    /// A builder that starts from the environment.
    pub fn builder() -> ClientBuilder {
        todo!()
    }

    /// Starts a request to `path` (relative to the base URL). Used by the
    /// generated methods; also the way to call an endpoint they do not have.
    pub fn request<K: Decode>(&self, method: Method, path: impl Into<String>) -> Call<K> {
        todo!()
    }
}

impl fmt::Debug for Client {
    /// Never prints the API key.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        todo!()
    }
}

/// Configures a [`Client`].
pub struct ClientBuilder {
    config: Config,
}

impl ClientBuilder {
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        todo!()
    }
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        todo!()
    }
    pub fn organization(mut self, id: impl Into<String>) -> Self {
        todo!()
    }
    pub fn project(mut self, id: impl Into<String>) -> Self {
        todo!()
    }
    /// A header sent with every request (Azure's `api-key`, say).
    pub fn default_header(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        todo!()
    }
    /// A query parameter sent with every request (Azure's `api-version`, say).
    pub fn default_query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        todo!()
    }
    /// The caller's own `reqwest::Client` (proxies, TLS, connection pools).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        todo!()
    }
    pub fn timeout(mut self, timeout: Duration) -> Self {
        todo!()
    }
    pub fn max_retries(mut self, retries: u32) -> Self {
        todo!()
    }
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        todo!()
    }
    pub fn build(self) -> Result<Client, Error> {
        todo!()
    }
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
    timeout: Option<Duration>,
    max_retries: Option<u32>,
    marker: PhantomData<fn() -> (K, P)>,
}

/// A request body.
enum Body {
    Empty,
    Json(Result<Vec<u8>, Arc<serde_json::Error>>),
    Multipart(Form),
    Raw { bytes: bytes::Bytes, content_type: String },
}

impl<K: Decode, P> Call<K, P> {
    /// The same call, marked as operation `Q` (for its typed setters).
    pub fn operation<Q>(self) -> Call<K, Q> {
        todo!()
    }
    /// A JSON body.
    pub fn json(mut self, body: &impl Serialize) -> Self {
        todo!()
    }
    /// Sets one top-level property of the JSON body (`stream: true`, or a
    /// field the types do not have yet).
    pub fn body_field(mut self, name: &str, value: impl Serialize) -> Self {
        todo!()
    }
    /// A `multipart/form-data` body, rebuilt on each retry.
    pub fn multipart(mut self, form: Form) -> Self {
        todo!()
    }
    /// A body of another content type (`application/sdp`, say).
    pub fn raw_body(mut self, bytes: impl Into<bytes::Bytes>, content_type: &str) -> Self {
        todo!()
    }
    /// Adds a query parameter (typed setters call this; so can users).
    pub fn query(mut self, name: impl Into<Cow<'static, str>>, value: impl fmt::Display) -> Self {
        todo!()
    }
    /// Adds a header for this request only.
    pub fn header(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        todo!()
    }
    /// The timeout of this request (each attempt).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        todo!()
    }
    /// Retries of this request.
    pub fn max_retries(mut self, retries: u32) -> Self {
        todo!()
    }
    /// Sends the request (with retries) and reads the response.
    pub async fn send(self) -> Result<K::Output, Error> {
        todo!()
    }
    /// Like [`send`](Call::send), with the status, headers and request id.
    pub async fn send_with_response(self) -> Result<WithResponse<K::Output>, Error> {
        todo!()
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

/// A response body with the response's metadata.
#[derive(Clone, Debug)]
pub struct WithResponse<T> {
    pub status: StatusCode,
    pub headers: HeaderMap,
    /// `x-request-id`.
    pub request_id: Option<String>,
    pub body: T,
}

/// Percent-encodes one path segment (a path parameter).
pub fn path_segment(value: &str) -> Cow<'_, str> {
    todo!()
}

// Response kinds ----------------------------------------------------------------

/// How a response body is read.
pub trait Decode: Send + 'static {
    type Output: Send + 'static;
    /// The `Accept` header sent.
    const ACCEPT: &'static str;
    fn decode(response: reqwest::Response) -> BoxFuture<Result<Self::Output, Error>>;
}

/// A JSON body, read into `T`.
pub struct Json<T>(PhantomData<fn() -> T>);
/// A stream of server-sent events, each read into `E`.
pub struct Sse<E>(PhantomData<fn() -> E>);
/// Binary content ([`BinaryResponse`]).
pub struct Bytes;
/// A text body.
pub struct Text;
/// No body expected (its bytes are ignored).
pub struct Empty;

impl<T: DeserializeOwned + Send + 'static> Decode for Json<T> {
    type Output = T;
    const ACCEPT: &'static str = "application/json";
    fn decode(response: reqwest::Response) -> BoxFuture<Result<T, Error>> {
        todo!()
    }
}

impl<E: DeserializeOwned + Send + 'static> Decode for Sse<E> {
    type Output = EventStream<E>;
    const ACCEPT: &'static str = "text/event-stream";
    fn decode(response: reqwest::Response) -> BoxFuture<Result<EventStream<E>, Error>> {
        todo!()
    }
}

impl Decode for Bytes {
    type Output = BinaryResponse;
    const ACCEPT: &'static str = "*/*";
    fn decode(response: reqwest::Response) -> BoxFuture<Result<BinaryResponse, Error>> {
        todo!()
    }
}

impl Decode for Text {
    type Output = String;
    const ACCEPT: &'static str = "text/plain";
    fn decode(response: reqwest::Response) -> BoxFuture<Result<String, Error>> {
        todo!()
    }
}

impl Decode for Empty {
    type Output = ();
    const ACCEPT: &'static str = "*/*";
    fn decode(response: reqwest::Response) -> BoxFuture<Result<(), Error>> {
        todo!()
    }
}

/// A typed stream of server-sent events; dropping it closes the connection.
pub struct EventStream<E> {
    marker: PhantomData<E>,
}

impl<E: DeserializeOwned> futures_core::Stream for EventStream<E> {
    type Item = Result<E, Error>;
    fn poll_next(self: Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<Option<Self::Item>> {
        todo!()
    }
}

/// Binary content: read it whole, as a stream, or into a file.
pub struct BinaryResponse {
    response: reqwest::Response,
}

impl BinaryResponse {
    /// The `Content-Type` header.
    pub fn content_type(&self) -> Option<&str> {
        todo!()
    }
    pub async fn bytes(self) -> Result<bytes::Bytes, Error> {
        todo!()
    }
    pub fn bytes_stream(self) -> impl futures_core::Stream<Item = Result<bytes::Bytes, Error>> + Send {
        futures_util::stream::empty()
    }
    /// Streams the body into a file; returns the number of bytes written.
    pub async fn save_to(self, path: impl AsRef<std::path::Path>) -> Result<u64, Error> {
        todo!()
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
    /// previous one is used up; stops on `has_more: false`. Set the page
    /// size with the call's `limit`.
    pub fn items(self) -> Paginator<T> {
        todo!()
    }
}

/// The items of a paged list, page after page.
pub struct Paginator<T: Page> {
    marker: PhantomData<T>,
}

impl<T: Page> futures_core::Stream for Paginator<T> {
    type Item = Result<T::Item, Error>;
    fn poll_next(self: Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<Option<Self::Item>> {
        todo!()
    }
}

// Multipart -------------------------------------------------------------------------

/// A `multipart/form-data` body, described so that it can be rebuilt for each
/// retry. The generated request types build theirs with [`Form::text`],
/// [`Form::json`] and [`Form::file`].
#[derive(Clone, Debug, Default)]
pub struct Form {
    parts: Vec<(String, FormPart)>,
}

#[derive(Clone, Debug)]
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
        todo!()
    }
    /// A field holding a JSON value: strings as they are, numbers and
    /// booleans as text, arrays as repeated `name[]` fields, objects as JSON text.
    pub fn json(mut self, name: &str, value: &impl Serialize) -> Self {
        todo!()
    }
    /// A file part.
    pub fn file(mut self, name: &str, file: &crate::runtime::Binary) -> Self {
        todo!()
    }
}

/// A request type sent as `multipart/form-data`: implemented by the generated code.
pub trait Multipart {
    fn to_form(&self) -> Form;
}

// Errors ------------------------------------------------------------------------------

/// Everything a call can fail with.
#[derive(Debug)]
pub enum Error {
    /// The API answered with an error status.
    Api(ApiError),
    /// The connection failed (refused, reset, TLS).
    Transport(reqwest::Error),
    /// No answer in time.
    Timeout,
    /// The body does not match its type.
    Decode(DecodeError),
    /// The request could not be built (body encoding, invalid header).
    Request(String),
    /// The client is misconfigured (no API key, bad base URL).
    Config(String),
}

/// An error answer of the API.
#[derive(Clone, Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
    pub kind: Option<String>,
    pub param: Option<String>,
    pub code: Option<String>,
    pub request_id: Option<String>,
    /// The raw body when it is not the API's JSON error.
    pub body: Option<String>,
}

/// A body that does not match its type.
#[derive(Debug)]
pub struct DecodeError {
    /// JSON path of the failure (`choices[0].message`).
    pub path: String,
    pub message: String,
    pub body: String,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        todo!()
    }
}

impl std::error::Error for Error {}

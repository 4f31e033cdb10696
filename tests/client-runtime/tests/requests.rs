//! Requests, errors, retries and headers against a wiremock server on 127.0.0.1.

use std::time::{Duration, Instant};

use client_runtime_tests::http::{
    decode_json, parse_http_date, path_segment, Client, ClientBuilder, Empty, Error, Json, Method, RetryPolicy, Text,
};
use serde::Deserialize;
use serde_json::{json, Value};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Waits of a millisecond, so that retries cost nothing.
fn fast_retries(max_retries: u32) -> RetryPolicy {
    RetryPolicy {
        max_retries,
        initial_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(2),
        max_retry_after: Duration::from_secs(1),
    }
}

fn client(server: &MockServer) -> Client {
    ClientBuilder::new().api_key("sk-test").base_url(server.uri()).retry_policy(fast_retries(2)).build().unwrap()
}

fn api_error(status: u16, message: &str, kind: &str, code: &str) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .insert_header("x-request-id", "req_123")
        .set_body_json(json!({"error": {"message": message, "type": kind, "param": "model", "code": code}}))
}

async fn requests(server: &MockServer) -> usize {
    server.received_requests().await.map_or(0, |r| r.len())
}

#[derive(Debug, Deserialize, PartialEq)]
struct Completion {
    id: String,
    choices: Vec<Choice>,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Choice {
    index: u32,
}

#[tokio::test]
async fn a_json_body_is_read_into_its_type_with_the_response_metadata() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/chat/completions"))
        .and(body_json(json!({"model": "gpt-4o", "stream": true, "n": 2})))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-request-id", "req_ok")
                .insert_header("x-ratelimit-remaining-requests", "99")
                .set_body_json(json!({"id": "c1", "choices": [{"index": 0}]})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let response = client(&server)
        .request::<Json<Completion>>(Method::POST, "/chat/completions")
        .json(&json!({"model": "gpt-4o", "stream": false}))
        .body_field("stream", true)
        .body_field("n", 2)
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(response.request_id.as_deref(), Some("req_ok"));
    assert_eq!(response.headers["x-ratelimit-remaining-requests"], "99");
    assert_eq!(response.body, Completion { id: "c1".into(), choices: vec![Choice { index: 0 }] });
}

#[tokio::test]
async fn each_status_class_is_told_apart() {
    let server = MockServer::start().await;
    let cases = [
        (400, "invalid_request_error"),
        (401, "invalid_api_key"),
        (403, "permission_denied"),
        (404, "not_found"),
        (409, "conflict"),
        (422, "unprocessable"),
        (429, "rate_limit_exceeded"),
        (500, "server_error"),
        (503, "overloaded"),
    ];
    for (status, code) in cases {
        Mock::given(path(format!("/status/{status}")))
            .respond_with(api_error(status, &format!("failed with {status}"), "some_error", code))
            .mount(&server)
            .await;
    }
    let client = client(&server);
    for (status, code) in cases {
        let error = client
            .request::<Json<Value>>(Method::GET, format!("/status/{status}"))
            .max_retries(0)
            .await
            .unwrap_err();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(error.request_id(), Some("req_123"));
        let api = error.api().expect("an API error");
        assert_eq!(api.message, format!("failed with {status}"));
        assert_eq!(api.kind.as_deref(), Some("some_error"));
        assert_eq!(api.param.as_deref(), Some("model"));
        assert_eq!(api.code.as_deref(), Some(code));
        assert_eq!(api.body, None);
        let classes = [
            api.is_bad_request(),
            api.is_authentication(),
            api.is_permission_denied(),
            api.is_not_found(),
            api.is_conflict(),
            api.is_unprocessable(),
            api.is_rate_limit(),
        ];
        let expected = [400, 401, 403, 404, 409, 422, 429].map(|s| s == status);
        assert_eq!(classes, expected, "status {status}");
        assert_eq!(api.is_server_error(), status >= 500);
        assert_eq!(error.is_retryable(), matches!(status, 409 | 429 | 500 | 503));
        let text = error.to_string();
        assert!(text.contains(&status.to_string()) && text.contains(code) && text.contains("req_123"), "{text}");
    }
}

#[tokio::test]
async fn a_non_json_error_body_is_kept_raw() {
    let server = MockServer::start().await;
    Mock::given(path("/models"))
        .respond_with(ResponseTemplate::new(502).set_body_string("<html>bad gateway</html>"))
        .mount(&server)
        .await;
    let error = client(&server).request::<Json<Value>>(Method::GET, "/models").max_retries(0).await.unwrap_err();
    let api = error.api().unwrap();
    assert_eq!(api.status, 502);
    assert_eq!(api.message, "Bad Gateway");
    assert_eq!(api.body.as_deref(), Some("<html>bad gateway</html>"));
    assert_eq!(api.code, None);
    assert!(error.to_string().contains("<html>bad gateway</html>"), "{error}");
}

#[tokio::test]
async fn a_body_that_does_not_match_its_type_names_the_path() {
    let server = MockServer::start().await;
    let body = r#"{"id":"c1","choices":[{"index":0},{"index":"one"}]}"#;
    Mock::given(path("/chat/completions"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    let error = client(&server).request::<Json<Completion>>(Method::GET, "/chat/completions").await.unwrap_err();
    let Error::Decode(decode) = &error else { panic!("not a decode error: {error:?}") };
    assert_eq!(decode.path, "choices[1].index");
    assert_eq!(decode.body, body);
    assert!(error.to_string().contains("choices[1].index"), "{error}");
    // Not retried: the same body would come back.
    assert_eq!(requests(&server).await, 1);
    // Trailing bytes after the value are an error too.
    assert!(matches!(decode_json::<Value>(b"{} x"), Err(Error::Decode(_))));
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let client = ClientBuilder::new()
        .api_key("sk-test")
        .base_url(format!("http://{address}"))
        .retry_policy(fast_retries(2))
        .build()
        .unwrap();
    let error = client.request::<Json<Value>>(Method::GET, "/models").await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(error.is_retryable());
    assert!(error.to_string().starts_with("connection failed"), "{error}");
}

#[tokio::test]
async fn a_429_with_retry_after_ms_is_retried_once_after_the_wait() {
    let server = MockServer::start().await;
    Mock::given(path("/models"))
        .respond_with(api_error(429, "slow down", "requests", "rate_limit_exceeded").insert_header("retry-after-ms", "60"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/models")).respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true}))).mount(&server).await;
    let started = Instant::now();
    let body = client(&server).request::<Json<Value>>(Method::GET, "/models").await.unwrap();
    let elapsed = started.elapsed();
    assert_eq!(body, json!({"ok": true}));
    assert_eq!(requests(&server).await, 2);
    // The backoff alone would be about 1 ms: the 60 ms come from the header.
    assert!(elapsed >= Duration::from_millis(60), "{elapsed:?}");
}

#[tokio::test]
async fn retry_after_in_seconds_is_honoured_and_a_longer_one_ignored() {
    let server = MockServer::start().await;
    Mock::given(path("/a"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "0.05"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/a")).respond_with(ResponseTemplate::new(200).set_body_json(json!(1))).mount(&server).await;
    let started = Instant::now();
    client(&server).request::<Json<Value>>(Method::GET, "/a").await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(50), "{:?}", started.elapsed());

    // Beyond max_retry_after (1 s here) the header is ignored for the backoff (ms).
    let policy = fast_retries(2);
    let mut headers = client_runtime_tests::http::HeaderMap::new();
    headers.insert("retry-after", "120".parse().unwrap());
    assert!(policy.delay(0, Some(&headers)) <= Duration::from_millis(2));
    headers.insert("retry-after-ms", "300".parse().unwrap());
    assert_eq!(policy.delay(0, Some(&headers)), Duration::from_millis(300));
}

#[tokio::test]
async fn three_500s_give_up_after_two_retries_with_the_last_error() {
    let server = MockServer::start().await;
    for message in ["first", "second", "third"] {
        Mock::given(path("/models"))
            .respond_with(api_error(500, message, "server_error", "internal"))
            .up_to_n_times(1)
            .mount(&server)
            .await;
    }
    let error = client(&server).request::<Json<Value>>(Method::GET, "/models").await.unwrap_err();
    assert_eq!(error.api().unwrap().message, "third");
    assert_eq!(requests(&server).await, 3);
}

#[tokio::test]
async fn insufficient_quota_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(path("/models"))
        .respond_with(api_error(429, "You exceeded your current quota", "insufficient_quota", "insufficient_quota"))
        .mount(&server)
        .await;
    let error = client(&server).request::<Json<Value>>(Method::GET, "/models").await.unwrap_err();
    let api = error.api().unwrap();
    assert!(api.is_rate_limit() && api.is_insufficient_quota());
    assert!(!error.is_retryable());
    assert_eq!(requests(&server).await, 1);
}

#[tokio::test]
async fn x_should_retry_overrides_the_status() {
    let server = MockServer::start().await;
    Mock::given(path("/no"))
        .respond_with(api_error(500, "no", "server_error", "x").insert_header("x-should-retry", "false"))
        .mount(&server)
        .await;
    Mock::given(path("/yes"))
        .respond_with(api_error(400, "yes", "invalid_request_error", "x").insert_header("x-should-retry", "true"))
        .mount(&server)
        .await;
    let client = client(&server);
    client.request::<Json<Value>>(Method::GET, "/no").await.unwrap_err();
    assert_eq!(requests(&server).await, 1, "a 500 with x-should-retry: false");
    client.request::<Json<Value>>(Method::GET, "/yes").await.unwrap_err();
    assert_eq!(requests(&server).await, 1 + 3, "a 400 with x-should-retry: true");
}

#[tokio::test]
async fn a_timeout_is_retried() {
    let server = MockServer::start().await;
    Mock::given(path("/slow"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!("late")).set_delay(Duration::from_millis(400)))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/slow")).respond_with(ResponseTemplate::new(200).set_body_json(json!("on time"))).mount(&server).await;
    let client = client(&server);
    let body = client.request::<Json<Value>>(Method::GET, "/slow").timeout(Duration::from_millis(100)).await.unwrap();
    assert_eq!(body, json!("on time"));
    assert_eq!(requests(&server).await, 2);

    // Without retries, the timeout is the error.
    Mock::given(path("/slower"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_millis(400)))
        .mount(&server)
        .await;
    let error = client
        .request::<Json<Value>>(Method::GET, "/slower")
        .timeout(Duration::from_millis(50))
        .max_retries(0)
        .await
        .unwrap_err();
    assert!(error.is_timeout() && error.is_retryable(), "{error:?}");
}

#[tokio::test]
async fn configured_and_per_request_headers_and_query_arrive() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/files/file%2F1"))
        .and(header("authorization", "Bearer sk-secret-key"))
        .and(header("openai-organization", "org-1"))
        .and(header("openai-project", "proj-1"))
        .and(header("x-default", "from-client"))
        .and(header("x-overridden", "by-request"))
        .and(header("x-per-request", "yes"))
        .and(header("accept", "text/plain"))
        .and(query_param("api-version", "2024-10-21"))
        .and(query_param("include[]", "a"))
        .respond_with(ResponseTemplate::new(200).set_body_string("deleted"))
        .expect(1)
        .mount(&server)
        .await;
    let client = ClientBuilder::new()
        .api_key("sk-secret-key")
        .base_url(format!("{}/", server.uri()))
        .organization("org-1")
        .project("proj-1")
        .default_header("x-default", "from-client")
        .default_header("x-overridden", "from-client")
        .default_query("api-version", "2024-10-21")
        .build()
        .unwrap();
    let body = client
        .request::<Text>(Method::DELETE, format!("/files/{}", path_segment("file/1")))
        .header("x-overridden", "by-request")
        .header("x-per-request", "yes")
        .query("include[]", "a")
        .await
        .unwrap();
    assert_eq!(body, "deleted");
    let request = &server.received_requests().await.unwrap()[0];
    assert_eq!(request.url.query(), Some("api-version=2024-10-21&include%5B%5D=a"));
    assert_eq!(request.headers.get_all("x-overridden").iter().count(), 1);

    let debug = format!("{client:?}");
    assert!(!debug.contains("sk-secret-key"), "{debug}");
    assert!(debug.contains("<redacted>") && debug.contains("org-1"), "{debug}");
    let builder = format!("{:?}", ClientBuilder::new().api_key("sk-secret-key"));
    assert!(!builder.contains("sk-secret-key"), "{builder}");
}

#[tokio::test]
async fn an_empty_api_key_sends_no_authorization() {
    let server = MockServer::start().await;
    Mock::given(path("/models")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let client = ClientBuilder::new().api_key("").base_url(server.uri()).default_header("api-key", "azure").build().unwrap();
    client.request::<Empty>(Method::GET, "/models").await.unwrap();
    let request = &server.received_requests().await.unwrap()[0];
    assert!(request.headers.get("authorization").is_none());
    assert_eq!(request.headers["api-key"], "azure");
}

#[test]
fn configuration_errors_are_errors_not_panics() {
    let config = |builder: ClientBuilder| match builder.build() {
        Err(Error::Config(message)) => message,
        other => panic!("not a configuration error: {other:?}"),
    };
    assert!(config(ClientBuilder::new()).contains("no API key"));
    assert!(config(ClientBuilder::new().api_key("k").base_url("not a url")).contains("invalid base URL"));
    assert!(config(ClientBuilder::new().api_key("k").base_url("ftp://example.com")).contains("not an http(s) URL"));
    assert!(config(ClientBuilder::new().api_key("k").default_header("bad header", "v")).contains("bad header"));
    assert!(config(ClientBuilder::new().api_key("line\nbreak")).contains("API key"));
}

#[tokio::test]
async fn an_invalid_request_setting_is_a_request_error() {
    let server = MockServer::start().await;
    let client = client(&server);
    let error = client.request::<Empty>(Method::GET, "/x").header("x", "a\nb").await.unwrap_err();
    assert!(matches!(error, Error::Request(_)), "{error:?}");
    let error = client.request::<Empty>(Method::POST, "/x").json(&json!([1])).body_field("a", 1).await.unwrap_err();
    assert!(matches!(error, Error::Request(_)), "{error:?}");
    assert_eq!(requests(&server).await, 0);
}

#[test]
fn backoff_doubles_up_to_the_maximum_with_at_most_a_quarter_of_jitter() {
    let policy = RetryPolicy::default();
    for (retry, full) in [(0, 500), (1, 1000), (2, 2000), (3, 4000), (4, 8000), (5, 8000), (40, 8000)] {
        let full = Duration::from_millis(full);
        for _ in 0..20 {
            let wait = policy.backoff(retry);
            assert!(wait <= full && wait >= full.mul_f64(0.75), "retry {retry}: {wait:?}");
        }
    }
    let waits: std::collections::BTreeSet<Duration> = (0..20).map(|_| policy.backoff(0)).collect();
    assert!(waits.len() > 1, "no jitter: {waits:?}");
}

#[test]
fn http_dates_are_read() {
    let date = parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
    assert_eq!(date.duration_since(std::time::UNIX_EPOCH).unwrap().as_secs(), 784_111_777);
    let leap = parse_http_date("Thu, 29 Feb 2024 23:59:59 GMT").unwrap();
    assert_eq!(leap.duration_since(std::time::UNIX_EPOCH).unwrap().as_secs(), 1_709_251_199);
    for bad in ["", "Sun, 06 Nov 1994 08:49:37", "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 06 Nov 1994 25:00:00 GMT", "120"] {
        assert_eq!(parse_http_date(bad), None, "{bad}");
    }
}

#[test]
fn path_segments_are_percent_encoded() {
    assert!(matches!(path_segment("file-abc_1.2~"), std::borrow::Cow::Borrowed("file-abc_1.2~")));
    assert_eq!(path_segment("a/b?c#d e%"), "a%2Fb%3Fc%23d%20e%25");
    assert_eq!(path_segment("é"), "%C3%A9");
}

//! Pages, multipart uploads and binary downloads against a wiremock server on 127.0.0.1.

use std::path::PathBuf;
use std::time::Duration;

use client_runtime_tests::http::{self, Client, ClientBuilder, Error, Form, Json, Method, Page, RetryPolicy};
use client_runtime_tests::runtime::Binary;
use futures_util::StreamExt;
use serde::Deserialize;
use serde_json::{json, Value};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    let retries =
        RetryPolicy { initial_delay: Duration::from_millis(1), max_delay: Duration::from_millis(2), ..RetryPolicy::default() };
    ClientBuilder::new().api_key("sk-test").base_url(server.uri()).retry_policy(retries).build().unwrap()
}

/// A file of this test in the system's temporary directory.
fn temp_file(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("client-runtime-{}-{name}", std::process::id()))
}

// Pages ---------------------------------------------------------------------

#[derive(Debug, Deserialize)]
struct FileList {
    data: Vec<FileObject>,
    has_more: bool,
    last_id: Option<String>,
}

#[derive(Debug, Deserialize, PartialEq)]
struct FileObject {
    id: String,
}

impl Page for FileList {
    type Item = FileObject;
    fn into_items(self) -> Vec<FileObject> {
        self.data
    }
    fn has_more(&self) -> bool {
        self.has_more
    }
    fn next_cursor(&self) -> Option<String> {
        self.last_id.clone().or_else(|| self.data.last().map(|file| file.id.clone()))
    }
}

/// Three pages of two files: `a b`, `c d`, `e f`; the last has no `last_id`.
async fn three_pages() -> MockServer {
    let server = MockServer::start().await;
    let page = |ids: [&str; 2], has_more: bool, last_id: Option<&str>| {
        ResponseTemplate::new(200).set_body_json(json!({
            "object": "list",
            "data": ids.map(|id| json!({"id": id})),
            "has_more": has_more,
            "last_id": last_id,
        }))
    };
    let list = || Mock::given(method("GET")).and(path("/files")).and(query_param("limit", "2"));
    list().and(query_param_is_missing("after")).respond_with(page(["a", "b"], true, Some("b"))).mount(&server).await;
    list().and(query_param("after", "b")).respond_with(page(["c", "d"], true, Some("d"))).mount(&server).await;
    list().and(query_param("after", "d")).respond_with(page(["e", "f"], false, None)).mount(&server).await;
    server
}

async fn cursors(server: &MockServer) -> Vec<Option<String>> {
    let requests = server.received_requests().await.unwrap();
    requests.iter().map(|r| r.url.query_pairs().find(|(name, _)| name == "after").map(|(_, value)| value.into_owned())).collect()
}

fn list_call(client: &Client) -> http::Call<Json<FileList>> {
    client.request::<Json<FileList>>(Method::GET, "/files").query("limit", 2)
}

#[tokio::test]
async fn the_pager_reads_three_pages_in_order_with_three_requests() {
    let server = three_pages().await;
    let ids: Vec<String> = list_call(&client(&server)).items().map(|file| file.unwrap().id).collect().await;
    assert_eq!(ids, ["a", "b", "c", "d", "e", "f"]);
    assert_eq!(cursors(&server).await, [None, Some("b".into()), Some("d".into())]);
}

#[tokio::test]
async fn the_pager_fetches_a_page_only_when_the_previous_one_is_used_up() {
    let server = three_pages().await;
    let client = client(&server);
    let mut items = list_call(&client).items();
    for id in ["a", "b"] {
        assert_eq!(items.next().await.unwrap().unwrap().id, id);
    }
    assert_eq!(cursors(&server).await.len(), 1, "page 2 fetched before it was needed");
    assert_eq!(items.next().await.unwrap().unwrap().id, "c");
    drop(items);
    tokio::time::sleep(Duration::from_millis(20)).await;
    assert_eq!(cursors(&server).await, [None, Some("b".into())], "a request after the stop");
}

#[tokio::test]
async fn a_failed_page_is_an_err_item_then_the_end() {
    let server = MockServer::start().await;
    Mock::given(path("/files"))
        .and(query_param_is_missing("after"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": [{"id": "a"}], "has_more": true})))
        .mount(&server)
        .await;
    Mock::given(path("/files"))
        .and(query_param("after", "a"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"error": {"message": "gone"}})))
        .mount(&server)
        .await;
    let items: Vec<Result<FileObject, Error>> =
        client(&server).request::<Json<FileList>>(Method::GET, "/files").items().collect().await;
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].as_ref().unwrap().id, "a");
    assert!(items[1].as_ref().unwrap_err().api().unwrap().is_not_found());
}

// Multipart -----------------------------------------------------------------

#[derive(Debug, PartialEq)]
struct Part {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    body: Vec<u8>,
}

impl Part {
    fn text(name: &str, value: &str) -> Part {
        Part { name: name.into(), file_name: None, content_type: None, body: value.as_bytes().to_vec() }
    }
    fn file(name: &str, file_name: &str, content_type: &str, body: &[u8]) -> Part {
        Part { name: name.into(), file_name: Some(file_name.into()), content_type: Some(content_type.into()), body: body.to_vec() }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

/// Parses a `multipart/form-data` request (RFC 7578), as a server would.
fn parse_multipart(request: &Request) -> Vec<Part> {
    let content_type = request.headers["content-type"].to_str().unwrap();
    let boundary = content_type.strip_prefix("multipart/form-data; boundary=").expect(content_type);
    let delimiter = format!("--{boundary}").into_bytes();
    let body = &request.body[..];
    let mut rest = &body[find(body, &delimiter).unwrap() + delimiter.len()..];
    let mut parts = Vec::new();
    while !rest.starts_with(b"--") {
        rest = rest.strip_prefix(b"\r\n").expect("CRLF after the boundary");
        let end = find(rest, &delimiter).expect("a closing boundary");
        let part = rest[..end].strip_suffix(b"\r\n").expect("CRLF before the boundary");
        let head_end = find(part, b"\r\n\r\n").unwrap();
        let head = std::str::from_utf8(&part[..head_end]).unwrap();
        let mut parsed = Part { name: String::new(), file_name: None, content_type: None, body: part[head_end + 4..].to_vec() };
        for line in head.split("\r\n") {
            let (header, value) = line.split_once(": ").unwrap();
            match header.to_ascii_lowercase().as_str() {
                "content-disposition" => {
                    for parameter in value.split("; ").skip(1) {
                        let (key, quoted) = parameter.split_once('=').unwrap();
                        let value = quoted.trim_matches('"').to_owned();
                        match key {
                            "name" => parsed.name = value,
                            "filename" => parsed.file_name = Some(value),
                            other => panic!("unexpected parameter {other}"),
                        }
                    }
                }
                "content-type" => parsed.content_type = Some(value.to_owned()),
                other => panic!("unexpected part header {other}"),
            }
        }
        parts.push(parsed);
        rest = &rest[end + delimiter.len()..];
    }
    parts
}

fn byte_stream(chunks: &[&'static [u8]]) -> Binary {
    let chunks: Vec<Result<&'static [u8], std::io::Error>> = chunks.iter().map(|chunk| Ok(*chunk)).collect();
    Binary::from_stream(futures_util::stream::iter(chunks))
}

#[tokio::test]
async fn every_field_and_file_part_arrives_from_a_path_bytes_and_a_stream() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).and(path("/files")).respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "file-1"}))).mount(&server).await;
    let file = temp_file("train.jsonl");
    std::fs::write(&file, b"{\"prompt\":\"a\"}\n{\"prompt\":\"b\"}\n").unwrap();
    let form = Form::new()
        .text("purpose", "fine-tune")
        .json("expires_after", &json!({"anchor": "created_at", "seconds": 3600}))
        .json("include", &json!(["logprobs", "words"]))
        .json("temperature", &0.5)
        .json("stream", &false)
        .json("nothing", &Value::Null)
        .file("file", &Binary::from_path(&file).content_type("application/jsonl"))
        .file("image", &Binary::new(vec![0x89, b'P', b'N', b'G', 0, 255]).file_name("a.png").content_type("image/png"))
        .file("audio", &byte_stream(&[b"ID3", b"\x00\x01", b"frames"]).file_name("speech.mp3").content_type("audio/mpeg"))
        .file("raw", &Binary::from(b"x".to_vec()));
    let created: Value = client(&server)
        .request::<Json<Value>>(Method::POST, "/files")
        .multipart(form)
        .body_field("model", "whisper-1")
        .await
        .unwrap();
    assert_eq!(created["id"], "file-1");
    let requests = server.received_requests().await.unwrap();
    let file_name = file.file_name().unwrap().to_str().unwrap();
    assert_eq!(
        parse_multipart(&requests[0]),
        [
            Part::text("purpose", "fine-tune"),
            Part::text("expires_after[anchor]", "created_at"),
            Part::text("expires_after[seconds]", "3600"),
            Part::text("include[]", "logprobs"),
            Part::text("include[]", "words"),
            Part::text("temperature", "0.5"),
            Part::text("stream", "false"),
            Part::file("file", file_name, "application/jsonl", b"{\"prompt\":\"a\"}\n{\"prompt\":\"b\"}\n"),
            Part::file("image", "a.png", "image/png", &[0x89, b'P', b'N', b'G', 0, 255]),
            Part::file("audio", "speech.mp3", "audio/mpeg", b"ID3\x00\x01frames"),
            Part::file("raw", "raw", "application/octet-stream", b"x"),
            Part::text("model", "whisper-1"),
        ]
    );
    let _ = std::fs::remove_file(file);
}

#[tokio::test]
async fn a_multipart_retry_sends_the_whole_form_again() {
    let server = MockServer::start().await;
    Mock::given(path("/uploads")).respond_with(ResponseTemplate::new(500)).up_to_n_times(1).mount(&server).await;
    Mock::given(path("/uploads")).respond_with(ResponseTemplate::new(200).set_body_json(json!({}))).mount(&server).await;
    let file = temp_file("part.bin");
    std::fs::write(&file, b"from a path").unwrap();
    let form = Form::new()
        .text("purpose", "batch")
        .file("data", &Binary::from_path(&file).file_name("part.bin"))
        .file("more", &Binary::new(b"in memory".to_vec()).file_name("m.txt").content_type("text/plain"));
    client(&server).request::<Json<Value>>(Method::POST, "/uploads").multipart(form).await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    let expected = [
        Part::text("purpose", "batch"),
        Part::file("data", "part.bin", "application/octet-stream", b"from a path"),
        Part::file("more", "m.txt", "text/plain", b"in memory"),
    ];
    assert_eq!(parse_multipart(&requests[0]), expected);
    assert_eq!(parse_multipart(&requests[1]), expected);
    let _ = std::fs::remove_file(file);
}

#[tokio::test]
async fn a_retry_that_needs_a_stream_part_again_is_a_clear_error() {
    let server = MockServer::start().await;
    Mock::given(path("/audio/transcriptions")).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    let form = Form::new().file("file", &byte_stream(&[b"abc"]).file_name("a.wav"));
    let error = client(&server).request::<Json<Value>>(Method::POST, "/audio/transcriptions").multipart(form).await.unwrap_err();
    let Error::Request(message) = &error else { panic!("{error:?}") };
    assert!(message.contains("cannot retry") && message.contains("`file`") && message.contains("503"), "{message}");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_missing_file_is_an_io_error_naming_it() {
    let server = MockServer::start().await;
    let form = Form::new().file("file", &Binary::from_path(temp_file("does-not-exist")));
    let error = client(&server).request::<Json<Value>>(Method::POST, "/files").multipart(form).await.unwrap_err();
    let Error::Io(io) = &error else { panic!("{error:?}") };
    assert_eq!(io.kind(), std::io::ErrorKind::NotFound);
    assert!(error.to_string().contains("does-not-exist"), "{error}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[test]
fn binaries_compare_by_content_path_and_stream_identity() {
    assert_eq!(Binary::from(vec![1, 2]), Binary::new([1u8, 2]));
    assert_ne!(Binary::new([1u8]), Binary::new([1u8]).file_name("a"));
    assert_eq!(Binary::from_path("a.txt"), Binary::from_path("a.txt"));
    let stream = byte_stream(&[b"x"]);
    assert_eq!(stream, stream.clone());
    assert_ne!(stream, byte_stream(&[b"x"]));
    assert_eq!(Binary::from_path("dir/a.txt").get_file_name().as_deref(), Some("a.txt"));
    // Bytes keep their JSON form; a path cannot be written as JSON.
    assert_eq!(serde_json::to_value(Binary::new(*b"hi")).unwrap(), json!([104, 105]));
    assert_eq!(serde_json::from_value::<Binary>(json!("hi")).unwrap(), Binary::new(*b"hi"));
    assert!(serde_json::to_value(Binary::from_path("a")).is_err());
    assert!(!format!("{:?}", Binary::new(vec![7; 1000])).contains("7, 7"));
}

// Binary responses ------------------------------------------------------------

/// 3 MiB that are not a repeated pattern (a linear congruential generator).
fn large_body() -> Vec<u8> {
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    (0..3 * 1024 * 1024)
        .map(|_| {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (state >> 56) as u8
        })
        .collect()
}

#[tokio::test]
async fn a_large_download_streamed_to_a_file_equals_the_served_bytes() {
    let server = MockServer::start().await;
    let served = large_body();
    Mock::given(path("/audio/speech")).respond_with(ResponseTemplate::new(200).set_body_raw(served.clone(), "audio/mpeg")).mount(&server).await;
    let client = client(&server);
    let call = || client.request::<http::Bytes>(Method::POST, "/audio/speech");

    let download = call().await.unwrap();
    assert_eq!(download.content_type(), Some("audio/mpeg"));
    assert_eq!(download.content_length(), Some(served.len() as u64));
    let file = temp_file("speech.mp3");
    assert_eq!(download.save_to(&file).await.unwrap(), served.len() as u64);
    assert!(std::fs::read(&file).unwrap() == served, "the file differs from the served bytes");
    let _ = std::fs::remove_file(&file);

    let mut streamed = Vec::new();
    let mut chunks = 0;
    let mut stream = std::pin::pin!(call().await.unwrap().bytes_stream());
    while let Some(chunk) = stream.next().await {
        streamed.extend_from_slice(&chunk.unwrap());
        chunks += 1;
    }
    assert!(streamed == served && chunks > 1, "{chunks} chunks");
    assert!(call().await.unwrap().bytes().await.unwrap() == served);
}

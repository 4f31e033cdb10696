//! Server-sent events from servers on 127.0.0.1: a scripted TCP server where
//! the bytes and their chunking matter, wiremock where they do not.

use std::future::Future;
use std::time::Duration;

use client_runtime_tests::http::{Client, ClientBuilder, Error, EventStream, Method, NamedSse, RetryPolicy, Sse};
use futures_util::StreamExt;
use serde::Deserialize;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A guard against hangs only: every test finishes in milliseconds.
const GUARD: Duration = Duration::from_secs(10);

/// Serves each connection with `handler` (after reading the request head).
async fn server<F, Fut>(handler: F) -> Client
where
    F: Fn(TcpStream) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else { return };
            let _ = socket.set_nodelay(true);
            read_head(&mut socket).await;
            tokio::spawn(handler(socket));
        }
    });
    ClientBuilder::new()
        .api_key("sk-test")
        .base_url(format!("http://{address}/v1"))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
}

async fn read_head(socket: &mut TcpStream) {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match socket.read(&mut byte).await {
            Ok(1) => head.push(byte[0]),
            _ => return,
        }
    }
}

const HEAD: &str = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\
                    x-request-id: req_sse\r\nconnection: close\r\n\r\n";

/// Writes `pieces` as separate HTTP chunks. hyper's chunked decoder never
/// hands out a frame spanning two chunks, so each piece reaches the event
/// parser on its own even when TCP delivers several in one read.
async fn send_chunks(socket: &mut TcpStream, pieces: &[&[u8]]) -> std::io::Result<()> {
    socket.write_all(HEAD.as_bytes()).await?;
    // An empty chunk would be the last one.
    for piece in pieces.iter().filter(|piece| !piece.is_empty()) {
        socket.write_all(format!("{:x}\r\n", piece.len()).as_bytes()).await?;
        socket.write_all(piece).await?;
        socket.write_all(b"\r\n").await?;
        socket.flush().await?;
    }
    socket.write_all(b"0\r\n\r\n").await
}

/// One HTTP chunk.
fn chunk(data: &[u8]) -> Vec<u8> {
    let mut chunk = format!("{:x}\r\n", data.len()).into_bytes();
    chunk.extend_from_slice(data);
    chunk.extend_from_slice(b"\r\n");
    chunk
}

async fn collect<E>(stream: EventStream<E>) -> Vec<Result<E, Error>>
where
    E: serde::de::DeserializeOwned,
{
    tokio::time::timeout(GUARD, stream.collect()).await.expect("the stream hangs")
}

async fn events(client: &Client) -> Vec<Value> {
    let stream = client.request::<Sse<Value>>(Method::GET, "/stream").await.unwrap();
    collect(stream).await.into_iter().map(|event| event.unwrap()).collect()
}

/// Comments, an event without data, `id` and `retry` fields, a multi-line
/// data field, CRLF and CR line ends, a field without its space, UTF-8 of
/// two, three and four bytes, `[DONE]`, and an event after it.
const STREAM: &str = concat!(
    ": keep-alive\n\n",
    "event: ping\n\n",
    "id: 1\ndata: {\"text\":\"h\u{e9}llo \u{4e16}\u{754c} \u{1f389}\"}\n\n",
    "data: {\"a\":\r\ndata: 1}\r\n\r\n",
    "retry: 100\rdata: {\"cr\":true}\r\r",
    ":another comment\ndata:{\"nospace\":\"x\"}\n\n",
    "data: [DONE]\n\n",
    "data: {\"after\":\"done\"}\n\n",
);

fn expected() -> Vec<Value> {
    vec![json!({"text": "h\u{e9}llo \u{4e16}\u{754c} \u{1f389}"}), json!({"a": 1}), json!({"cr": true}), json!({"nospace": "x"})]
}

#[tokio::test]
async fn events_split_at_every_byte_offset_decode_the_same() {
    // Requests come one after the other: the n-th connection splits at byte n.
    let next_split = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let client = server(move |mut socket| {
        let split = next_split.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        async move {
            let bytes = STREAM.as_bytes();
            let _ = send_chunks(&mut socket, &[&bytes[..split], &bytes[split..]]).await;
        }
    })
    .await;
    let expected = expected();
    for split in 0..=STREAM.len() {
        assert_eq!(events(&client).await, expected, "split at byte {split}");
    }
}

#[tokio::test]
async fn events_sent_one_byte_per_chunk_decode_the_same() {
    let client = server(|mut socket| async move {
        let pieces: Vec<&[u8]> = STREAM.as_bytes().chunks(1).collect();
        let _ = send_chunks(&mut socket, &pieces).await;
    })
    .await;
    assert_eq!(events(&client).await, expected());
}

#[tokio::test]
async fn errors_inside_the_stream_are_err_items_with_the_api_error() {
    const ERRORS: &str = concat!(
        "data: {\"type\":\"response.created\",\"n\":1}\n\n",
        "data: {\"error\":{\"message\":\"boom\",\"type\":\"server_error\",\"code\":\"e1\"}}\n\n",
        "event: error\ndata: {\"message\":\"named\",\"code\":\"e2\"}\n\n",
        "data: {\"type\":\"error\",\"code\":\"e3\",\"message\":\"typed\",\"param\":null,\"sequence_number\":3}\n\n",
        "data: {\"type\":\"response.completed\",\"response\":{\"error\":null}}\n\n",
        "data: {\"type\":\"x\",\"error\":null}\n\n",
    );
    let client = server(|mut socket| async move {
        let _ = send_chunks(&mut socket, &[ERRORS.as_bytes()]).await;
    })
    .await;
    let stream = client.request::<Sse<Value>>(Method::POST, "/responses").await.unwrap();
    let items = collect(stream).await;
    assert_eq!(items.len(), 6);
    assert_eq!(items[0].as_ref().unwrap()["n"], 1);
    for (item, (message, code)) in items[1..4].iter().zip([("boom", "e1"), ("named", "e2"), ("typed", "e3")]) {
        let Err(Error::Api(error)) = item else { panic!("not an API error: {item:?}") };
        assert_eq!((error.message.as_str(), error.code.as_deref()), (message, Some(code)));
        assert_eq!(error.request_id.as_deref(), Some("req_sse"));
    }
    assert_eq!(items[1].as_ref().unwrap_err().api().unwrap().kind.as_deref(), Some("server_error"));
    assert_eq!(items[4].as_ref().unwrap()["type"], "response.completed");
    assert_eq!(items[5].as_ref().unwrap()["type"], "x");
}

#[derive(Debug, Deserialize, PartialEq)]
struct Numbered {
    n: u32,
}

#[tokio::test]
async fn an_event_that_does_not_match_its_type_is_an_err_item_and_the_stream_goes_on() {
    let client = server(|mut socket| async move {
        let _ = send_chunks(&mut socket, &[b"data: {\"n\":1}\n\ndata: {\"n\":\"two\"}\n\ndata: {\"n\":3}\n\n"]).await;
    })
    .await;
    let items = collect(client.request::<Sse<Numbered>>(Method::GET, "/s").await.unwrap()).await;
    assert_eq!(items.len(), 3);
    assert_eq!(items[0].as_ref().unwrap(), &Numbered { n: 1 });
    let Err(Error::Decode(error)) = &items[1] else { panic!("{:?}", items[1]) };
    assert_eq!((error.path.as_str(), error.body.as_str()), ("n", "{\"n\":\"two\"}"));
    assert_eq!(items[2].as_ref().unwrap(), &Numbered { n: 3 });
}

#[tokio::test]
async fn named_events_are_read_with_their_event_name() {
    let client = server(|mut socket| async move {
        let body = "event: thread.created\ndata: {\"id\":\"t1\"}\n\ndata: {\"id\":\"m\"}\n\nevent: done\ndata: [DONE]\n\n";
        let _ = send_chunks(&mut socket, &[body.as_bytes()]).await;
    })
    .await;
    let stream = client.request::<NamedSse<Value>>(Method::POST, "/threads/runs").await.unwrap();
    let items: Vec<Value> = collect(stream).await.into_iter().map(Result::unwrap).collect();
    assert_eq!(
        items,
        [json!({"event": "thread.created", "data": {"id": "t1"}}), json!({"event": "message", "data": {"id": "m"}})]
    );
}

#[tokio::test]
async fn an_http_error_before_the_stream_is_an_err_from_the_call() {
    let client = server(|mut socket| async move {
        let body = r#"{"error":{"message":"bad model","type":"invalid_request_error","code":"model_not_found"}}"#;
        let response = format!(
            "HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        );
        let _ = socket.write_all(response.as_bytes()).await;
    })
    .await;
    let error = client.request::<Sse<Value>>(Method::POST, "/chat/completions").await.unwrap_err();
    assert!(error.api().unwrap().is_not_found());
    assert_eq!(error.api().unwrap().code.as_deref(), Some("model_not_found"));
}

#[tokio::test]
async fn a_server_dying_midway_ends_the_stream_with_an_error() {
    let client = server(|mut socket| async move {
        let _ = socket.write_all(HEAD.as_bytes()).await;
        let _ = socket.write_all(&chunk(b"data: {\"n\":1}\n\n")).await;
        let _ = socket.write_all(&chunk(b"data: {\"n")).await;
        // Dropped here: no last chunk, the connection is cut.
    })
    .await;
    let items = collect(client.request::<Sse<Value>>(Method::GET, "/s").await.unwrap()).await;
    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(items[0].as_ref().unwrap(), &json!({"n": 1}));
    assert!(matches!(items[1], Err(Error::Transport(_))), "{:?}", items[1]);

    // A body read to the connection's end that stops inside an event.
    let client = server(|mut socket| async move {
        let head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nconnection: close\r\n\r\n";
        let _ = socket.write_all(format!("{head}data: {{\"n\":1}}\n\ndata: {{\"n\"").as_bytes()).await;
    })
    .await;
    let items = collect(client.request::<Sse<Value>>(Method::GET, "/s").await.unwrap()).await;
    assert_eq!(items.len(), 2, "{items:?}");
    let Err(Error::Decode(error)) = &items[1] else { panic!("{:?}", items[1]) };
    assert!(error.message.contains("ended inside an event"), "{error:?}");
}

#[tokio::test]
async fn dropping_a_stream_closes_the_connection() {
    let (closed, was_closed) = tokio::sync::oneshot::channel::<()>();
    let closed = std::sync::Mutex::new(Some(closed));
    let client = server(move |mut socket| {
        let closed = closed.lock().unwrap().take();
        async move {
            let _ = socket.write_all(HEAD.as_bytes()).await;
            let _ = socket.write_all(&chunk(b"data: {\"n\":1}\n\n")).await;
            // The stream stays open; reading returns only when the client closes it.
            let mut buffer = [0u8; 64];
            while let Ok(read) = socket.read(&mut buffer).await {
                if read == 0 {
                    break;
                }
            }
            if let Some(closed) = closed {
                let _ = closed.send(());
            }
        }
    })
    .await;
    let mut stream = client.request::<Sse<Value>>(Method::GET, "/s").await.unwrap();
    assert_eq!(stream.next().await.unwrap().unwrap(), json!({"n": 1}));
    assert_eq!(stream.request_id(), Some("req_sse"));
    drop(stream);
    tokio::time::timeout(GUARD, was_closed).await.expect("the connection stayed open").unwrap();
}

//! Client overhead and stream decoding, ours against async-openai 0.43, on
//! one loopback server in the same process.
//!
//! The server is a few lines of HTTP/1.1 over tokio (keep-alive, bodies and
//! answers prepared once), so nearly all of the time measured is the
//! clients': building and sending the request, reading and decoding the
//! answer. Both clients send the same request (one JSON document read into
//! each crate's `CreateChatCompletionRequest`) and read the same answers:
//! `benches::chat_completion()` (3,345 bytes) for a completion, and the 500
//! chunks of `benches::chat_completion_chunks()` for a stream, one event
//! per HTTP chunk as the API sends them.
//!
//! Measured (each a median of `ROUNDS` rounds, the contenders alternating
//! round by round so that drift on a shared machine hits both alike):
//! - `chat 1`: completions, one after another (one connection);
//! - `chat 16`: completions from sixteen tasks at once;
//! - `stream`: events per second over whole streams, one at a time.
//!
//! Run: `cargo bench -p benches --bench client` (release; about a minute).

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Rounds per measurement; the median is reported.
const ROUNDS: usize = 7;
/// Completions per round (split over the tasks when concurrent).
const REQUESTS: usize = 2_000;
/// Concurrent tasks for `chat 16`.
const TASKS: usize = 16;
/// Streams per round.
const STREAMS: usize = 40;

/// The request both clients send (`stream` is set by the streaming calls).
const REQUEST: &str = r#"{
  "model": "gpt-4o-2024-08-06",
  "messages": [
    {"role": "system", "content": "You are a weather assistant. Call tools when a forecast is asked for."},
    {"role": "user", "content": "What will the weather be in Paris, Lyon and Nice for the next three days?"}
  ],
  "temperature": 0.2,
  "max_completion_tokens": 512,
  "parallel_tool_calls": true,
  "tools": [
    {"type": "function", "function": {"name": "get_weather", "description": "Forecast for a city.",
      "parameters": {"type": "object", "properties": {"location": {"type": "string"}, "days": {"type": "integer"}},
                     "required": ["location"]}}}
  ]
}"#;

/// The answers the server sends, prepared once.
struct Answers {
    completion: Vec<u8>,
    stream: Vec<u8>,
}

impl Answers {
    fn new() -> Answers {
        let body = benches::chat_completion();
        let mut completion = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nx-request-id: req_bench\r\ncontent-length: {}\r\n\r\n",
            body.len()
        )
        .into_bytes();
        completion.extend_from_slice(body.as_bytes());

        // Chunked transfer, one SSE event per chunk, then `[DONE]`.
        let mut stream =
            b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nx-request-id: req_bench\r\ntransfer-encoding: chunked\r\n\r\n"
                .to_vec();
        let events = benches::chat_completion_chunks();
        let done = "[DONE]".to_string();
        for data in events.iter().chain([&done]) {
            let event = format!("data: {data}\n\n");
            stream.extend_from_slice(format!("{:x}\r\n{event}\r\n", event.len()).as_bytes());
        }
        stream.extend_from_slice(b"0\r\n\r\n");
        Answers { completion, stream }
    }
}

/// Serves every connection until the process ends.
async fn serve(listener: TcpListener, answers: Arc<Answers>) {
    loop {
        let Ok((socket, _)) = listener.accept().await else { continue };
        socket.set_nodelay(true).ok();
        tokio::spawn(connection(socket, answers.clone()));
    }
}

/// One keep-alive connection: read a request (headers, then
/// `content-length` bytes of body), answer, repeat.
async fn connection(mut socket: TcpStream, answers: Arc<Answers>) {
    let mut buffer = Vec::with_capacity(8 * 1024);
    loop {
        let head_end = loop {
            if let Some(at) = find(&buffer, b"\r\n\r\n") {
                break at + 4;
            }
            if !read_more(&mut socket, &mut buffer).await {
                return;
            }
        };
        let length = content_length(&buffer[..head_end]);
        while buffer.len() < head_end + length {
            if !read_more(&mut socket, &mut buffer).await {
                return;
            }
        }
        let body = &buffer[head_end..head_end + length];
        let answer = if find(body, b"\"stream\":true").is_some() { &answers.stream } else { &answers.completion };
        if socket.write_all(answer).await.is_err() {
            return;
        }
        buffer.drain(..head_end + length);
    }
}

async fn read_more(socket: &mut TcpStream, buffer: &mut Vec<u8>) -> bool {
    let mut chunk = [0u8; 8 * 1024];
    match socket.read(&mut chunk).await {
        Ok(0) | Err(_) => false,
        Ok(n) => {
            buffer.extend_from_slice(&chunk[..n]);
            true
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

fn content_length(head: &[u8]) -> usize {
    String::from_utf8_lossy(head)
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length").then(|| value.trim().parse().ok())?
        })
        .unwrap_or(0)
}

/// The two contenders, each configured for the loopback server.
struct Contenders {
    ours: openai_types::client::Client,
    ours_request: openai_types::CreateChatCompletionRequest,
    theirs: async_openai::Client<async_openai::config::OpenAIConfig>,
    theirs_request: async_openai::types::chat::CreateChatCompletionRequest,
}

impl Contenders {
    fn new(addr: SocketAddr) -> Contenders {
        let base = format!("http://{addr}/v1");
        let ours = openai_types::client::Client::builder()
            .base_url(&base)
            .api_key("sk-bench")
            .build()
            .expect("our client builds");
        let theirs = async_openai::Client::with_config(
            async_openai::config::OpenAIConfig::new().with_api_base(&base).with_api_key("sk-bench"),
        );
        Contenders {
            ours,
            ours_request: serde_json::from_str(REQUEST).expect("our request type reads the request"),
            theirs,
            theirs_request: serde_json::from_str(REQUEST).expect("async-openai reads the request"),
        }
    }

    async fn ours_chat(&self) -> usize {
        let answer = self.ours.chat().completions().create(&self.ours_request).await.expect("our completion");
        answer.choices.len()
    }

    async fn theirs_chat(&self) -> usize {
        // async-openai takes the request by value: the clone is part of its cost.
        let answer = self.theirs.chat().create(self.theirs_request.clone()).await.expect("their completion");
        answer.choices.len()
    }

    async fn ours_stream(&self) -> usize {
        let mut stream =
            self.ours.chat().completions().create_stream(&self.ours_request).await.expect("our stream starts");
        let mut events = 0;
        while let Some(chunk) = stream.next().await {
            chunk.expect("our chunk");
            events += 1;
        }
        events
    }

    async fn theirs_stream(&self) -> usize {
        let mut stream =
            self.theirs.chat().create_stream(self.theirs_request.clone()).await.expect("their stream starts");
        let mut events = 0;
        while let Some(chunk) = stream.next().await {
            chunk.expect("their chunk");
            events += 1;
        }
        events
    }
}

/// Runs `work` `count` times over `tasks` concurrent tasks and returns the
/// elapsed time. Each call must return a non-zero count (a choice, an
/// event), so a contender that silently read nothing fails the bench.
async fn timed<F, Fut>(contenders: &Arc<Contenders>, tasks: usize, count: usize, work: F) -> Duration
where
    F: Fn(Arc<Contenders>) -> Fut + Copy + Send + 'static,
    Fut: Future<Output = usize> + Send,
{
    let start = Instant::now();
    let handles: Vec<_> = (0..tasks)
        .map(|_| {
            let contenders = contenders.clone();
            tokio::spawn(async move {
                for _ in 0..count / tasks {
                    assert!(work(contenders.clone()).await > 0, "a call read nothing");
                }
            })
        })
        .collect();
    for handle in handles {
        handle.await.expect("bench task");
    }
    start.elapsed()
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// What one measurement runs: `calls` calls over `tasks` concurrent tasks,
/// each call worth `per_call` of `unit` (a request, or a stream's events).
struct Measure {
    name: &'static str,
    tasks: usize,
    calls: usize,
    per_call: f64,
    unit: &'static str,
}

/// `ROUNDS` alternating rounds of both contenders, after one warm-up round
/// each (connections opened, allocator warm). Prints `unit`s per second and
/// the ratio.
async fn compare<A, FutA, B, FutB>(measure: Measure, contenders: &Arc<Contenders>, ours: A, theirs: B)
where
    A: Fn(Arc<Contenders>) -> FutA + Copy + Send + 'static,
    FutA: Future<Output = usize> + Send,
    B: Fn(Arc<Contenders>) -> FutB + Copy + Send + 'static,
    FutB: Future<Output = usize> + Send,
{
    let Measure { name, tasks, calls, per_call, unit } = measure;
    timed(contenders, tasks, calls / 4, ours).await;
    timed(contenders, tasks, calls / 4, theirs).await;
    let (mut our_times, mut their_times) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        our_times.push(timed(contenders, tasks, calls, ours).await);
        their_times.push(timed(contenders, tasks, calls, theirs).await);
    }
    let rate = |time: Duration| (calls - calls % tasks) as f64 * per_call / time.as_secs_f64();
    let (ours, theirs) = (rate(median(our_times)), rate(median(their_times)));
    println!(
        "{name:<8} ours {ours:>10.0} {unit}/s   async-openai {theirs:>10.0} {unit}/s   ours/theirs {:.2}x",
        ours / theirs
    );
}

fn main() {
    // `cargo bench -p benches -- response_events` names a group of the serde
    // bench: a filter that is not part of "client" skips this one.
    let filters: Vec<String> = std::env::args().skip(1).filter(|arg| !arg.starts_with("--")).collect();
    if !filters.is_empty() && !filters.iter().any(|filter| "client".contains(filter.as_str())) {
        return;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("tokio runtime");
    runtime.block_on(async {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
        let addr = listener.local_addr().expect("local address");
        tokio::spawn(serve(listener, Arc::new(Answers::new())));
        let contenders = Arc::new(Contenders::new(addr));

        let events = contenders.ours_stream().await;
        assert_eq!(events, contenders.theirs_stream().await, "both clients read every event");
        assert_eq!(events, benches::CHAT_CHUNKS, "every chunk is an event");

        println!(
            "loopback server; {} worker threads; median of {ROUNDS} rounds; ratios >1 = ours faster",
            std::thread::available_parallelism().map_or(1, |n| n.get())
        );
        let chat = |name, tasks| Measure { name, tasks, calls: REQUESTS, per_call: 1.0, unit: "req" };
        let ours_chat = |c: Arc<Contenders>| async move { c.ours_chat().await };
        let theirs_chat = |c: Arc<Contenders>| async move { c.theirs_chat().await };
        compare(chat("chat 1", 1), &contenders, ours_chat, theirs_chat).await;
        compare(chat("chat 16", TASKS), &contenders, ours_chat, theirs_chat).await;
        let stream = Measure { name: "stream", tasks: 1, calls: STREAMS, per_call: events as f64, unit: "events" };
        let ours_stream = |c: Arc<Contenders>| async move { c.ours_stream().await };
        let theirs_stream = |c: Arc<Contenders>| async move { c.theirs_stream().await };
        compare(stream, &contenders, ours_stream, theirs_stream).await;
    });
}

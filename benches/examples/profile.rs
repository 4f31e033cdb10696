//! One contender on one payload, in a loop, for a profiler (the criterion
//! bench is too much machinery to read a profile of):
//!
//! ```sh
//! cargo build --release -p benches --example profile
//! valgrind --tool=callgrind target/release/examples/profile chat_chunks de ours 20
//! ```
//!
//! Arguments: payload (as in `benches::all`), `de` or `ser`, contender
//! (`ours`, `async_openai`, `openapi_types`), iterations.

use std::hint::black_box;

use benches::Payload;
use serde::de::DeserializeOwned;
use serde::Serialize;

fn run<T: DeserializeOwned + Serialize>(payload: &Payload, op: &str, iterations: usize) {
    let docs = payload.documents();
    match op {
        "de" => {
            for _ in 0..iterations {
                for doc in docs {
                    let parsed: T = serde_json::from_str(black_box(doc)).expect("a valid payload");
                    black_box(parsed);
                }
            }
        }
        "ser" => {
            let items: Vec<T> = docs
                .iter()
                .map(|doc| serde_json::from_str(doc).expect("a valid payload"))
                .collect();
            let mut buf = Vec::with_capacity(1 << 20);
            for _ in 0..iterations {
                for item in &items {
                    buf.clear();
                    serde_json::to_writer(&mut buf, black_box(item)).expect("writing to a Vec");
                    black_box(&buf);
                }
            }
        }
        other => panic!("unknown operation {other}: de or ser"),
    }
}

/// The three contenders' types for one payload.
macro_rules! contenders {
    ($who:expr, $payload:expr, $op:expr, $n:expr, $ours:ty, $async_openai:ty, $openapi_types:ty) => {
        match $who {
            "ours" => run::<$ours>($payload, $op, $n),
            "async_openai" => run::<$async_openai>($payload, $op, $n),
            "openapi_types" => run::<$openapi_types>($payload, $op, $n),
            other => panic!("unknown contender {other}"),
        }
    };
}

fn main() {
    use async_openai::types::{chat, files, responses};
    use openai_openapi_types as oot;

    let args: Vec<String> = std::env::args().skip(1).collect();
    let [name, op, who, n] = args.as_slice() else {
        panic!("usage: profile PAYLOAD de|ser CONTENDER ITERATIONS");
    };
    let n: usize = n.parse().expect("a number of iterations");
    let (_, payload) = benches::all()
        .into_iter()
        .find(|(payload, _)| payload == name)
        .unwrap_or_else(|| panic!("no payload {name}"));
    let (p, op, who) = (&payload, op.as_str(), who.as_str());
    match name.as_str() {
        "chat_completion" => contenders!(
            who,
            p,
            op,
            n,
            openai_types::CreateChatCompletionResponse,
            chat::CreateChatCompletionResponse,
            oot::CreateChatCompletionResponse
        ),
        "chat_chunks" => contenders!(
            who,
            p,
            op,
            n,
            openai_types::CreateChatCompletionStreamResponse,
            chat::CreateChatCompletionStreamResponse,
            oot::CreateChatCompletionStreamResponse
        ),
        "response" => contenders!(
            who,
            p,
            op,
            n,
            openai_types::Response,
            responses::Response,
            oot::Response
        ),
        "response_events" => contenders!(
            who,
            p,
            op,
            n,
            openai_types::ResponseStreamEvent,
            responses::ResponseStreamEvent,
            oot::ResponseStreamEvent
        ),
        "chat_request" => contenders!(
            who,
            p,
            op,
            n,
            openai_types::CreateChatCompletionRequest,
            chat::CreateChatCompletionRequest,
            oot::CreateChatCompletionRequest
        ),
        "responses_request" => contenders!(
            who,
            p,
            op,
            n,
            openai_types::CreateResponse,
            responses::CreateResponse,
            oot::CreateResponse
        ),
        "file_list" => contenders!(
            who,
            p,
            op,
            n,
            openai_types::ListFilesResponse,
            files::ListFilesResponse,
            oot::ListFilesResponse
        ),
        other => panic!("payload {other} has no types assigned"),
    }
}

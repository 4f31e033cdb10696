//! Serde throughput of the generated types, on the same bytes as four
//! baselines: `serde_json::Value` (untyped), `serde::de::IgnoredAny` (the
//! parse floor: tokenize and skip, build nothing) and two typed peers,
//! async-openai 0.43 and openai-openapi-types 0.6.
//!
//! One criterion group per payload (see `benches::all`), each with
//! `de/{ours,value,ignored_any,async_openai,openapi_types}` and
//! `ser/{ours,value,async_openai,openapi_types}`. Throughput is the payload's input bytes
//! for every benchmark of the group, serialization included, so MB/s compare
//! like with like (what each contender writes back differs slightly).
//! Deserialization includes dropping the result, for every contender.
//!
//! Run: `cargo bench -p benches` (add `-- <filter>` for one group).

use std::hint::black_box;
use std::time::Duration;

use benches::Payload;
use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion, Throughput};
use serde::de::{DeserializeOwned, IgnoredAny};
use serde::Serialize;
use serde_json::Value;

/// Parses every document as `T`, or says which document `T` rejects: a
/// payload a contender rejects would otherwise be benchmarked on its error
/// path.
fn try_parse_all<T: DeserializeOwned>(group: &str, payload: &Payload) -> Result<Vec<T>, String> {
    payload
        .documents()
        .iter()
        .enumerate()
        .map(|(i, doc)| {
            serde_json::from_str(doc).map_err(|e| {
                format!(
                    "{group}[{i}] rejected by {}: {e}",
                    std::any::type_name::<T>()
                )
            })
        })
        .collect()
}

/// Like [`try_parse_all`], for the contenders that must read everything.
fn parse_all<T: DeserializeOwned>(group: &str, payload: &Payload) -> Vec<T> {
    try_parse_all(group, payload).unwrap_or_else(|e| panic!("{e}"))
}

/// Deserializes each document as `T` and drops it.
fn bench_de<T: DeserializeOwned>(
    group: &mut BenchmarkGroup<'_, criterion::measurement::WallTime>,
    id: &str,
    payload: &Payload,
) {
    let docs = payload.documents();
    group.bench_function(id, |b| {
        b.iter(|| {
            for doc in docs {
                let parsed: T = serde_json::from_str(black_box(doc)).expect("checked at setup");
                black_box(parsed);
            }
        })
    });
}

/// Serializes each already-parsed document into one reused buffer (so the
/// allocator is not what we measure).
fn bench_ser<T: Serialize>(
    group: &mut BenchmarkGroup<'_, criterion::measurement::WallTime>,
    id: &str,
    items: &[T],
    capacity: usize,
) {
    let mut buf = Vec::with_capacity(capacity * 2);
    group.bench_function(id, |b| {
        b.iter(|| {
            for item in items {
                buf.clear();
                serde_json::to_writer(&mut buf, black_box(item)).expect("writing to a Vec");
                black_box(&buf);
            }
        })
    });
}

/// A typed peer: benchmarked on a payload only if it reads every document;
/// otherwise the bench says so and leaves it out of the group (the summary
/// then shows a dash).
fn bench_peer<T: DeserializeOwned + Serialize>(
    group: &mut BenchmarkGroup<'_, criterion::measurement::WallTime>,
    id: &str,
    name: &str,
    payload: &Payload,
    largest: usize,
) {
    match try_parse_all::<T>(name, payload) {
        Ok(items) => {
            bench_de::<T>(group, &format!("de/{id}"), payload);
            bench_ser(group, &format!("ser/{id}"), &items, largest);
        }
        Err(e) => eprintln!("{name}: {id} left out of this group: {e}"),
    }
}

/// One group: all contenders on the same payload.
fn bench_payload<Ours, AsyncOpenai, OpenapiTypes>(c: &mut Criterion, name: &str, payload: &Payload)
where
    Ours: DeserializeOwned + Serialize,
    AsyncOpenai: DeserializeOwned + Serialize,
    OpenapiTypes: DeserializeOwned + Serialize,
{
    // Setup: ours and the untyped baselines must accept every document.
    let ours: Vec<Ours> = parse_all(name, payload);
    let values: Vec<Value> = parse_all(name, payload);
    let _: Vec<IgnoredAny> = parse_all(name, payload);
    let largest = payload
        .documents()
        .iter()
        .map(String::len)
        .max()
        .unwrap_or(0);

    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Bytes(payload.len() as u64));
    bench_de::<Ours>(&mut group, "de/ours", payload);
    bench_de::<Value>(&mut group, "de/value", payload);
    bench_de::<IgnoredAny>(&mut group, "de/ignored_any", payload);
    bench_ser(&mut group, "ser/ours", &ours, largest);
    bench_ser(&mut group, "ser/value", &values, largest);
    bench_peer::<AsyncOpenai>(&mut group, "async_openai", name, payload, largest);
    bench_peer::<OpenapiTypes>(&mut group, "openapi_types", name, payload, largest);
    group.finish();
}

fn payloads(c: &mut Criterion) {
    use async_openai::types::{chat, files, responses};
    use openai_openapi_types as oot;

    for (name, payload) in benches::all() {
        match name {
            "chat_completion" => bench_payload::<
                openai_types::CreateChatCompletionResponse,
                chat::CreateChatCompletionResponse,
                oot::CreateChatCompletionResponse,
            >(c, name, &payload),
            "chat_chunks" => bench_payload::<
                openai_types::CreateChatCompletionStreamResponse,
                chat::CreateChatCompletionStreamResponse,
                oot::CreateChatCompletionStreamResponse,
            >(c, name, &payload),
            "response" => {
                bench_payload::<openai_types::Response, responses::Response, oot::Response>(
                    c, name, &payload,
                )
            }
            "response_events" => bench_payload::<
                openai_types::ResponseStreamEvent,
                responses::ResponseStreamEvent,
                oot::ResponseStreamEvent,
            >(c, name, &payload),
            "chat_request" => bench_payload::<
                openai_types::CreateChatCompletionRequest,
                chat::CreateChatCompletionRequest,
                oot::CreateChatCompletionRequest,
            >(c, name, &payload),
            "responses_request" => bench_payload::<
                openai_types::CreateResponse,
                responses::CreateResponse,
                oot::CreateResponse,
            >(c, name, &payload),
            "file_list" => bench_payload::<
                openai_types::ListFilesResponse,
                files::ListFilesResponse,
                oot::ListFilesResponse,
            >(c, name, &payload),
            other => panic!("payload {other} has no types assigned in benches/serde.rs"),
        }
    }
}

criterion_group! {
    name = serde;
    // Short runs: the whole suite finishes in a few minutes on 2 cores.
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(20);
    targets = payloads
}
criterion_main!(serde);

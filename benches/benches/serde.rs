//! Serde throughput of the generated types, on the same bytes as three
//! baselines: `serde_json::Value` (untyped), `serde::de::IgnoredAny` (the
//! parse floor: tokenize and skip, build nothing) and async-openai 0.43.
//!
//! One criterion group per payload (see `benches::all`), each with
//! `de/{ours,value,ignored_any,async_openai}` and
//! `ser/{ours,value,async_openai}`. Throughput is the payload's input bytes
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

/// Parses every document as `T`, failing loudly with the document's index:
/// a payload one of the contenders rejects would otherwise be benchmarked on
/// its error path.
fn parse_all<T: DeserializeOwned>(group: &str, payload: &Payload) -> Vec<T> {
    payload
        .documents()
        .iter()
        .enumerate()
        .map(|(i, doc)| {
            serde_json::from_str(doc).unwrap_or_else(|e| {
                panic!(
                    "{group}[{i}] rejected by {}: {e}",
                    std::any::type_name::<T>()
                )
            })
        })
        .collect()
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

/// One group: all contenders on the same payload.
fn bench_payload<Ours, Theirs>(c: &mut Criterion, name: &str, payload: &Payload)
where
    Ours: DeserializeOwned + Serialize,
    Theirs: DeserializeOwned + Serialize,
{
    // Setup: every contender must accept every document.
    let ours: Vec<Ours> = parse_all(name, payload);
    let theirs: Vec<Theirs> = parse_all(name, payload);
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
    bench_de::<Theirs>(&mut group, "de/async_openai", payload);
    bench_ser(&mut group, "ser/ours", &ours, largest);
    bench_ser(&mut group, "ser/value", &values, largest);
    bench_ser(&mut group, "ser/async_openai", &theirs, largest);
    group.finish();
}

fn payloads(c: &mut Criterion) {
    use async_openai::types::{chat, files, responses};

    for (name, payload) in benches::all() {
        match name {
            "chat_completion" => bench_payload::<
                openai_types::CreateChatCompletionResponse,
                chat::CreateChatCompletionResponse,
            >(c, name, &payload),
            "chat_chunks" => bench_payload::<
                openai_types::CreateChatCompletionStreamResponse,
                chat::CreateChatCompletionStreamResponse,
            >(c, name, &payload),
            "response" => {
                bench_payload::<openai_types::Response, responses::Response>(c, name, &payload)
            }
            "response_events" => bench_payload::<
                openai_types::ResponseStreamEvent,
                responses::ResponseStreamEvent,
            >(c, name, &payload),
            "file_list" => {
                bench_payload::<openai_types::ListFilesResponse, files::ListFilesResponse>(
                    c, name, &payload,
                )
            }
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

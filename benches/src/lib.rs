//! Payloads shared by the benchmarks (`benches/serde.rs`) and the validity
//! test (`tests/payloads.rs`).
//!
//! Every payload is built deterministically (a fixed-seed generator, no
//! clock) and shaped like what the OpenAI API sends today: non-streaming
//! bodies are pretty-printed with two-space indentation, streamed documents
//! are the compact `data:` lines of server-sent events (without the `data: `
//! prefix). Values that the API sends as `null` are sent as `null` here too,
//! and every payload must be accepted by `openai_types` and by both peers,
//! async-openai 0.43 and openai-openapi-types 0.6, so the same bytes go
//! through every contender.

use serde_json::{json, Value};

/// A payload as it travels on the wire: one JSON document, or a stream of
/// documents parsed one by one.
#[derive(Clone, Debug)]
pub enum Payload {
    /// One document, e.g. a response body.
    Single(String),
    /// A sequence of documents, e.g. the `data:` lines of an SSE stream.
    Stream(Vec<String>),
}

impl Payload {
    /// Total number of JSON bytes (what criterion's throughput counts).
    pub fn len(&self) -> usize {
        match self {
            Payload::Single(doc) => doc.len(),
            Payload::Stream(docs) => docs.iter().map(String::len).sum(),
        }
    }

    /// Whether there are no bytes at all (never true for our payloads).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The documents, whatever the shape.
    pub fn documents(&self) -> &[String] {
        match self {
            Payload::Single(doc) => std::slice::from_ref(doc),
            Payload::Stream(docs) => docs,
        }
    }
}

/// Number of chunks in [`chat_completion_chunks`].
pub const CHAT_CHUNKS: usize = 500;
/// Number of output items in [`response`].
pub const RESPONSE_OUTPUT_ITEMS: usize = 200;
/// Number of `response.output_text.delta` events in [`response_stream_events`].
pub const RESPONSE_TEXT_DELTAS: usize = 800;
/// Number of files in [`file_list`].
pub const FILES: usize = 1_000;

const CREATED: i64 = 1_755_792_000; // 2025-08-21T16:00:00Z
const CHAT_MODEL: &str = "gpt-4o-2024-08-06";
const RESPONSES_MODEL: &str = "gpt-5-2025-08-07";
const FINGERPRINT: &str = "fp_07871e2ad8";

/// A small xorshift generator: deterministic, no dependency, good enough to
/// vary lengths and pick words.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % (hi - lo) as u64) as i64
    }

    /// Characters from `alphabet`, as in the API's opaque identifiers.
    fn chars(&mut self, alphabet: &[u8], len: usize) -> String {
        (0..len)
            .map(|_| alphabet[self.below(alphabet.len())] as char)
            .collect()
    }

    fn alnum(&mut self, len: usize) -> String {
        self.chars(
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
            len,
        )
    }

    fn hex(&mut self, len: usize) -> String {
        self.chars(b"0123456789abcdef", len)
    }

    /// An id like the Responses API's: prefix plus 48 hex digits.
    fn item_id(&mut self, prefix: &str) -> String {
        format!("{prefix}_{}", self.hex(48))
    }

    /// Text as a model writes it: words, punctuation, sometimes a newline,
    /// a quote or a non-ASCII character (so escapes and UTF-8 are exercised).
    fn prose(&mut self, words: usize) -> String {
        let mut text = String::new();
        for i in 0..words {
            if i > 0 {
                text.push(' ');
            }
            text.push_str(self.token_word());
            match self.below(40) {
                0..=2 => text.push(','),
                3 => text.push('.'),
                4 if i + 1 < words => text.push_str(".\n\n"),
                _ => {}
            }
        }
        text.push('.');
        text
    }

    fn token_word(&mut self) -> &'static str {
        WORDS[self.below(WORDS.len())]
    }

    /// The `obfuscation` padding the API adds to streamed events: random
    /// alphanumerics of varying length.
    fn obfuscation(&mut self) -> String {
        let len = 1 + self.below(15);
        self.alnum(len)
    }
}

const WORDS: &[&str] = &[
    "the",
    "model",
    "returns",
    "a",
    "response",
    "with",
    "several",
    "tool",
    "calls",
    "and",
    "weather",
    "forecast",
    "for",
    "Paris",
    "Zürich",
    "São Paulo",
    "東京",
    "temperature",
    "is",
    "expected",
    "to",
    "reach",
    "23°C",
    "tomorrow",
    "\"quoted\"",
    "according",
    "latest",
    "report",
    "from",
    "Météo-France",
    "which",
    "also",
    "mentions",
    "light",
    "rain",
    "in",
    "afternoon",
    "so",
    "consider",
    "bringing",
    "an",
    "umbrella",
    "if",
    "you",
    "plan",
    "walk",
    "along",
    "Seine",
    "evening",
    "—",
    "however",
    "wind",
    "should",
    "stay",
    "below",
    "15 km/h",
];

const CITIES: &[&str] = &[
    "Paris, France",
    "Zürich, Switzerland",
    "São Paulo, Brazil",
    "Tokyo, Japan",
    "New York, NY",
    "Nairobi, Kenya",
    "Reykjavík, Iceland",
    "Sydney, Australia",
];

fn pretty(value: &Value) -> String {
    // Serializing a `Value` cannot fail (string keys only).
    serde_json::to_string_pretty(value).expect("a serde_json::Value always serializes")
}

fn compact(value: &Value) -> String {
    serde_json::to_string(value).expect("a serde_json::Value always serializes")
}

fn weather_arguments(rng: &mut Rng) -> String {
    let city = CITIES[rng.below(CITIES.len())];
    let days = rng.range(1, 8);
    let unit = if rng.below(2) == 0 {
        "celsius"
    } else {
        "fahrenheit"
    };
    // The API sends arguments as a JSON-encoded string.
    compact(&json!({"location": city, "unit": unit, "days": days, "include_hourly": days < 3}))
}

/// A chat completion whose single choice calls several tools in parallel
/// (`finish_reason: "tool_calls"`), as `POST /v1/chat/completions` returns it.
pub fn chat_completion() -> String {
    let mut rng = Rng::new(1);
    let tool_calls: Vec<Value> = (0..8)
        .map(|i| {
            let name = ["get_weather", "get_air_quality", "search_flights"][i % 3];
            json!({
                "id": format!("call_{}", rng.alnum(24)),
                "type": "function",
                "function": {"name": name, "arguments": weather_arguments(&mut rng)}
            })
        })
        .collect();
    pretty(&json!({
        "id": format!("chatcmpl-{}", rng.alnum(29)),
        "object": "chat.completion",
        "created": CREATED,
        "model": CHAT_MODEL,
        "choices": [{
            "index": 0,
            "message": {
                "role": "assistant",
                "content": null,
                "tool_calls": tool_calls,
                "refusal": null,
                "annotations": []
            },
            "logprobs": null,
            "finish_reason": "tool_calls"
        }],
        "usage": {
            "prompt_tokens": 412,
            "completion_tokens": 187,
            "total_tokens": 599,
            "prompt_tokens_details": {"cached_tokens": 256, "audio_tokens": 0},
            "completion_tokens_details": {
                "reasoning_tokens": 0,
                "audio_tokens": 0,
                "accepted_prediction_tokens": 0,
                "rejected_prediction_tokens": 0
            }
        },
        "service_tier": "default",
        "system_fingerprint": FINGERPRINT
    }))
}

/// A streamed chat completion with `stream_options.include_usage`: a role
/// chunk, [`CHAT_CHUNKS`] minus a few text chunks, one tool call streamed in
/// pieces, the finish chunk and the usage chunk. Each element is one `data:`
/// line.
pub fn chat_completion_chunks() -> Vec<String> {
    let mut rng = Rng::new(2);
    let id = format!("chatcmpl-{}", rng.alnum(29));
    let call_id = format!("call_{}", rng.alnum(24));
    // Every chunk repeats the same envelope; only `choices` and `usage` vary.
    let chunk = |rng: &mut Rng, choices: Value, usage: Value| {
        compact(&json!({
            "id": id,
            "object": "chat.completion.chunk",
            "created": CREATED,
            "model": CHAT_MODEL,
            "service_tier": "default",
            "system_fingerprint": FINGERPRINT,
            "choices": choices,
            "usage": usage,
            "obfuscation": rng.obfuscation()
        }))
    };
    // The tool call's arguments, cut in ~40 pieces; the text chunks fill the
    // rest so that the stream has exactly CHAT_CHUNKS documents.
    let arguments: Vec<char> = weather_arguments(&mut rng).chars().collect();
    let pieces: Vec<String> = arguments
        .chunks(arguments.len().div_ceil(40))
        .map(|piece| piece.iter().collect())
        .collect();
    let text_chunks = CHAT_CHUNKS - pieces.len() - 4; // role, header, finish, usage
    let mut chunks = Vec::with_capacity(CHAT_CHUNKS);

    let first = json!([{"index": 0, "delta": {"role": "assistant", "content": "", "refusal": null}, "logprobs": null, "finish_reason": null}]);
    chunks.push(chunk(&mut rng, first, Value::Null));
    for i in 0..text_chunks {
        let word = rng.token_word();
        let piece = if i == 0 {
            word.to_owned()
        } else {
            format!(" {word}")
        };
        let choices = json!([{"index": 0, "delta": {"content": piece}, "logprobs": null, "finish_reason": null}]);
        chunks.push(chunk(&mut rng, choices, Value::Null));
    }
    // The tool call: the first chunk carries id, type and name, the next
    // ones carry slices of the arguments string.
    let header = json!([{"index": 0, "delta": {"tool_calls": [{"index": 0, "id": call_id, "type": "function", "function": {"name": "get_weather", "arguments": ""}}]}, "logprobs": null, "finish_reason": null}]);
    chunks.push(chunk(&mut rng, header, Value::Null));
    for piece in &pieces {
        let choices = json!([{"index": 0, "delta": {"tool_calls": [{"index": 0, "function": {"arguments": piece}}]}, "logprobs": null, "finish_reason": null}]);
        chunks.push(chunk(&mut rng, choices, Value::Null));
    }
    let finish =
        json!([{"index": 0, "delta": {}, "logprobs": null, "finish_reason": "tool_calls"}]);
    chunks.push(chunk(&mut rng, finish, Value::Null));
    let usage = json!({
        "prompt_tokens": 1_024,
        "completion_tokens": text_chunks + pieces.len(),
        "total_tokens": 1_024 + text_chunks + pieces.len(),
        "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
        "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0, "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0}
    });
    chunks.push(chunk(&mut rng, json!([]), usage));
    chunks
}

/// The tool definitions a Responses request declared; the API echoes them in
/// every `Response`.
fn response_tools() -> Value {
    json!([{
        "type": "function",
        "name": "get_weather",
        "description": "Get the current weather and forecast for a location.",
        "parameters": {
            "type": "object",
            "properties": {
                "location": {"type": "string", "description": "City and country, e.g. Paris, France"},
                "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
                "days": {"type": "integer", "minimum": 1, "maximum": 7},
                "include_hourly": {"type": "boolean"}
            },
            "required": ["location", "unit", "days", "include_hourly"],
            "additionalProperties": false
        },
        "strict": true
    }])
}

/// A `Response` object with the given status and output, with every
/// top-level field the API sends (nulls included).
fn response_object(id: &str, status: &str, output: Vec<Value>, usage: Value) -> Value {
    let completed = status == "completed";
    json!({
        "id": id,
        "object": "response",
        "created_at": CREATED,
        "status": status,
        "background": false,
        "billing": {"payer": "developer"},
        "completed_at": if completed { json!(CREATED + 38) } else { Value::Null },
        "error": null,
        "incomplete_details": null,
        "instructions": "You are a helpful travel assistant. Cite your sources.",
        "max_output_tokens": null,
        "max_tool_calls": null,
        "model": RESPONSES_MODEL,
        "output": output,
        "parallel_tool_calls": true,
        "previous_response_id": null,
        "prompt_cache_key": null,
        "prompt_cache_retention": null,
        "reasoning": {"effort": "medium", "summary": "auto"},
        "safety_identifier": null,
        "service_tier": "default",
        "store": true,
        "temperature": 1.0,
        "text": {"format": {"type": "text"}, "verbosity": "medium"},
        "tool_choice": "auto",
        "tools": response_tools(),
        "top_logprobs": 0,
        "top_p": 1.0,
        "truncation": "disabled",
        "usage": usage,
        "user": null,
        "metadata": {}
    })
}

fn responses_usage(output_tokens: usize) -> Value {
    json!({
        "input_tokens": 2_311,
        "input_tokens_details": {"cached_tokens": 1_920, "cache_write_tokens": 0},
        "output_tokens": output_tokens,
        "output_tokens_details": {"reasoning_tokens": output_tokens / 3},
        "total_tokens": 2_311 + output_tokens
    })
}

fn reasoning_item(rng: &mut Rng) -> Value {
    let parts: Vec<Value> = (0..1 + rng.below(3))
        .map(|_| {
            let words = 20 + rng.below(40);
            json!({"type": "summary_text", "text": format!("**Planning the answer**\n\n{}", rng.prose(words))})
        })
        .collect();
    json!({"id": rng.item_id("rs"), "type": "reasoning", "summary": parts})
}

fn web_search_item(rng: &mut Rng) -> Value {
    let city = CITIES[rng.below(CITIES.len())];
    json!({
        "id": rng.item_id("ws"),
        "type": "web_search_call",
        "status": "completed",
        "action": {
            "type": "search",
            "query": format!("weather forecast {city}"),
            "queries": [format!("weather forecast {city}"), format!("{city} rain tomorrow")],
            "sources": [
                {"type": "url", "url": "https://www.meteofrance.com/previsions-meteo-france/paris/75000"},
                {"type": "url", "url": "https://weather.com/weather/tenday/l/Paris+France"}
            ]
        }
    })
}

fn message_item(rng: &mut Rng) -> Value {
    let words = 40 + rng.below(120);
    let text = rng.prose(words);
    let len = text.chars().count() as u64;
    json!({
        "id": rng.item_id("msg"),
        "type": "message",
        "status": "completed",
        "content": [{
            "type": "output_text",
            "annotations": [
                {"type": "url_citation", "start_index": len / 3, "end_index": len / 2, "title": "Paris weather forecast – Météo-France", "url": "https://www.meteofrance.com/previsions-meteo-france/paris/75000?utm_source=openai"},
                {"type": "url_citation", "start_index": len / 2 + 1, "end_index": len - 1, "title": "10-Day Weather Forecast for Paris", "url": "https://weather.com/weather/tenday/l/Paris+France?utm_source=openai"}
            ],
            "logprobs": [],
            "text": text
        }],
        "role": "assistant"
    })
}

fn function_call_item(rng: &mut Rng) -> Value {
    json!({
        "id": rng.item_id("fc"),
        "type": "function_call",
        "status": "completed",
        "arguments": weather_arguments(rng),
        "call_id": format!("call_{}", rng.alnum(24)),
        "name": "get_weather"
    })
}

fn file_search_item(rng: &mut Rng) -> Value {
    json!({
        "id": rng.item_id("fs"),
        "type": "file_search_call",
        "status": "completed",
        "queries": ["packing list for a rainy city break", "travel insurance weather clause"],
        "results": null
    })
}

/// A `Response` (`GET /v1/responses/{id}`) from a long agentic turn:
/// [`RESPONSE_OUTPUT_ITEMS`] output items cycling through reasoning, web
/// search, function calls, file search and cited messages.
pub fn response() -> String {
    let mut rng = Rng::new(3);
    let id = rng.item_id("resp");
    let output: Vec<Value> = (0..RESPONSE_OUTPUT_ITEMS)
        .map(|i| match i % 5 {
            0 => reasoning_item(&mut rng),
            1 => web_search_item(&mut rng),
            2 => function_call_item(&mut rng),
            3 => file_search_item(&mut rng),
            _ => message_item(&mut rng),
        })
        .collect();
    pretty(&response_object(
        &id,
        "completed",
        output,
        responses_usage(9_876),
    ))
}

/// The events of a streamed Responses call (`stream: true`): created,
/// in_progress, a reasoning item with summary deltas, a function call with
/// argument deltas, then a message streamed as [`RESPONSE_TEXT_DELTAS`]
/// `response.output_text.delta` events, and completed (which repeats the
/// whole response). Each element is one `data:` line.
pub fn response_stream_events() -> Vec<String> {
    let mut rng = Rng::new(4);
    let resp_id = rng.item_id("resp");
    let rs_id = rng.item_id("rs");
    let fc_id = rng.item_id("fc");
    let msg_id = rng.item_id("msg");
    let call_id = format!("call_{}", rng.alnum(24));
    let mut seq = 0u64;
    let mut events = Vec::new();
    // Each event gets the next sequence number, as the API numbers them.
    let mut push = |event: Value| {
        let mut event = event;
        event["sequence_number"] = json!(seq);
        seq += 1;
        events.push(compact(&event));
    };

    push(
        json!({"type": "response.created", "response": response_object(&resp_id, "in_progress", vec![], Value::Null)}),
    );
    push(
        json!({"type": "response.in_progress", "response": response_object(&resp_id, "in_progress", vec![], Value::Null)}),
    );

    // Reasoning summary, streamed.
    push(
        json!({"type": "response.output_item.added", "output_index": 0, "item": {"id": rs_id, "type": "reasoning", "summary": []}}),
    );
    push(
        json!({"type": "response.reasoning_summary_part.added", "item_id": rs_id, "output_index": 0, "summary_index": 0, "part": {"type": "summary_text", "text": ""}}),
    );
    let mut summary = String::new();
    for i in 0..60 {
        let delta = if i == 0 {
            rng.token_word().to_owned()
        } else {
            format!(" {}", rng.token_word())
        };
        summary.push_str(&delta);
        push(
            json!({"type": "response.reasoning_summary_text.delta", "item_id": rs_id, "output_index": 0, "summary_index": 0, "delta": delta, "obfuscation": rng.obfuscation()}),
        );
    }
    push(
        json!({"type": "response.reasoning_summary_text.done", "item_id": rs_id, "output_index": 0, "summary_index": 0, "text": summary}),
    );
    push(
        json!({"type": "response.reasoning_summary_part.done", "item_id": rs_id, "output_index": 0, "summary_index": 0, "part": {"type": "summary_text", "text": summary}}),
    );
    let reasoning_done = json!({"id": rs_id, "type": "reasoning", "summary": [{"type": "summary_text", "text": summary}]});
    push(json!({"type": "response.output_item.done", "output_index": 0, "item": reasoning_done}));

    // A function call, arguments streamed in pieces.
    let arguments = weather_arguments(&mut rng);
    push(
        json!({"type": "response.output_item.added", "output_index": 1, "item": {"id": fc_id, "type": "function_call", "status": "in_progress", "arguments": "", "call_id": call_id, "name": "get_weather"}}),
    );
    let chars: Vec<char> = arguments.chars().collect();
    for piece in chars.chunks(4) {
        let piece: String = piece.iter().collect();
        push(
            json!({"type": "response.function_call_arguments.delta", "item_id": fc_id, "output_index": 1, "delta": piece, "obfuscation": rng.obfuscation()}),
        );
    }
    push(
        json!({"type": "response.function_call_arguments.done", "item_id": fc_id, "name": "get_weather", "output_index": 1, "arguments": arguments}),
    );
    let call_done = json!({"id": fc_id, "type": "function_call", "status": "completed", "arguments": arguments, "call_id": call_id, "name": "get_weather"});
    push(json!({"type": "response.output_item.done", "output_index": 1, "item": call_done}));

    // The message, one delta per token.
    push(
        json!({"type": "response.output_item.added", "output_index": 2, "item": {"id": msg_id, "type": "message", "status": "in_progress", "content": [], "role": "assistant"}}),
    );
    push(
        json!({"type": "response.content_part.added", "item_id": msg_id, "output_index": 2, "content_index": 0, "part": {"type": "output_text", "annotations": [], "logprobs": [], "text": ""}}),
    );
    let mut text = String::new();
    for i in 0..RESPONSE_TEXT_DELTAS {
        let delta = if i == 0 {
            rng.token_word().to_owned()
        } else {
            format!(" {}", rng.token_word())
        };
        text.push_str(&delta);
        push(
            json!({"type": "response.output_text.delta", "item_id": msg_id, "output_index": 2, "content_index": 0, "delta": delta, "logprobs": [], "obfuscation": rng.obfuscation()}),
        );
    }
    push(
        json!({"type": "response.output_text.done", "item_id": msg_id, "output_index": 2, "content_index": 0, "text": text, "logprobs": []}),
    );
    let part = json!({"type": "output_text", "annotations": [], "logprobs": [], "text": text});
    push(
        json!({"type": "response.content_part.done", "item_id": msg_id, "output_index": 2, "content_index": 0, "part": part}),
    );
    let message_done = json!({"id": msg_id, "type": "message", "status": "completed", "content": [part], "role": "assistant"});
    push(json!({"type": "response.output_item.done", "output_index": 2, "item": message_done}));

    let output = vec![reasoning_done, call_done, message_done];
    let usage = responses_usage(RESPONSE_TEXT_DELTAS + 60 + chars.len() / 4);
    push(
        json!({"type": "response.completed", "response": response_object(&resp_id, "completed", output, usage)}),
    );
    events
}

/// `GET /v1/files` with [`FILES`] files of mixed purposes.
pub fn file_list() -> String {
    let mut rng = Rng::new(5);
    // (purpose, file name stem, extension) as users upload them.
    const KINDS: &[(&str, &str, &str)] = &[
        ("fine-tune", "training_data", "jsonl"),
        ("batch", "batch_requests", "jsonl"),
        ("batch_output", "batch_output", "jsonl"),
        ("assistants", "product_manual", "pdf"),
        ("user_data", "quarterly_report", "pdf"),
        ("vision", "receipt_scan", "png"),
        ("fine-tune-results", "step_metrics", "csv"),
        ("assistants_output", "chart", "png"),
    ];
    let files: Vec<Value> = (0..FILES)
        .map(|i| {
            let (purpose, stem, ext) = KINDS[rng.below(KINDS.len())];
            // Batch files expire (30 days); the others do not.
            let created = CREATED - 3_600 * i as i64 - rng.range(0, 3_600);
            let expires = if purpose.starts_with("batch") {
                json!(created + 30 * 86_400)
            } else {
                Value::Null
            };
            json!({
                "object": "file",
                "id": format!("file-{}", rng.alnum(22)),
                "purpose": purpose,
                "filename": format!("{stem}_{:04}.{ext}", i),
                "bytes": rng.range(512, 50_000_000),
                "created_at": created,
                "expires_at": expires,
                "status": "processed",
                "status_details": null
            })
        })
        .collect();
    let first_id = files
        .first()
        .map(|f| f["id"].clone())
        .unwrap_or(Value::Null);
    let last_id = files.last().map(|f| f["id"].clone()).unwrap_or(Value::Null);
    pretty(&json!({
        "object": "list",
        "data": files,
        "first_id": first_id,
        "last_id": last_id,
        "has_more": true
    }))
}

/// The JSON schema the requests ask the answer to follow (structured
/// outputs): a trip plan with a list of days.
fn trip_plan_schema() -> Value {
    json!({
        "type": "object",
        "properties": {
            "city": {"type": "string"},
            "days": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "date": {"type": "string", "description": "ISO 8601 date"},
                        "forecast": {"type": "string"},
                        "activities": {"type": "array", "items": {"type": "string"}},
                        "umbrella": {"type": "boolean"}
                    },
                    "required": ["date", "forecast", "activities", "umbrella"],
                    "additionalProperties": false
                }
            },
            "sources": {"type": "array", "items": {"type": "string", "format": "uri"}}
        },
        "required": ["city", "days", "sources"],
        "additionalProperties": false
    })
}

/// The function tools of the chat request, in the chat API's shape
/// (`{"type": "function", "function": {...}}`).
fn chat_tools() -> Value {
    let weather = &response_tools()[0];
    json!([
        {"type": "function", "function": {
            "name": "get_weather",
            "description": weather["description"],
            "parameters": weather["parameters"],
            "strict": true
        }},
        {"type": "function", "function": {
            "name": "get_air_quality",
            "description": "Air quality index and main pollutants for a location.",
            "parameters": {
                "type": "object",
                "properties": {"location": {"type": "string"}},
                "required": ["location"],
                "additionalProperties": false
            },
            "strict": true
        }},
        {"type": "function", "function": {
            "name": "search_flights",
            "description": "Search direct flights between two airports on a date.",
            "parameters": {
                "type": "object",
                "properties": {
                    "from": {"type": "string", "description": "IATA code"},
                    "to": {"type": "string", "description": "IATA code"},
                    "date": {"type": "string"},
                    "passengers": {"type": "integer", "minimum": 1}
                },
                "required": ["from", "to", "date"]
            }
        }}
    ])
}

/// Number of conversation turns (user question, assistant tool calls, tool
/// answers, assistant answer) in [`chat_completion_request`].
pub const CHAT_REQUEST_TURNS: usize = 6;

/// A `POST /v1/chat/completions` body as an agent sends it mid-conversation:
/// a developer message, [`CHAT_REQUEST_TURNS`] turns of user messages (text,
/// some with an image part), assistant tool calls, tool answers and
/// assistant answers, three function tools and a `json_schema` response
/// format.
pub fn chat_completion_request() -> String {
    let mut rng = Rng::new(6);
    let mut messages = vec![
        json!({"role": "developer", "content": "You are a helpful travel assistant. Use the tools for live data and cite your sources."}),
        json!({"role": "system", "content": [{"type": "text", "text": "Today is 2025-08-21. Answer in the user's language."}]}),
    ];
    for turn in 0..CHAT_REQUEST_TURNS {
        let city = CITIES[rng.below(CITIES.len())];
        let question = format!("What should I pack for {city}? {}", rng.prose(12));
        if turn % 2 == 0 {
            messages.push(json!({"role": "user", "content": question}));
        } else {
            messages.push(json!({"role": "user", "name": "traveller", "content": [
                {"type": "text", "text": question},
                {"type": "image_url", "image_url": {"url": format!("https://example.com/photos/{}.jpg", rng.hex(16)), "detail": "low"}}
            ]}));
        }
        let calls: Vec<(String, &str, String)> = (0..2)
            .map(|i| {
                let name = ["get_weather", "get_air_quality"][i];
                (
                    format!("call_{}", rng.alnum(24)),
                    name,
                    weather_arguments(&mut rng),
                )
            })
            .collect();
        messages.push(json!({
            "role": "assistant",
            "content": null,
            "tool_calls": calls.iter().map(|(id, name, arguments)| json!({
                "id": id, "type": "function", "function": {"name": name, "arguments": arguments}
            })).collect::<Vec<_>>()
        }));
        for (id, _, _) in &calls {
            let answer = compact(
                &json!({"city": city, "summary": rng.prose(10), "temperature_c": rng.range(-5, 35)}),
            );
            messages.push(json!({"role": "tool", "tool_call_id": id, "content": answer}));
        }
        let words = 40 + rng.below(60);
        messages.push(json!({"role": "assistant", "content": rng.prose(words), "refusal": null}));
    }
    messages.push(
        json!({"role": "user", "content": "Now give me the plan for the whole trip as JSON."}),
    );
    pretty(&json!({
        "model": CHAT_MODEL,
        "messages": messages,
        "tools": chat_tools(),
        "tool_choice": "auto",
        "parallel_tool_calls": true,
        "response_format": {"type": "json_schema", "json_schema": {
            "name": "trip_plan",
            "description": "A day-by-day plan for the trip.",
            "schema": trip_plan_schema(),
            "strict": true
        }},
        "temperature": 0.7,
        "top_p": 1.0,
        "max_completion_tokens": 2_048,
        "n": 1,
        "seed": 42,
        "stream": false,
        "store": true,
        "metadata": {"session": "trip-planner", "user_tier": "pro"},
        "user": "user_8e2a1c",
        "service_tier": "default"
    }))
}

/// A `POST /v1/responses` body continuing an agentic turn: instructions, an
/// input list with messages (text and image parts), a reasoning item, a
/// function call and its output, function, web search (preview) and file search
/// tools, reasoning options and a `json_schema` text format.
pub fn create_response_request() -> String {
    let mut rng = Rng::new(7);
    let mut input = vec![
        json!({"type": "message", "role": "developer", "content": "Use the tools for live data and cite your sources."}),
    ];
    for turn in 0..CHAT_REQUEST_TURNS {
        let city = CITIES[rng.below(CITIES.len())];
        let question = format!("What should I pack for {city}? {}", rng.prose(12));
        if turn % 2 == 0 {
            input.push(json!({"role": "user", "content": question}));
        } else {
            input.push(json!({"type": "message", "role": "user", "content": [
                {"type": "input_text", "text": question},
                {"type": "input_image", "image_url": format!("https://example.com/photos/{}.jpg", rng.hex(16)), "detail": "auto"}
            ]}));
        }
        let words = 20 + rng.below(30);
        input.push(json!({"type": "reasoning", "id": rng.item_id("rs"), "summary": [
            {"type": "summary_text", "text": format!("**Checking the weather**\n\n{}", rng.prose(words))}
        ]}));
        let call_id = format!("call_{}", rng.alnum(24));
        input.push(json!({
            "type": "function_call", "id": rng.item_id("fc"), "call_id": call_id,
            "name": "get_weather", "arguments": weather_arguments(&mut rng), "status": "completed"
        }));
        let output = compact(
            &json!({"city": city, "summary": rng.prose(10), "temperature_c": rng.range(-5, 35)}),
        );
        input.push(json!({"type": "function_call_output", "call_id": call_id, "output": output}));
        let words = 40 + rng.below(60);
        input.push(json!({"type": "message", "id": rng.item_id("msg"), "role": "assistant", "status": "completed", "content": [
            {"type": "output_text", "text": rng.prose(words), "annotations": []}
        ]}));
    }
    input.push(
        json!({"role": "user", "content": "Now give me the plan for the whole trip as JSON."}),
    );
    pretty(&json!({
        "model": RESPONSES_MODEL,
        "instructions": "You are a helpful travel assistant.",
        "input": input,
        "tools": [
            response_tools()[0],
            // `web_search_preview` rather than `web_search`: openai-openapi-types
            // 0.6 predates the latter and rejects the whole request for it.
            {"type": "web_search_preview", "search_context_size": "medium", "user_location": {"type": "approximate", "country": "FR", "city": "Paris"}},
            {"type": "file_search", "vector_store_ids": ["vs_68a6f0c3b1e08191a1b2c3d4e5f60718"], "max_num_results": 8}
        ],
        "tool_choice": "auto",
        "parallel_tool_calls": true,
        "reasoning": {"effort": "medium", "summary": "auto"},
        "text": {"format": {
            "type": "json_schema",
            "name": "trip_plan",
            "description": "A day-by-day plan for the trip.",
            "schema": trip_plan_schema(),
            "strict": true
        }, "verbosity": "medium"},
        // Values every contender knows (openai-openapi-types 0.6 rejects
        // `web_search_call.action.sources`, which is newer).
        "include": ["reasoning.encrypted_content", "file_search_call.results"],
        "max_output_tokens": 4_096,
        "store": true,
        "stream": false,
        "temperature": 1.0,
        "truncation": "auto",
        "metadata": {"session": "trip-planner", "user_tier": "pro"},
        "safety_identifier": "user_8e2a1c",
        "service_tier": "auto"
    }))
}

/// Every payload with the name used in benchmark ids and in RESULTS.md.
pub fn all() -> Vec<(&'static str, Payload)> {
    vec![
        ("chat_completion", Payload::Single(chat_completion())),
        ("chat_chunks", Payload::Stream(chat_completion_chunks())),
        ("response", Payload::Single(response())),
        ("response_events", Payload::Stream(response_stream_events())),
        ("chat_request", Payload::Single(chat_completion_request())),
        (
            "responses_request",
            Payload::Single(create_response_request()),
        ),
        ("file_list", Payload::Single(file_list())),
    ]
}

//! The stream accumulators of the generated crate (`openai_types::accumulate`):
//! chunks and events in recorded shapes, added up, against the value the
//! same request returns unstreamed.

use std::pin::Pin;
use std::task::{Context, Poll, Waker};

use openai_types::accumulate::{Accumulating, ChatAccumulator, ResponseAccumulator};
use openai_types::{CreateChatCompletionResponse, CreateChatCompletionStreamResponse, OutputItem, Response, ResponseStreamEvent};
use serde_json::{json, Value};

/// A chunk of completion `chatcmpl-7` with these choices (and `extra` fields).
fn chunk(choices: Value, extra: Value) -> Value {
    let mut chunk = json!({
        "id": "chatcmpl-7", "object": "chat.completion.chunk", "created": 1741570300,
        "model": "gpt-4o-2024-08-06", "service_tier": "default", "system_fingerprint": "fp_fc9f1d7035",
        "choices": choices,
    });
    if let (Some(chunk), Some(extra)) = (chunk.as_object_mut(), extra.as_object()) {
        chunk.extend(extra.clone());
    }
    chunk
}

fn parse<T: serde::de::DeserializeOwned>(values: &[Value]) -> Vec<T> {
    values.iter().map(|value| serde_json::from_value(value.clone()).unwrap_or_else(|e| panic!("{value} does not read: {e}"))).collect()
}

fn accumulate_chat(chunks: &[Value]) -> CreateChatCompletionResponse {
    let mut accumulator = ChatAccumulator::new();
    for chunk in parse::<CreateChatCompletionStreamResponse>(chunks) {
        accumulator.push(&chunk);
    }
    assert_eq!(accumulator.chunks(), chunks.len());
    accumulator.finish()
}

fn logprob(token: &str, logprob: f64) -> Value {
    json!({ "token": token, "logprob": logprob, "bytes": token.bytes().collect::<Vec<_>>(), "top_logprobs": [] })
}

/// Two choices (`n: 2`) streamed interleaved: choice 0 calls two tools
/// whose arguments arrive in pieces, choice 1 answers in text with logprobs;
/// then the usage-only chunk of `stream_options.include_usage`.
fn two_tool_calls_stream() -> Vec<Value> {
    let delta = |index: i64, delta: Value, finish: Value| json!([{ "index": index, "delta": delta, "logprobs": null, "finish_reason": finish }]);
    let text = |piece: &str, logprobs: Value| {
        json!([{ "index": 1, "delta": { "content": piece }, "logprobs": { "content": logprobs, "refusal": null }, "finish_reason": null }])
    };
    let call = |calls: Value| delta(0, json!({ "tool_calls": calls }), Value::Null);
    vec![
        chunk(delta(0, json!({ "role": "assistant", "content": null, "refusal": null }), Value::Null), json!({ "usage": null })),
        chunk(delta(1, json!({ "role": "assistant", "content": "", "refusal": null }), Value::Null), json!({ "usage": null })),
        chunk(call(json!([{ "index": 0, "id": "call_paris", "type": "function", "function": { "name": "get_weather", "arguments": "" } }])), json!({})),
        chunk(text("Let me", json!([logprob("Let", -0.25), logprob(" me", -0.5)])), json!({})),
        chunk(call(json!([{ "index": 0, "function": { "arguments": "{\"city\":" } }])), json!({})),
        chunk(call(json!([{ "index": 1, "id": "call_lyon", "type": "function", "function": { "name": "get_weather", "arguments": "" } }])), json!({})),
        chunk(call(json!([{ "index": 0, "function": { "arguments": "\"Paris\"}" } }])), json!({})),
        chunk(text(" check.", json!([logprob(" check", -0.125), logprob(".", -0.0625)])), json!({})),
        chunk(call(json!([{ "index": 1, "function": { "arguments": "{\"ci" } }])), json!({})),
        chunk(call(json!([{ "index": 1, "function": { "arguments": "ty\":\"Lyon\"}" } }])), json!({})),
        chunk(delta(1, json!({}), json!("stop")), json!({})),
        chunk(delta(0, json!({}), json!("tool_calls")), json!({})),
        chunk(
            json!([]),
            json!({ "usage": {
                "prompt_tokens": 82, "completion_tokens": 41, "total_tokens": 123,
                "prompt_tokens_details": { "cached_tokens": 0, "audio_tokens": 0 },
                "completion_tokens_details": { "reasoning_tokens": 0, "audio_tokens": 0, "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0 }
            } }),
        ),
    ]
}

/// What the API returns unstreamed for the same content (without the
/// `annotations: []` it adds to messages, which no chunk carries).
fn two_tool_calls_completion() -> Value {
    let call = |id: &str, city: &str| {
        json!({ "id": id, "type": "function", "function": { "name": "get_weather", "arguments": format!("{{\"city\":\"{city}\"}}") } })
    };
    json!({
        "id": "chatcmpl-7", "object": "chat.completion", "created": 1741570300, "model": "gpt-4o-2024-08-06",
        "choices": [
            {
                "index": 0,
                "message": { "role": "assistant", "content": null, "refusal": null, "tool_calls": [call("call_paris", "Paris"), call("call_lyon", "Lyon")] },
                "logprobs": null,
                "finish_reason": "tool_calls"
            },
            {
                "index": 1,
                "message": { "role": "assistant", "content": "Let me check.", "refusal": null },
                "logprobs": { "content": [logprob("Let", -0.25), logprob(" me", -0.5), logprob(" check", -0.125), logprob(".", -0.0625)], "refusal": null },
                "finish_reason": "stop"
            }
        ],
        "usage": {
            "prompt_tokens": 82, "completion_tokens": 41, "total_tokens": 123,
            "prompt_tokens_details": { "cached_tokens": 0, "audio_tokens": 0 },
            "completion_tokens_details": { "reasoning_tokens": 0, "audio_tokens": 0, "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0 }
        },
        "service_tier": "default",
        "system_fingerprint": "fp_fc9f1d7035"
    })
}

#[test]
fn an_accumulated_chat_stream_equals_the_unstreamed_completion() {
    let accumulated = accumulate_chat(&two_tool_calls_stream());
    let expected_json = two_tool_calls_completion();
    let expected: CreateChatCompletionResponse = serde_json::from_value(expected_json.clone()).expect("the completion reads");
    assert_eq!(accumulated, expected);
    // And it writes the same JSON: nothing recorded as absent or null.
    assert_eq!(serde_json::to_value(&accumulated).expect("serializes"), expected_json);
}

#[test]
fn a_refusal_accumulates_into_the_refusal_field() {
    let refusal = |piece: &str| json!([{ "index": 0, "delta": { "refusal": piece }, "logprobs": null, "finish_reason": null }]);
    let chunks = [
        chunk(json!([{ "index": 0, "delta": { "role": "assistant", "content": null, "refusal": "" }, "logprobs": null, "finish_reason": null }]), json!({})),
        chunk(refusal("I'm sorry, "), json!({})),
        chunk(refusal("I can't help "), json!({})),
        chunk(refusal("with that."), json!({})),
        chunk(json!([{ "index": 0, "delta": {}, "logprobs": null, "finish_reason": "stop" }]), json!({})),
    ];
    let expected = json!({
        "id": "chatcmpl-7", "object": "chat.completion", "created": 1741570300, "model": "gpt-4o-2024-08-06",
        "choices": [{
            "index": 0,
            "message": { "role": "assistant", "content": null, "refusal": "I'm sorry, I can't help with that." },
            "logprobs": null,
            "finish_reason": "stop"
        }],
        "service_tier": "default",
        "system_fingerprint": "fp_fc9f1d7035"
    });
    let accumulated = accumulate_chat(&chunks);
    assert_eq!(accumulated.choices[0].message.refusal.as_deref(), Some("I'm sorry, I can't help with that."));
    assert_eq!(accumulated.choices[0].message.content, None);
    assert_eq!(serde_json::to_value(&accumulated).expect("serializes"), expected);
}

#[test]
fn a_chat_snapshot_shows_the_stream_so_far_and_a_cut_stream_has_no_finish_reason() {
    let chunks = parse::<CreateChatCompletionStreamResponse>(&two_tool_calls_stream());
    let mut accumulator = ChatAccumulator::new();
    // Up to and including the second piece of the first call's arguments.
    for chunk in &chunks[..7] {
        accumulator.push(chunk);
    }
    let snapshot = serde_json::to_value(accumulator.snapshot()).expect("serializes");
    let first = &snapshot["choices"][0];
    assert_eq!(first["message"]["tool_calls"][0]["function"]["arguments"], "{\"city\":\"Paris\"}");
    assert_eq!(first["message"]["tool_calls"][1]["function"]["arguments"], "");
    assert_eq!(snapshot["choices"][1]["message"]["content"], "Let me");
    // No chunk brought a finish reason yet: it is left out, and says so.
    assert!(first.get("finish_reason").is_none(), "{first}");
    let cut = accumulator.finish();
    assert_eq!(cut.choices[0].extra.absent_fields().collect::<Vec<_>>(), ["finish_reason"]);
    assert!(cut.usage.is_none());
}

/// A Responses stream in the API's shape: a message whose text arrives in
/// deltas, then a function call whose arguments do, then the end.
fn response_events(with_done_events: bool, with_completed: bool) -> Vec<Value> {
    let response = |status: &str, output: Value, usage: Value| {
        json!({
            "id": "resp_1", "object": "response", "created_at": 1741290958, "status": status, "error": null,
            "incomplete_details": null, "instructions": null, "max_output_tokens": null, "model": "gpt-4.1-2025-04-14",
            "output": output, "parallel_tool_calls": true, "previous_response_id": null,
            "reasoning": { "effort": null, "summary": null }, "store": true, "temperature": 1.0,
            "text": { "format": { "type": "text" } }, "tool_choice": "auto", "tools": [], "top_p": 1.0,
            "truncation": "disabled", "usage": usage, "user": null, "metadata": {}
        })
    };
    let message = |status: &str, content: Value| {
        json!({ "id": "msg_1", "type": "message", "status": status, "role": "assistant", "content": content })
    };
    let call = |status: &str, arguments: &str| {
        json!({ "id": "fc_1", "type": "function_call", "status": status, "call_id": "call_1", "name": "get_weather", "arguments": arguments })
    };
    let text_part = |text: &str| json!({ "type": "output_text", "text": text, "annotations": [], "logprobs": [] });
    let final_message = message("completed", json!([text_part("Checking the weather.")]));
    let final_call = call("completed", "{\"city\":\"Paris\"}");
    let mut events = vec![
        json!({ "type": "response.created", "sequence_number": 0, "response": response("in_progress", json!([]), Value::Null) }),
        json!({ "type": "response.in_progress", "sequence_number": 1, "response": response("in_progress", json!([]), Value::Null) }),
        json!({ "type": "response.output_item.added", "output_index": 0, "sequence_number": 2, "item": message("in_progress", json!([])) }),
        json!({ "type": "response.content_part.added", "item_id": "msg_1", "output_index": 0, "content_index": 0, "sequence_number": 3, "part": text_part("") }),
    ];
    for piece in ["Checking", " the", " weather."] {
        events.push(json!({ "type": "response.output_text.delta", "item_id": "msg_1", "output_index": 0, "content_index": 0, "delta": piece, "sequence_number": 4, "logprobs": [] }));
    }
    if with_done_events {
        events.push(json!({ "type": "response.output_text.done", "item_id": "msg_1", "output_index": 0, "content_index": 0, "text": "Checking the weather.", "sequence_number": 5, "logprobs": [] }));
        events.push(json!({ "type": "response.content_part.done", "item_id": "msg_1", "output_index": 0, "content_index": 0, "sequence_number": 6, "part": text_part("Checking the weather.") }));
        events.push(json!({ "type": "response.output_item.done", "output_index": 0, "sequence_number": 7, "item": final_message.clone() }));
    }
    events.push(json!({ "type": "response.output_item.added", "output_index": 1, "sequence_number": 8, "item": call("in_progress", "") }));
    for piece in ["{\"ci", "ty\":\"Pa", "ris\"}"] {
        events.push(json!({ "type": "response.function_call_arguments.delta", "item_id": "fc_1", "output_index": 1, "delta": piece, "sequence_number": 9 }));
    }
    if with_done_events {
        events.push(json!({ "type": "response.function_call_arguments.done", "item_id": "fc_1", "name": "get_weather", "output_index": 1, "arguments": "{\"city\":\"Paris\"}", "sequence_number": 10 }));
        events.push(json!({ "type": "response.output_item.done", "output_index": 1, "sequence_number": 11, "item": final_call.clone() }));
    }
    if with_completed {
        let usage = json!({ "input_tokens": 37, "input_tokens_details": { "cached_tokens": 0 }, "output_tokens": 18, "output_tokens_details": { "reasoning_tokens": 0 }, "total_tokens": 55 });
        events.push(json!({ "type": "response.completed", "sequence_number": 12, "response": response("completed", json!([final_message, final_call]), usage) }));
    }
    events
}

fn accumulate_response(events: &[Value]) -> ResponseAccumulator {
    let mut accumulator = ResponseAccumulator::new();
    for event in parse::<ResponseStreamEvent>(events) {
        accumulator.push(&event);
    }
    assert_eq!(accumulator.events(), events.len());
    accumulator
}

#[test]
fn responses_events_accumulate_into_the_completed_response() {
    let events = response_events(true, true);
    let accumulator = accumulate_response(&events);
    assert!(accumulator.is_finished());
    assert_eq!(accumulator.output_text(), "Checking the weather.");
    let completed: Response = serde_json::from_value(events[events.len() - 1]["response"].clone()).expect("reads");
    assert_eq!(accumulator.finish(), completed);
}

#[test]
fn without_the_completed_event_the_output_is_built_from_the_item_events() {
    let completed: Response = serde_json::from_value(response_events(true, true).pop().expect("an event")["response"].clone()).expect("reads");
    let accumulator = accumulate_response(&response_events(true, false));
    assert!(!accumulator.is_finished());
    let built = accumulator.finish();
    // The items are the completed response's; the rest is the last snapshot.
    assert_eq!(built.output, completed.output);
    assert_eq!(built.status, Some(openai_types::ResponseStatus::InProgress));
    assert_eq!(built.id, "resp_1");
}

#[test]
fn without_done_events_the_text_and_arguments_come_from_the_deltas() {
    let accumulator = accumulate_response(&response_events(false, false));
    assert_eq!(accumulator.output_text(), "Checking the weather.");
    let built = accumulator.snapshot();
    let [OutputItem::Message(message), OutputItem::FunctionCall(call)] = built.output.as_slice() else {
        panic!("expected a message and a function call, got {:?}", built.output);
    };
    assert_eq!(serde_json::to_value(&message.content).expect("serializes"), json!([{ "type": "output_text", "text": "Checking the weather.", "annotations": [], "logprobs": [] }]));
    assert_eq!((call.call_id.as_str(), call.name.as_str(), call.arguments.as_str()), ("call_1", "get_weather", "{\"city\":\"Paris\"}"));
}

/// A stream of ready items, as the client's streams are once bytes arrive.
struct Ready<T>(std::vec::IntoIter<T>);

impl<T: Unpin> futures_core::Stream for Ready<T> {
    type Item = T;
    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<T>> {
        Poll::Ready(self.0.next())
    }
}

fn poll_all<S: futures_core::Stream + Unpin>(stream: &mut S) -> Vec<S::Item> {
    let mut context = Context::from_waker(Waker::noop());
    let mut items = Vec::new();
    while let Poll::Ready(Some(item)) = Pin::new(&mut *stream).poll_next(&mut context) {
        items.push(item);
    }
    items
}

#[test]
fn the_stream_adapter_yields_every_item_and_keeps_the_state() {
    let chunks = parse::<CreateChatCompletionStreamResponse>(&two_tool_calls_stream());
    let mut items: Vec<Result<CreateChatCompletionStreamResponse, String>> = chunks.iter().cloned().map(Ok).collect();
    // An error in the middle passes through and changes nothing.
    items.insert(3, Err("connection reset".to_string()));
    let mut stream = Accumulating::chat(Ready(items.clone().into_iter()));
    let yielded = poll_all(&mut stream);
    assert_eq!(yielded, items);
    assert_eq!(stream.accumulator().chunks(), chunks.len());
    let expected: CreateChatCompletionResponse = serde_json::from_value(two_tool_calls_completion()).expect("reads");
    assert_eq!(stream.snapshot(), expected);
    assert_eq!(stream.finish(), expected);

    let events = parse::<ResponseStreamEvent>(&response_events(true, true));
    let mut stream = Accumulating::responses(Ready(events.clone().into_iter().map(Ok::<_, String>).collect::<Vec<_>>().into_iter()));
    assert_eq!(poll_all(&mut stream).len(), events.len());
    assert!(stream.accumulator().is_finished());
}

//! Hand-written payloads for what the spec's examples do not exercise: the
//! API sending values newer than the spec, leaving out required fields,
//! sending `null` where the spec allows none, adding undeclared properties,
//! and long streams. Each must be read and written back unchanged.

use cross_crate_tests::round_trip;
use openai_types::*;
use serde_json::{json, Value};

#[test]
fn absent_required_fields_are_recorded_and_stay_absent() {
    let payload = json!({"object": "chat.completion", "choices": []});
    let response: CreateChatCompletionResponse = round_trip(payload);
    let absent: Vec<&str> = response.extra.absent_fields().collect();
    assert_eq!(absent, ["id", "created", "model"]);
    assert_eq!(response.id, "", "an absent string reads as empty");
}

#[test]
fn a_field_set_after_reading_is_written() {
    let mut response: CreateChatCompletionResponse =
        serde_json::from_value(json!({"object": "chat.completion", "choices": []})).unwrap();
    response.id = "chatcmpl-1".into();
    let back = serde_json::to_value(&response).unwrap();
    assert_eq!(back["id"], "chatcmpl-1");
    assert!(back.get("model").is_none(), "still unset, still absent: {back}");
}

#[test]
fn absent_required_enum_union_and_object_read_as_placeholders() {
    // `status` (enum), `incomplete_details` (nullable object) and more are required.
    let payload = json!({"id": "resp_1", "object": "response", "created_at": 1.0, "output": [], "model": "gpt-4o"});
    let response: Response = round_trip(payload);
    assert!(response.extra.absent_fields().count() > 0);
    // A required tagged union left out reads as `Unknown(null)`.
    let call: WebSearchToolCall = round_trip(json!({"id": "ws_1", "type": "web_search_call", "status": "completed"}));
    assert_eq!(call.extra.absent_fields().collect::<Vec<_>>(), ["action"]);
}

#[test]
fn null_where_the_spec_allows_none_is_written_back_as_null() {
    // `usage` is optional and not nullable; `instructions` of a run is required and not nullable.
    let payload = json!({"id": "c", "object": "chat.completion", "created": 1, "model": "m", "choices": [], "usage": null});
    let response: CreateChatCompletionResponse = round_trip(payload);
    assert_eq!(response.usage, None);
    assert_eq!(response.extra.null_fields().collect::<Vec<_>>(), ["usage"]);
}

#[test]
fn unknown_enum_values_and_union_tags_round_trip() {
    let payload = json!({"id": "c", "object": "chat.completion", "created": 1, "model": "m", "service_tier": "galactic",
        "choices": [{"index": 0, "finish_reason": "thinking_too_long", "logprobs": null,
            "message": {"role": "assistant", "content": "hi", "refusal": null}}]});
    let response: CreateChatCompletionResponse = round_trip(payload);
    let reason = &response.choices[0].finish_reason;
    assert_eq!(reason.as_str(), "thinking_too_long");
    let item: OutputItem = round_trip(json!({"type": "hologram", "id": "h_1", "frames": [1, 2]}));
    assert!(matches!(item, OutputItem::Unknown(_)), "{item:?}");
}

#[test]
fn a_tag_after_other_properties_still_selects_the_variant() {
    let message: ChatCompletionRequestMessage = round_trip(json!({"content": "hi", "name": "ann", "role": "user"}));
    assert!(matches!(message, ChatCompletionRequestMessage::User(_)), "{message:?}");
    let item: OutputItem = round_trip(json!({"id": "msg_1", "status": "completed", "role": "assistant", "content": [], "type": "message"}));
    assert!(matches!(item, OutputItem::Message(_)), "{item:?}");
}

#[test]
fn undeclared_properties_are_kept_in_order_and_can_be_added() {
    let mut usage: CompletionUsage =
        round_trip(json!({"prompt_tokens": 1, "completion_tokens": 2, "total_tokens": 3, "z_new": 1, "a_new": [true]}));
    let keys: Vec<&str> = usage.extra.iter().map(|(k, _)| k).collect();
    assert_eq!(keys, ["z_new", "a_new"]);
    usage.extra.insert("added", json!("yes"));
    assert_eq!(serde_json::to_value(&usage).unwrap()["added"], "yes");
}

#[test]
fn values_compare_by_content_not_by_how_they_arrived() {
    let sent_null: CreateChatCompletionResponse = serde_json::from_value(
        json!({"id": "c", "object": "chat.completion", "created": 1, "model": "m", "choices": [], "usage": null}),
    )
    .unwrap();
    let left_out: CreateChatCompletionResponse =
        serde_json::from_value(json!({"id": "c", "object": "chat.completion", "created": 1, "model": "m", "choices": []}))
            .unwrap();
    assert_eq!(sent_null, left_out);
}

fn chunk(index: usize) -> Value {
    json!({"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o",
        "choices": [{"index": 0, "delta": {"content": format!("token {index} ")}, "finish_reason": null, "logprobs": null}]})
}

#[test]
fn a_long_chat_stream_reads_and_accumulates() {
    let mut text = String::new();
    for index in 0..20_000 {
        let chunk: CreateChatCompletionStreamResponse = round_trip(chunk(index));
        if let Some(delta) = chunk.choices.first().and_then(|c| c.delta.content.as_ref()) {
            text.push_str(delta);
        }
    }
    assert_eq!(text.matches("token").count(), 20_000);
}

#[test]
fn a_long_responses_stream_reads_every_event() {
    let mut deltas = 0;
    for sequence_number in 0..20_000 {
        let event = json!({"type": "response.output_text.delta", "item_id": "msg_1", "output_index": 0,
            "content_index": 0, "delta": "x", "sequence_number": sequence_number, "logprobs": []});
        let event: ResponseStreamEvent = round_trip(event);
        deltas += usize::from(matches!(event, ResponseStreamEvent::ResponseOutputTextDelta(_)));
    }
    assert_eq!(deltas, 20_000);
}

#[test]
fn a_constant_that_tells_no_variants_apart_keeps_another_string() {
    // Seen in real traffic: a web-search source of type `api` (the spec knows only `url`).
    let source: WebSearchActionSearchSource = round_trip(json!({"type": "api", "name": "oai-weather"}));
    assert_eq!(source.extra.constant_as_sent("type"), Some("api"));
    assert_eq!(source.extra.get("name"), Some(&json!("oai-weather")));
    let url: WebSearchActionSearchSource = round_trip(json!({"type": "url", "url": "https://example.com/"}));
    assert_eq!(url.extra.constant_as_sent("type"), None);

    // It no longer makes the whole response, and the event around it, unreadable.
    let response = json!({
        "id": "resp_1", "object": "response", "created_at": 1755792000.0, "status": "completed",
        "model": "gpt-5", "output": [{
            "type": "web_search_call", "id": "ws_1", "status": "completed",
            "action": {"type": "search", "query": "weather in Paris", "sources": [
                {"type": "url", "url": "https://example.com/"},
                {"type": "api", "name": "oai-weather"}
            ]}
        }]
    });
    let _: Response = round_trip(response.clone());
    let _: ResponseStreamEvent = round_trip(json!({"type": "response.completed", "sequence_number": 9, "response": response}));

    // Built values still write the spec's constant.
    let built = WebSearchActionSearchSourceArgs::default().url("https://example.com/").build().unwrap();
    assert_eq!(serde_json::to_value(&built).unwrap(), json!({"type": "url", "url": "https://example.com/"}));

    // Another string is still an error where the constant is not a string at all.
    assert!(serde_json::from_value::<WebSearchActionSearchSource>(json!({"type": 7, "url": "u"})).is_err());
}

#[test]
fn an_object_constant_sent_as_another_string_round_trips() {
    let payload = json!({
        "id": "file-1", "object": "files.file", "bytes": 3, "created_at": 1755792000,
        "filename": "a.jsonl", "purpose": "batch", "status": "processed"
    });
    let file: OpenAIFile = round_trip(payload);
    assert_eq!(file.extra.constant_as_sent("object"), Some("files.file"));
    assert_eq!(file.extra.constant_as_sent("filename"), None, "only constants are recorded");
}

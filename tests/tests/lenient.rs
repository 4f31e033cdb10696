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

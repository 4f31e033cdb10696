//! The mapping rules, shown on the real generated crate: tagged and
//! untagged unions, open enums, nullability, lenient and lossless reading.

use cross_crate_tests::round_trip;
use openai_types::*;
use serde_json::json;

#[test]
fn tagged_union_dispatches_on_the_role_and_writes_it_once() {
    let message: ChatCompletionRequestMessage = round_trip(json!({"role": "user", "content": "Hello"}));
    let ChatCompletionRequestMessage::User(user) = &message else { panic!("expected a user message: {message:?}") };
    assert_eq!(user.content, ChatCompletionRequestUserMessageContent::Text("Hello".into()));
    let text = serde_json::to_string(&message).unwrap();
    assert_eq!(text.matches("\"role\"").count(), 1, "{text}");
    // The variant struct alone writes its tag too.
    assert_eq!(serde_json::to_value(user).unwrap()["role"], "user");
}

#[test]
fn building_a_variant_needs_no_tag() {
    let user = ChatCompletionRequestUserMessage {
        content: "Hi".into(),
        role: Default::default(),
        name: None,
        extra: Default::default(),
    };
    let message = ChatCompletionRequestMessage::from(user);
    assert_eq!(serde_json::to_value(&message).unwrap(), json!({"role": "user", "content": "Hi"}));
}

#[test]
fn unknown_union_tag_is_kept_and_written_back() {
    let payload = json!({"role": "critic", "content": "new in the API", "score": 3});
    let message: ChatCompletionRequestMessage = round_trip(payload.clone());
    assert_eq!(message, ChatCompletionRequestMessage::Unknown(payload));
}

#[test]
fn a_stream_event_newer_than_the_spec_is_kept() {
    let payload = json!({"type": "response.teleport.done", "sequence_number": 7});
    let event: ResponseStreamEvent = round_trip(payload.clone());
    assert_eq!(event, ResponseStreamEvent::Unknown(payload));
    let known: ResponseStreamEvent =
        round_trip(json!({"type": "response.output_text.delta", "item_id": "msg_1", "output_index": 0,
            "content_index": 0, "delta": "Hel", "sequence_number": 3, "logprobs": []}));
    assert!(matches!(known, ResponseStreamEvent::ResponseOutputTextDelta(_)), "{known:?}");
}

#[test]
fn unknown_enum_value_is_kept_and_written_back() {
    let reason: CreateChatCompletionResponseFinishReason = round_trip(json!("thinking_too_long"));
    assert_eq!(reason, CreateChatCompletionResponseFinishReason::Other("thinking_too_long".into()));
    let known: CreateChatCompletionResponseFinishReason = round_trip(json!("stop"));
    assert_eq!(known, CreateChatCompletionResponseFinishReason::Stop);
    assert_eq!(known.to_string(), "stop");
    assert_eq!(CreateChatCompletionResponseFinishReason::from("length").as_str(), "length");
}

#[test]
fn untagged_union_picks_by_shape_and_converts_from_payloads() {
    let text: ChatCompletionRequestUserMessageContent = round_trip(json!("plain"));
    assert_eq!(text, ChatCompletionRequestUserMessageContent::from("plain"));
    let parts: ChatCompletionRequestUserMessageContent =
        round_trip(json!([{"type": "text", "text": "a"}, {"type": "image_url", "image_url": {"url": "https://x/y.png"}}]));
    let ChatCompletionRequestUserMessageContent::Array(parts) = parts else { panic!("expected parts") };
    assert_eq!(parts.len(), 2);
}

#[test]
fn untagged_union_error_names_every_variant_tried() {
    let error = serde_json::from_value::<ChatCompletionRequestUserMessageContent>(json!(42)).unwrap_err();
    let message = error.to_string();
    assert!(message.contains("no variant of `ChatCompletionRequestUserMessageContent` matched"), "{message}");
    assert!(message.contains("`Text`") && message.contains("`Array`"), "{message}");
}

#[test]
fn tool_choice_is_known_modes_or_a_named_choice() {
    let mode: ChatCompletionToolChoiceOption = round_trip(json!("auto"));
    assert!(matches!(mode, ChatCompletionToolChoiceOption::ToolChoiceMode(_)), "{mode:?}");
    let named: ChatCompletionToolChoiceOption =
        round_trip(json!({"type": "function", "function": {"name": "get_weather"}}));
    assert!(!matches!(named, ChatCompletionToolChoiceOption::ToolChoiceMode(_)), "{named:?}");
}

#[test]
fn missing_required_response_fields_read_as_defaults() {
    // `id`, `created` and `model` are required by the spec; real payloads omit some.
    let response: CreateChatCompletionResponse =
        serde_json::from_value(json!({"object": "chat.completion", "choices": []})).expect("lenient");
    assert_eq!(response.id, "");
    assert_eq!(response.created, 0);
}

#[test]
fn undeclared_fields_are_kept_and_written_back() {
    let usage: CompletionUsage = round_trip(json!({
        "prompt_tokens": 1, "completion_tokens": 2, "total_tokens": 3, "brand_new_counter": {"x": [1, 2]}
    }));
    assert_eq!(usage.extra.get("brand_new_counter"), Some(&json!({"x": [1, 2]})));
}

#[test]
fn explicit_null_differs_from_absent() {
    let absent: CreateChatCompletionRequest = round_trip(json!({"model": "gpt-4o", "messages": []}));
    assert_eq!(absent.temperature, Nullable::Absent);
    let null: CreateChatCompletionRequest = round_trip(json!({"model": "gpt-4o", "messages": [], "temperature": null}));
    assert_eq!(null.temperature, Nullable::Null);
    let set: CreateChatCompletionRequest = round_trip(json!({"model": "gpt-4o", "messages": [], "temperature": 0.5}));
    assert_eq!(set.temperature, Nullable::Value(0.5));
}

#[test]
fn unset_optional_fields_are_not_sent() {
    let request: CreateChatCompletionRequest =
        serde_json::from_value(json!({"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}]})).unwrap();
    let text = serde_json::to_string(&request).unwrap();
    assert!(!text.contains("null"), "{text}");
}

#[test]
fn web_search_tool_has_two_tag_values() {
    for tag in ["web_search", "web_search_2025_08_26"] {
        let tool: Tool = round_trip(json!({"type": tag}));
        assert!(matches!(tool, Tool::WebSearchTool(_)), "{tag}: {tool:?}");
    }
}

#[test]
fn input_item_without_a_type_is_an_easy_message() {
    let item: InputItem = round_trip(json!({"role": "user", "content": "hello"}));
    assert!(matches!(item, InputItem::EasyInputMessage(_)), "{item:?}");
    let call: InputItem = round_trip(json!({"type": "function_call_output", "call_id": "c1", "output": "42"}));
    assert!(matches!(call, InputItem::Item(_)), "{call:?}");
}

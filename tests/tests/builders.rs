//! Builders and conversions of the generated crate (issue #5): the seed's
//! usage patterns compile and write the JSON the API expects.

use openai_types::*;
use serde_json::json;

#[test]
fn chat_request_builds_like_the_seed() {
    let request = CreateChatCompletionRequestArgs::default()
        .model("gpt-4o")
        .messages([
            ChatCompletionRequestSystemMessageArgs::default().content("Be brief.").build().unwrap().into(),
            ChatCompletionRequestUserMessageArgs::default().content("Hello").build().unwrap().into(),
        ])
        .max_completion_tokens(50)
        .temperature(0.5)
        .build()
        .unwrap();
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({
            "model": "gpt-4o",
            "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hello"}],
            "max_completion_tokens": 50,
            "temperature": 0.5
        })
    );
    // `Foo::builder()` is the same builder.
    assert_eq!(CreateChatCompletionRequest::builder().model("gpt-4o").messages(request.messages.clone()).temperature(0.5).max_completion_tokens(50).build().unwrap(), request);
}

#[test]
fn build_names_every_missing_required_field() {
    let error = ChatCompletionRequestToolMessageArgs::default().build().unwrap_err();
    assert_eq!(error, BuildError { type_name: "ChatCompletionRequestToolMessage", missing: vec!["content", "tool_call_id"] });
    assert_eq!(
        error.to_string(),
        "cannot build `ChatCompletionRequestToolMessage`: missing required fields `content`, `tool_call_id`"
    );
    let one = ChatCompletionRequestToolMessageArgs::default().content("42").build().unwrap_err();
    assert_eq!(one.to_string(), "cannot build `ChatCompletionRequestToolMessage`: missing required field `tool_call_id`");
    // It is an error type `?` can carry.
    let boxed: Box<dyn std::error::Error> = Box::new(one);
    assert!(boxed.to_string().contains("tool_call_id"));
}

#[test]
fn constant_tags_are_filled_in() {
    let tool = ChatCompletionToolArgs::default()
        .function(FunctionObjectArgs::default().name("lookup").build().unwrap())
        .build()
        .unwrap();
    assert_eq!(serde_json::to_value(&tool).unwrap(), json!({"type": "function", "function": {"name": "lookup"}}));
    // An optional tag is sent too: the API tells variants apart by it.
    let message = EasyInputMessageArgs::default().role("user").content("hi").build().unwrap();
    assert_eq!(serde_json::to_value(&message).unwrap(), json!({"role": "user", "content": "hi", "type": "message"}));
}

#[test]
fn optional_nullable_fields_are_absent_set_or_null() {
    let mut args = FunctionObjectArgs::default();
    args.name("f");
    assert_eq!(args.build().unwrap().strict, Nullable::Absent);
    args.strict(true);
    assert_eq!(args.build().unwrap().strict, Nullable::Value(true));
    args.strict_null();
    let function = args.build().unwrap();
    assert_eq!(function.strict, Nullable::Null);
    assert_eq!(serde_json::to_value(&function).unwrap(), json!({"name": "f", "strict": null}));
}

#[test]
fn setters_convert_their_arguments() {
    let message = ChatCompletionRequestUserMessageArgs::default()
        .content(vec![
            ChatCompletionRequestMessageContentPartTextArgs::default().text("Describe this.").build().unwrap().into(),
            ChatCompletionRequestMessageContentPartImageArgs::default()
                .image_url(ImageUrlArgs::default().url("https://example.com/a.png").build().unwrap())
                .build()
                .unwrap()
                .into(),
        ])
        .name(String::from("ada"))
        .build()
        .unwrap();
    assert_eq!(
        serde_json::to_value(&message).unwrap(),
        json!({"role": "user", "name": "ada", "content": [
            {"type": "text", "text": "Describe this."},
            {"type": "image_url", "image_url": {"url": "https://example.com/a.png"}}
        ]})
    );
    // A free-form object field takes `json_object!`.
    let function = FunctionObjectArgs::default().name("f").parameters(json_object!({"type": "object"})).build().unwrap();
    assert_eq!(function.parameters.unwrap()["type"], "object");
}

#[test]
fn a_builder_can_be_reused() {
    let mut args = ChatCompletionRequestUserMessageArgs::default();
    args.content("one");
    let first = args.build().unwrap();
    args.content("two");
    let second = args.build().unwrap();
    assert_eq!(first.content, "one".into());
    assert_eq!(second.content, "two".into());
}

#[test]
fn unions_convert_from_their_payloads() {
    let user: ChatCompletionRequestMessage = ChatCompletionRequestUserMessageArgs::default().content("hi").build().unwrap().into();
    assert!(matches!(user, ChatCompletionRequestMessage::User(_)));
    assert_eq!(ChatCompletionRequestUserMessageContent::from("hi"), ChatCompletionRequestUserMessageContent::Text("hi".into()));
    assert_eq!(ChatCompletionRequestUserMessageContent::from(String::from("hi")), "hi".into());
    let parts: Vec<ChatCompletionRequestUserMessageContentPart> = vec![];
    assert_eq!(ChatCompletionRequestUserMessageContent::from(parts), ChatCompletionRequestUserMessageContent::Array(vec![]));
}

#[test]
fn unions_convert_from_the_payloads_of_a_nested_union() {
    let call = FunctionCallOutputItemParamArgs::default().call_id("c").output("42").build().unwrap();
    let item = InputItem::from(call.clone());
    assert_eq!(item, InputItem::Item(Box::new(Item::FunctionCallOutput(Box::new(call)))));
}

#[test]
fn unions_of_string_enums_convert_from_strings() {
    assert_eq!(ModelIdsResponses::from("gpt-4o"), ModelIdsResponses::Shared(ModelIdsShared::Gpt4o));
    // A value only the second enum knows goes to the second variant.
    let responses_only = ModelIdsResponsesOnlyModel::O1Pro.to_string();
    assert_eq!(
        ModelIdsResponses::from(responses_only.as_str()),
        ModelIdsResponses::ResponsesOnlyModel(ModelIdsResponsesOnlyModel::O1Pro)
    );
    // An unknown model is kept in the first enum, as reading it would.
    let unknown = ModelIdsResponses::from("gpt-9");
    assert_eq!(unknown, ModelIdsResponses::Shared(ModelIdsShared::Other("gpt-9".into())));
    assert_eq!(serde_json::from_value::<ModelIdsResponses>(json!("gpt-9")).unwrap(), unknown);
}

#[test]
fn open_enums_convert_from_str_and_display_the_wire_value() {
    assert_eq!(ImageDetail::from("low"), ImageDetail::Low);
    assert_eq!(ImageDetail::Low.to_string(), "low");
    assert_eq!(ImageDetail::from("ultra").to_string(), "ultra");
}

#[test]
fn all_optional_structs_have_default() {
    let options = ChatCompletionStreamOptions::default();
    assert_eq!(serde_json::to_value(&options).unwrap(), json!({}));
    assert_eq!(ChatCompletionStreamOptionsArgs::default().build().unwrap(), options);
}

#[test]
fn every_struct_has_a_default_for_struct_literals() {
    // As with the seed: required fields set by hand, the rest from `Default`.
    let messages = vec![ChatCompletionRequestUserMessageArgs::default().content("Hello").build().unwrap().into()];
    let request = CreateChatCompletionRequest { model: "gpt-4o".into(), messages, temperature: Nullable::Value(0.5), ..Default::default() };
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({"model": "gpt-4o", "messages": [{"role": "user", "content": "Hello"}], "temperature": 0.5})
    );
    // A struct with required fields of every kind: each at its placeholder.
    let file = OpenAIFile::default();
    assert_eq!((file.id.as_str(), file.bytes, file.expires_at), ("", 0, None));
    assert_eq!(serde_json::to_value(&file).unwrap()["object"], "file", "constants keep their value");
}

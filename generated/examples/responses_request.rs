//! A Responses API request whose input mixes item kinds: a user message
//! with text and an image, the model's earlier function call, its output
//! and a reference to a stored item. Run:
//! `cargo run -p openai-types --example responses_request`.

use openai_types::{
    json_object, CreateResponse, CreateResponseArgs, EasyInputMessageArgs, FunctionCallOutputItemParamArgs,
    FunctionToolArgs, FunctionToolCallArgs, ImageDetail, InputImageContentArgs, InputItem, InputTextContentArgs,
    ItemReferenceParamArgs, ReasoningArgs,
};
use serde_json::json;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let question = EasyInputMessageArgs::default()
        .role("user")
        .content(vec![
            InputTextContentArgs::default().text("What is in this picture, and is it warm there?").build()?.into(),
            InputImageContentArgs::default()
                .image_url("https://example.com/lyon.jpg")
                .detail(ImageDetail::Low)
                .build()?
                .into(),
        ])
        .build()?;
    let input: Vec<InputItem> = vec![
        question.into(),
        // Both convert into `InputItem` through its `Item` variant.
        FunctionToolCallArgs::default()
            .call_id("call_123")
            .name("get_weather")
            .arguments(r#"{"city":"Lyon"}"#)
            .build()?
            .into(),
        FunctionCallOutputItemParamArgs::default().call_id("call_123").output(r#"{"celsius":21}"#).build()?.into(),
        ItemReferenceParamArgs::default().id("msg_abc").build()?.into(),
    ];

    let request: CreateResponse = CreateResponseArgs::default()
        .model("gpt-5")
        .instructions("Answer in one sentence.")
        .input(input)
        .tools(vec![FunctionToolArgs::default()
            .name("get_weather")
            .parameters(json_object!({ "type": "object", "properties": { "city": { "type": "string" } } }))
            .strict(false)
            .build()?
            .into()])
        .reasoning(ReasoningArgs::default().effort("low").build()?)
        .store(false)
        .build()?;

    let expected = json!({
        "model": "gpt-5",
        "instructions": "Answer in one sentence.",
        "input": [
            {
                "role": "user",
                "content": [
                    { "type": "input_text", "text": "What is in this picture, and is it warm there?" },
                    { "type": "input_image", "image_url": "https://example.com/lyon.jpg", "detail": "low" }
                ],
                "type": "message"
            },
            { "type": "function_call", "call_id": "call_123", "name": "get_weather", "arguments": "{\"city\":\"Lyon\"}" },
            { "type": "function_call_output", "call_id": "call_123", "output": "{\"celsius\":21}" },
            { "type": "item_reference", "id": "msg_abc" }
        ],
        "tools": [{
            "type": "function",
            "name": "get_weather",
            "parameters": { "type": "object", "properties": { "city": { "type": "string" } } },
            "strict": false
        }],
        "reasoning": { "effort": "low" },
        "store": false
    });
    let written = serde_json::to_value(&request)?;
    assert_eq!(written, expected, "the request is not what the API expects:\n{written:#}");
    // Reading it back gives the same items, each as its own variant.
    let read: CreateResponse = serde_json::from_value(written)?;
    assert_eq!(read, request);

    println!("{}", serde_json::to_string_pretty(&request)?);
    Ok(())
}

//! A chat completion request with a function tool and a `json_schema`
//! response format, built with the generated builders, checked against the
//! JSON the API expects. Run: `cargo run -p openai-types --example chat_request`.

use openai_types::{
    json_object, BuildError, ChatCompletionRequestMessage, ChatCompletionRequestSystemMessageArgs,
    ChatCompletionRequestUserMessageArgs, ChatCompletionToolArgs, CreateChatCompletionRequest,
    CreateChatCompletionRequestArgs, FunctionObjectArgs, ResponseFormatJsonSchemaArgs,
    JsonSchemaArgs,
};
use serde_json::json;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let weather = FunctionObjectArgs::default()
        .name("get_weather")
        .description("Current weather in a city.")
        .parameters(json_object!({
            "type": "object",
            "properties": { "city": { "type": "string" } },
            "required": ["city"],
            "additionalProperties": false
        }))
        .strict(true)
        .build()?;
    let answer_format = JsonSchemaArgs::default()
        .name("forecast")
        .schema(json_object!({
            "type": "object",
            "properties": { "summary": { "type": "string" }, "celsius": { "type": "number" } },
            "required": ["summary", "celsius"],
            "additionalProperties": false
        }))
        .strict(true)
        .build()?;

    let request: CreateChatCompletionRequest = CreateChatCompletionRequestArgs::default()
        .model("gpt-4o")
        .messages([
            ChatCompletionRequestSystemMessageArgs::default()
                .content("You are a terse weather assistant.")
                .build()?
                .into(),
            ChatCompletionRequestUserMessageArgs::default().content("Weather in Paris?").build()?.into(),
        ])
        .tools([ChatCompletionToolArgs::default().function(weather).build()?.into()])
        .response_format(ResponseFormatJsonSchemaArgs::default().json_schema(answer_format).build()?)
        .temperature(0.2)
        .max_completion_tokens(200)
        .build()?;

    let expected = json!({
        "temperature": 0.2,
        "messages": [
            { "content": "You are a terse weather assistant.", "role": "system" },
            { "content": "Weather in Paris?", "role": "user" }
        ],
        "model": "gpt-4o",
        "max_completion_tokens": 200,
        "response_format": {
            "type": "json_schema",
            "json_schema": {
                "name": "forecast",
                "schema": {
                    "type": "object",
                    "properties": { "summary": { "type": "string" }, "celsius": { "type": "number" } },
                    "required": ["summary", "celsius"],
                    "additionalProperties": false
                },
                "strict": true
            }
        },
        "tools": [{
            "type": "function",
            "function": {
                "description": "Current weather in a city.",
                "name": "get_weather",
                "parameters": {
                    "type": "object",
                    "properties": { "city": { "type": "string" } },
                    "required": ["city"],
                    "additionalProperties": false
                },
                "strict": true
            }
        }]
    });
    let written = serde_json::to_value(&request)?;
    assert_eq!(written, expected, "the request is not what the API expects:\n{written:#}");
    // It reads back into the same value.
    assert_eq!(serde_json::from_value::<CreateChatCompletionRequest>(written)?, request);

    // Messages also convert from their payload types one at a time.
    let message: ChatCompletionRequestMessage =
        ChatCompletionRequestUserMessageArgs::default().content("hi").name("ada").build()?.into();
    assert!(matches!(message, ChatCompletionRequestMessage::User(_)));

    // Leaving out required fields names all of them.
    let error: BuildError = CreateChatCompletionRequestArgs::default().temperature(1).build().unwrap_err();
    assert_eq!(error.missing, ["messages", "model"]);
    assert_eq!(
        error.to_string(),
        "cannot build `CreateChatCompletionRequest`: missing required fields `messages`, `model`"
    );

    println!("{}", serde_json::to_string_pretty(&request)?);
    Ok(())
}

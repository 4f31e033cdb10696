//! Reading chat completions: a whole completion with a tool call, then the
//! same answer streamed as chunks, whose deltas are accumulated into the
//! full message. Run: `cargo run -p openai-types --example chat_stream`.

use std::collections::BTreeMap;

use openai_types::{
    ChatCompletionMessageToolCallsItem, CreateChatCompletionResponse,
    CreateChatCompletionResponseChoicesItemFinishReason, CreateChatCompletionStreamResponse,
    CreateChatCompletionStreamResponseChoicesItemFinishReason,
};

const COMPLETION: &str = r#"{
  "id": "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG",
  "object": "chat.completion",
  "created": 1741570283,
  "model": "gpt-4o-2024-08-06",
  "choices": [{
    "index": 0,
    "message": {
      "role": "assistant",
      "content": null,
      "tool_calls": [{
        "id": "call_DdmO9pD3xa9XTPNJ32zg2hcA",
        "type": "function",
        "function": { "name": "get_weather", "arguments": "{\"city\":\"Paris\"}" }
      }],
      "refusal": null,
      "annotations": []
    },
    "logprobs": null,
    "finish_reason": "tool_calls"
  }],
  "usage": {
    "prompt_tokens": 82, "completion_tokens": 17, "total_tokens": 99,
    "prompt_tokens_details": { "cached_tokens": 0, "audio_tokens": 0 },
    "completion_tokens_details": {
      "reasoning_tokens": 0, "audio_tokens": 0,
      "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0
    }
  },
  "service_tier": "default",
  "system_fingerprint": "fp_fc9f1d7035"
}"#;

/// Server-sent events of a streamed answer, `data:` lines only.
const STREAM: &str = r#"data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1741570300,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_fc9f1d7035","choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}]}

data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1741570300,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_fc9f1d7035","choices":[{"index":0,"delta":{"content":"Paris is "},"logprobs":null,"finish_reason":null}]}

data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1741570300,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_fc9f1d7035","choices":[{"index":0,"delta":{"content":"sunny, 21 °C."},"logprobs":null,"finish_reason":null}]}

data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1741570300,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_fc9f1d7035","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_abc","type":"function","function":{"name":"get_weather","arguments":""}}]},"logprobs":null,"finish_reason":null}]}

data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1741570300,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_fc9f1d7035","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\":"}}]},"logprobs":null,"finish_reason":null}]}

data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1741570300,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_fc9f1d7035","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\"Lyon\"}"}}]},"logprobs":null,"finish_reason":null}]}

data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1741570300,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_fc9f1d7035","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"tool_calls"}]}

data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1741570300,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_fc9f1d7035","choices":[],"usage":{"prompt_tokens":82,"completion_tokens":24,"total_tokens":106}}

data: [DONE]
"#;

/// A tool call put together from its streamed pieces.
#[derive(Debug, Default, PartialEq)]
struct ToolCall {
    id: String,
    name: String,
    arguments: String,
}

/// The message a stream adds up to.
#[derive(Debug, Default)]
struct Accumulated {
    role: Option<String>,
    content: String,
    tool_calls: BTreeMap<i64, ToolCall>,
    finish_reason: Option<CreateChatCompletionStreamResponseChoicesItemFinishReason>,
    total_tokens: Option<i64>,
}

impl Accumulated {
    fn add(&mut self, chunk: CreateChatCompletionStreamResponse) {
        for choice in chunk.choices {
            let delta = choice.delta;
            if let Some(role) = delta.role {
                self.role = Some(role.to_string());
            }
            if let Some(text) = delta.content.as_ref() {
                self.content.push_str(text);
            }
            for call in delta.tool_calls.unwrap_or_default() {
                let entry = self.tool_calls.entry(call.index).or_default();
                if let Some(id) = call.id {
                    entry.id = id;
                }
                if let Some(function) = call.function {
                    entry.name.push_str(function.name.as_deref().unwrap_or_default());
                    entry.arguments.push_str(function.arguments.as_deref().unwrap_or_default());
                }
            }
            if choice.finish_reason.is_some() {
                self.finish_reason = choice.finish_reason;
            }
        }
        if let Some(usage) = chunk.usage.into_option() {
            self.total_tokens = Some(usage.total_tokens);
        }
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // A whole completion.
    let completion: CreateChatCompletionResponse = serde_json::from_str(COMPLETION)?;
    let choice = &completion.choices[0];
    assert_eq!(choice.finish_reason, CreateChatCompletionResponseChoicesItemFinishReason::ToolCalls);
    assert_eq!(choice.message.content, None);
    let calls = choice.message.tool_calls.as_deref().unwrap_or_default();
    let ChatCompletionMessageToolCallsItem::Function(call) = &calls[0] else {
        panic!("expected a function call, got {:?}", calls[0]);
    };
    assert_eq!(call.function.name, "get_weather");
    let arguments: serde_json::Value = serde_json::from_str(&call.function.arguments)?;
    assert_eq!(arguments["city"], "Paris");
    assert_eq!(completion.usage.as_ref().map(|u| u.total_tokens), Some(99));
    // Nothing is lost: the completion writes back to the same JSON.
    let original: serde_json::Value = serde_json::from_str(COMPLETION)?;
    assert_eq!(serde_json::to_value(&completion)?, original);

    // The same kind of answer, streamed.
    let mut message = Accumulated::default();
    let mut chunks = 0;
    for line in STREAM.lines() {
        let Some(data) = line.strip_prefix("data: ") else { continue };
        if data == "[DONE]" {
            break;
        }
        message.add(serde_json::from_str(data)?);
        chunks += 1;
    }
    assert_eq!(chunks, 8);
    assert_eq!(message.role.as_deref(), Some("assistant"));
    assert_eq!(message.content, "Paris is sunny, 21 °C.");
    assert_eq!(
        message.tool_calls.values().collect::<Vec<_>>(),
        [&ToolCall { id: "call_abc".into(), name: "get_weather".into(), arguments: r#"{"city":"Lyon"}"#.into() }]
    );
    assert_eq!(message.finish_reason, Some(CreateChatCompletionStreamResponseChoicesItemFinishReason::ToolCalls));
    assert_eq!(message.total_tokens, Some(106));

    println!("{} chunks -> {message:?}", chunks);
    Ok(())
}

//! Reading chat completions: a whole completion with a tool call, then the
//! same kind of answer streamed as chunks, which `ChatAccumulator` adds up
//! into the completion the request would have returned unstreamed. Run:
//! `cargo run -p openai-types --example chat_stream`.

use openai_types::accumulate::ChatAccumulator;
use openai_types::{
    ChatCompletionMessageToolCallsItem, CreateChatCompletionResponse,
    CreateChatCompletionResponseFinishReason, CreateChatCompletionStreamResponse,
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

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // A whole completion.
    let completion: CreateChatCompletionResponse = serde_json::from_str(COMPLETION)?;
    let choice = &completion.choices[0];
    assert_eq!(choice.finish_reason, CreateChatCompletionResponseFinishReason::ToolCalls);
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

    // The same kind of answer, streamed, added up as the chunks arrive.
    let mut accumulator = ChatAccumulator::new();
    for line in STREAM.lines() {
        let Some(data) = line.strip_prefix("data: ") else { continue };
        if data == "[DONE]" {
            break;
        }
        let chunk: CreateChatCompletionStreamResponse = serde_json::from_str(data)?;
        accumulator.push(&chunk);
        if accumulator.chunks() == 5 {
            // Midway, the snapshot holds the arguments streamed so far.
            let so_far = accumulator.snapshot();
            let calls = so_far.choices[0].message.tool_calls.as_deref().unwrap_or_default();
            let ChatCompletionMessageToolCallsItem::Function(call) = &calls[0] else {
                panic!("expected a function call, got {:?}", calls[0]);
            };
            assert_eq!(call.function.arguments, r#"{"city":"#);
        }
    }
    let chunks = accumulator.chunks();
    assert_eq!(chunks, 8);
    let streamed = accumulator.finish();
    assert_eq!(streamed.id, "chatcmpl-1");
    let choice = &streamed.choices[0];
    assert_eq!(choice.message.content.as_deref(), Some("Paris is sunny, 21 °C."));
    let calls = choice.message.tool_calls.as_deref().unwrap_or_default();
    let [ChatCompletionMessageToolCallsItem::Function(call)] = calls else {
        panic!("expected one function call, got {calls:?}");
    };
    assert_eq!(
        (call.id.as_str(), call.function.name.as_str(), call.function.arguments.as_str()),
        ("call_abc", "get_weather", r#"{"city":"Lyon"}"#)
    );
    assert_eq!(choice.finish_reason, CreateChatCompletionResponseFinishReason::ToolCalls);
    assert_eq!(streamed.usage.as_ref().map(|u| u.total_tokens), Some(106));

    println!("{chunks} chunks -> {}", serde_json::to_string(&streamed)?);
    Ok(())
}

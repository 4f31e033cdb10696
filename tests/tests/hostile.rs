//! Hostile JSON never panics the generated types nor overflows the stack:
//! it is read or rejected with an error.

use openai_types::*;
use serde_json::json;

fn nested(depth: usize) -> String {
    format!("{}1{}", "[".repeat(depth), "]".repeat(depth))
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep = nested(10_000);
    assert!(serde_json::from_str::<ChatCompletionRequestUserMessageContent>(&deep).is_err());
    assert!(serde_json::from_str::<ChatCompletionRequestMessage>(&format!("{{\"role\":\"user\",\"content\":{deep}}}")).is_err());
    assert!(serde_json::from_str::<CreateChatCompletionRequest>(&format!("{{\"metadata\":{deep}}}")).is_err());
    let objects = format!("{}{}", "{\"a\":".repeat(10_000), "}".repeat(10_000));
    assert!(serde_json::from_str::<CompletionUsage>(&objects).is_err());
}

#[test]
fn numbers_out_of_range_are_errors() {
    for number in ["1e400", "18446744073709551616", "-9223372036854775809", "1.5"] {
        let text = format!("{{\"prompt_tokens\":{number},\"completion_tokens\":1,\"total_tokens\":1}}");
        assert!(serde_json::from_str::<CompletionUsage>(&text).is_err(), "{number} accepted as an integer");
    }
}

#[test]
fn wrong_types_everywhere_are_errors() {
    let wrong = [json!(null), json!(true), json!(1), json!(-1.5), json!("s"), json!([]), json!({}), json!([{}]), json!({"role": 5})];
    for value in wrong {
        // Any outcome but a panic is acceptable; each of these is in fact rejected.
        assert!(serde_json::from_value::<ChatCompletionRequestMessage>(value.clone()).is_err(), "{value}");
        let _ = serde_json::from_value::<CreateChatCompletionResponse>(value.clone());
        let _ = serde_json::from_value::<ResponseStreamEvent>(value.clone());
        let _ = serde_json::from_value::<InputItem>(value.clone());
        let _ = serde_json::from_value::<ChatCompletionToolChoiceOption>(value);
    }
}

#[test]
fn huge_strings_are_read() {
    let big = "x".repeat(8 << 20);
    let text = format!("{{\"role\":\"user\",\"content\":\"{big}\"}}");
    let message: ChatCompletionRequestMessage = serde_json::from_str(&text).expect("a long message is fine");
    let ChatCompletionRequestMessage::User(user) = message else { panic!("expected a user message") };
    assert_eq!(user.content, ChatCompletionRequestUserMessageContent::Text(big));
}

#[test]
fn duplicate_keys_keep_the_last_value() {
    let text = r#"{"role":"user","role":"system","content":"a","content":"b"}"#;
    let _ = serde_json::from_str::<ChatCompletionRequestMessage>(text);
    // As with `serde_json::Value`, the last value of a repeated property wins.
    let usage = r#"{"prompt_tokens":1,"prompt_tokens":2,"completion_tokens":1,"total_tokens":1}"#;
    let usage: CompletionUsage = serde_json::from_str(usage).expect("a repeated property is read");
    assert_eq!(usage.prompt_tokens, 2);
}

#[test]
fn escaped_and_non_string_tags() {
    // An escaped tag cannot be borrowed from the input; it still selects its variant.
    let escaped = r#"{"sequence_number":1,"type":"response.output_text.d\u0065lta","item_id":"m","output_index":0,"content_index":0,"delta":"x","logprobs":[]}"#;
    let event: ResponseStreamEvent = serde_json::from_str(escaped).expect("an escaped tag is read");
    assert!(matches!(event, ResponseStreamEvent::ResponseOutputTextDelta(_)), "{event:?}");
    // A tag that is not a string selects nothing: an error, not a panic.
    assert!(serde_json::from_str::<ResponseStreamEvent>(r#"{"sequence_number":1,"type":5}"#).is_err());
}

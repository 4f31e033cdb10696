//! With serde_json's `preserve_order` off, as in a user's build that does not
//! ask for it: the benchmark payloads still read and write back to the same
//! JSON, and undeclared properties (`Extra`) keep the order they came in.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

#[allow(dead_code)]
#[path = "../../../benches/src/lib.rs"]
mod payloads;

use payloads::Payload;

/// The build under test really has the feature off: a `Map` sorts its keys.
#[test]
fn preserve_order_is_off() {
    let map: serde_json::Map<String, Value> = serde_json::from_str(r#"{"b": 1, "a": 2}"#).expect("an object");
    assert_eq!(map.keys().collect::<Vec<_>>(), ["a", "b"]);
}

#[test]
fn undeclared_properties_keep_their_order() {
    let doc = r#"{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o","choices":[],"zeta":1,"alpha":2,"mid":3}"#;
    let read: openai_types::CreateChatCompletionResponse = serde_json::from_str(doc).expect("a chat completion");
    let keys: Vec<&str> = read.extra.iter().map(|(key, _)| key).collect();
    assert_eq!(keys, ["zeta", "alpha", "mid"]);
    let written = serde_json::to_string(&read).expect("serializes");
    let at = |key: &str| written.find(&format!("\"{key}\"")).unwrap_or_else(|| panic!("`{key}` is written back: {written}"));
    assert!(at("zeta") < at("alpha") && at("alpha") < at("mid"), "undeclared properties reordered: {written}");
}

/// Numbers compare by value (`1` and `1.0`), object members in any order.
fn same_value(expected: &Value, actual: &Value, path: &str) -> Result<(), String> {
    match (expected, actual) {
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => Ok(()),
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            a.iter().zip(b).enumerate().try_for_each(|(i, (x, y))| same_value(x, y, &format!("{path}/{i}")))
        }
        (Value::Object(a), Value::Object(b)) if a.len() == b.len() => a.iter().try_for_each(|(key, x)| match b.get(key) {
            Some(y) => same_value(x, y, &format!("{path}/{key}")),
            None => Err(format!("{path}/{key}: missing after the round trip")),
        }),
        _ if expected == actual => Ok(()),
        _ => Err(format!("{path}: expected {expected}, got {actual}")),
    }
}

fn round_trips<T: DeserializeOwned + Serialize>(name: &str, payload: &Payload) {
    let documents = payload.documents();
    assert!(!documents.is_empty(), "{name} has no documents");
    for (i, doc) in documents.iter().enumerate() {
        let original: Value = serde_json::from_str(doc).unwrap_or_else(|e| panic!("{name}[{i}] is not JSON: {e}"));
        let read: T = serde_json::from_str(doc).unwrap_or_else(|e| panic!("{name}[{i}] does not read: {e}"));
        let back = serde_json::to_value(&read).unwrap_or_else(|e| panic!("{name}[{i}] does not write: {e}"));
        if let Err(diff) = same_value(&original, &back, "") {
            panic!("{name}[{i}]: the round trip differs at {diff}");
        }
    }
}

#[test]
fn chat_completion() {
    round_trips::<openai_types::CreateChatCompletionResponse>("chat_completion", &Payload::Single(payloads::chat_completion()));
}

#[test]
fn chat_chunks() {
    round_trips::<openai_types::CreateChatCompletionStreamResponse>("chat_chunks", &Payload::Stream(payloads::chat_completion_chunks()));
}

#[test]
fn response() {
    round_trips::<openai_types::Response>("response", &Payload::Single(payloads::response()));
}

#[test]
fn response_events() {
    round_trips::<openai_types::ResponseStreamEvent>("response_events", &Payload::Stream(payloads::response_stream_events()));
}

#[test]
fn file_list() {
    round_trips::<openai_types::ListFilesResponse>("file_list", &Payload::Single(payloads::file_list()));
}

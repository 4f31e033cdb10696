//! The benchmark payloads are valid: each document deserializes into our
//! generated type and serializes back to the same JSON value, and both peers
//! (async-openai 0.43, openai-openapi-types 0.6) accept it too (the
//! benchmark compares all three on these bytes).

use benches::Payload;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// Compares two JSON values; numbers compare by value (our `created_at: f64`
/// writes `1755792000.0` for `1755792000`), objects ignore member order.
/// Returns the JSON pointer of the first difference.
fn same_value(expected: &Value, actual: &Value, path: &str) -> Result<(), String> {
    match (expected, actual) {
        (Value::Number(a), Value::Number(b)) => {
            let equal = match (a.as_i64(), b.as_i64(), a.as_u64(), b.as_u64()) {
                (Some(x), Some(y), _, _) => x == y,
                (_, _, Some(x), Some(y)) => x == y,
                _ => a.as_f64() == b.as_f64(),
            };
            if equal {
                Ok(())
            } else {
                Err(format!("{path}: expected {a}, got {b}"))
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            if a.len() != b.len() {
                return Err(format!(
                    "{path}: expected {} elements, got {}",
                    a.len(),
                    b.len()
                ));
            }
            a.iter()
                .zip(b)
                .try_for_each(|(x, y)| same_value(x, y, &format!("{path}/*")))
        }
        (Value::Object(a), Value::Object(b)) => {
            if let Some(key) = b.keys().find(|k| !a.contains_key(*k)) {
                return Err(format!(
                    "{path}/{key}: added by the round trip ({})",
                    b[key]
                ));
            }
            a.iter().try_for_each(|(key, x)| match b.get(key) {
                Some(y) => same_value(x, y, &format!("{path}/{key}")),
                None => Err(format!(
                    "{path}/{key}: missing after the round trip (was {x})"
                )),
            })
        }
        _ if expected == actual => Ok(()),
        _ => Err(format!("{path}: expected {expected}, got {actual}")),
    }
}

/// Every document of `payload` reads into `Ours` and writes back to the same
/// value (`null`s included).
fn round_trips<Ours: DeserializeOwned + Serialize>(name: &str, payload: &Payload) {
    let mut failures = Vec::new();
    for (i, doc) in payload.documents().iter().enumerate() {
        let original: Value = match serde_json::from_str(doc) {
            Ok(value) => value,
            Err(e) => panic!("{name}[{i}] is not JSON: {e}"),
        };
        let ours: Ours = match serde_json::from_str(doc) {
            Ok(ours) => ours,
            Err(e) => {
                failures.push(format!(
                    "{name}[{i}]: rejected by {}: {e}",
                    std::any::type_name::<Ours>()
                ));
                continue;
            }
        };
        let back = match serde_json::to_value(&ours) {
            Ok(back) => back,
            Err(e) => {
                failures.push(format!("{name}[{i}]: does not serialize back: {e}"));
                continue;
            }
        };
        if let Err(diff) = same_value(&original, &back, "") {
            failures.push(format!("{name}[{i}]: round trip differs at {diff}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Every document of `payload` reads into a peer's `Theirs`.
fn accepted_by<Theirs: DeserializeOwned>(name: &str, payload: &Payload) {
    let failures: Vec<String> = payload
        .documents()
        .iter()
        .enumerate()
        .filter_map(|(i, doc)| {
            serde_json::from_str::<Theirs>(doc).err().map(|e| {
                format!(
                    "{name}[{i}]: rejected by {}: {e}",
                    std::any::type_name::<Theirs>()
                )
            })
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} document(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

use async_openai::types::{chat, files, responses};
use openai_openapi_types as oot;

#[test]
fn chat_completion() {
    let payload = Payload::Single(benches::chat_completion());
    round_trips::<openai_types::CreateChatCompletionResponse>("chat_completion", &payload);
    accepted_by::<chat::CreateChatCompletionResponse>("chat_completion", &payload);
    accepted_by::<oot::CreateChatCompletionResponse>("chat_completion", &payload);
}

#[test]
fn chat_chunks() {
    let payload = Payload::Stream(benches::chat_completion_chunks());
    assert_eq!(payload.documents().len(), benches::CHAT_CHUNKS);
    round_trips::<openai_types::CreateChatCompletionStreamResponse>("chat_chunks", &payload);
    accepted_by::<chat::CreateChatCompletionStreamResponse>("chat_chunks", &payload);
    accepted_by::<oot::CreateChatCompletionStreamResponse>("chat_chunks", &payload);
}

#[test]
fn response() {
    let payload = Payload::Single(benches::response());
    round_trips::<openai_types::Response>("response", &payload);
    accepted_by::<responses::Response>("response", &payload);
    accepted_by::<oot::Response>("response", &payload);
}

#[test]
fn response_events() {
    let payload = Payload::Stream(benches::response_stream_events());
    round_trips::<openai_types::ResponseStreamEvent>("response_events", &payload);
    accepted_by::<responses::ResponseStreamEvent>("response_events", &payload);
    accepted_by::<oot::ResponseStreamEvent>("response_events", &payload);
    // The events must land in real variants, not in `Unknown`: a typo in a
    // `type` tag would otherwise pass unnoticed.
    for doc in payload.documents() {
        let event: openai_types::ResponseStreamEvent =
            serde_json::from_str(doc).expect("checked by round_trips above");
        assert!(
            !matches!(event, openai_types::ResponseStreamEvent::Unknown(_)),
            "unknown event: {doc}"
        );
    }
}

#[test]
fn chat_request() {
    let payload = Payload::Single(benches::chat_completion_request());
    round_trips::<openai_types::CreateChatCompletionRequest>("chat_request", &payload);
    accepted_by::<chat::CreateChatCompletionRequest>("chat_request", &payload);
    accepted_by::<oot::CreateChatCompletionRequest>("chat_request", &payload);
    // Every message must land in its role's variant.
    let request: openai_types::CreateChatCompletionRequest =
        serde_json::from_str(&benches::chat_completion_request()).expect("checked above");
    let unknown = request
        .messages
        .iter()
        .filter(|m| matches!(m, openai_types::ChatCompletionRequestMessage::Unknown(_)))
        .count();
    assert_eq!(unknown, 0, "messages read as Unknown");
}

#[test]
fn responses_request() {
    let payload = Payload::Single(benches::create_response_request());
    round_trips::<openai_types::CreateResponse>("responses_request", &payload);
    accepted_by::<responses::CreateResponse>("responses_request", &payload);
    accepted_by::<oot::CreateResponse>("responses_request", &payload);
}

#[test]
fn file_list() {
    let payload = Payload::Single(benches::file_list());
    round_trips::<openai_types::ListFilesResponse>("file_list", &payload);
    accepted_by::<files::ListFilesResponse>("file_list", &payload);
    accepted_by::<oot::ListFilesResponse>("file_list", &payload);
}

#[test]
fn payloads_are_deterministic() {
    let first: Vec<usize> = benches::all().iter().map(|(_, p)| p.len()).collect();
    let again: Vec<usize> = benches::all().iter().map(|(_, p)| p.len()).collect();
    assert_eq!(first, again);
    assert_eq!(benches::response(), benches::response());
}

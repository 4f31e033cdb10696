//! Shared helpers of the cross-crate tests.

use codegen::spec::Pinned;

/// Reads a pinned spec (environment variable, cache or download) or fails
/// the test with a message that says how to get it: these tests never pass
/// without the spec.
pub fn read_spec(pinned: &Pinned) -> String {
    match pinned.read() {
        Ok((_, text)) => text,
        Err(message) => panic!("this test needs the full spec and could not find it:\n{message}"),
    }
}

/// Reads `json` as `T`, writes it back, and requires the same JSON (key
/// order aside). Returns the typed value for further checks.
pub fn round_trip<T>(json: serde_json::Value) -> T
where
    T: serde::de::DeserializeOwned + serde::Serialize,
{
    let name = std::any::type_name::<T>();
    // Both ways in: from text (keys borrowed, objects streamed) and from a `Value`.
    let from_text: T = serde_json::from_str(&json.to_string()).unwrap_or_else(|e| panic!("{name} rejects {json}: {e}"));
    let back = serde_json::to_value(&from_text).expect("serializes");
    assert_eq!(back, json, "{name} read from text does not write back what it read");
    let typed: T = serde_json::from_value(json.clone()).unwrap_or_else(|e| panic!("{name} rejects {json} as a value: {e}"));
    let back = serde_json::to_value(&typed).expect("serializes");
    assert_eq!(back, json, "{name} read from a value does not write back what it read");
    typed
}

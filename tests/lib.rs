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
    let typed: T = serde_json::from_value(json.clone())
        .unwrap_or_else(|e| panic!("{} rejects {json}: {e}", std::any::type_name::<T>()));
    let back = serde_json::to_value(&typed).expect("serializes");
    assert_eq!(back, json, "{} does not write back what it read", std::any::type_name::<T>());
    typed
}

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

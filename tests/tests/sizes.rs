//! The size of the values a user moves most: every chat chunk and every
//! Responses event passes through the reader, the stream and the caller.
//! Large optional fields and union variants far above the rest are boxed
//! (`codegen/src/name/boxing.rs`); these bounds catch a type that grows
//! back to carrying them inline.

use openai_types::*;
use std::mem::size_of;

#[test]
fn streamed_values_stay_small() {
    let sizes = [
        ("CreateChatCompletionStreamResponse", size_of::<CreateChatCompletionStreamResponse>(), 360),
        ("CreateChatCompletionResponse", size_of::<CreateChatCompletionResponse>(), 360),
        ("ResponseStreamEvent", size_of::<ResponseStreamEvent>(), 400),
        ("Response", size_of::<Response>(), 1200),
    ];
    let over: Vec<String> = sizes
        .iter()
        .filter(|(_, size, bound)| size > bound)
        .map(|(name, size, bound)| format!("{name} is {size} bytes, over {bound}"))
        .collect();
    assert!(over.is_empty(), "{over:#?}");
}

#[test]
fn usage_is_boxed_because_it_is_large() {
    // Inline, `usage` would add its whole size to every chunk, though only
    // the last one carries it.
    assert!(size_of::<CompletionUsage>() >= 150, "CompletionUsage is {} bytes", size_of::<CompletionUsage>());
    fn usage(chunk: &CreateChatCompletionStreamResponse) -> &Nullable<Box<CompletionUsage>> {
        &chunk.usage
    }
    fn completion_usage(completion: &CreateChatCompletionResponse) -> Option<&CompletionUsage> {
        completion.usage.as_deref()
    }
    let _ = (usage, completion_usage);
}

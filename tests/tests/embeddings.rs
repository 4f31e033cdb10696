//! Embeddings requested with `encoding_format: "base64"` come back as base64
//! strings of little-endian `f32`s, which the spec does not allow (a spec
//! patch widens `Embedding.embedding`): such a response reads, writes back
//! unchanged, and decodes to the floats that were encoded.

use cross_crate_tests::round_trip;
use openai_types::{CreateEmbeddingResponse, EmbeddingVector};
use serde_json::json;

/// Standard base64 with padding, as the API writes it.
fn base64(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let word = chunk.iter().enumerate().fold(0u32, |word, (i, b)| word | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            out.push(if i <= chunk.len() { DIGITS[((word >> (18 - 6 * i)) & 63) as usize] as char } else { '=' });
        }
    }
    out
}

#[test]
fn base64_embeddings_read_and_decode_to_their_floats() {
    // Lengths that leave 0, 1 and 2 bytes over a multiple of three: every padding.
    let vectors: [Vec<f32>; 3] = [
        vec![0.002_306_425_5, -0.009_327_292, 0.015_797_347],
        vec![1.0, -2.0, 0.5, -0.25],
        (0..1536).map(|i| (i as f32 * 0.37).sin() / 7.0).collect(),
    ];
    let encoded: Vec<String> = vectors.iter().map(|v| base64(&v.iter().flat_map(|f| f.to_le_bytes()).collect::<Vec<u8>>())).collect();
    let data: Vec<_> = encoded.iter().enumerate().map(|(i, text)| json!({"object": "embedding", "index": i, "embedding": text})).collect();
    let payload = json!({
        "object": "list",
        "data": data,
        "model": "text-embedding-3-small",
        "usage": {"prompt_tokens": 8, "total_tokens": 8},
    });
    let response: CreateEmbeddingResponse = round_trip(payload);
    assert_eq!(response.data.len(), 3);
    for (embedding, expected) in response.data.iter().zip(&vectors) {
        assert!(matches!(embedding.embedding, EmbeddingVector::Text(_)), "read as base64: {:?}", embedding.embedding);
        assert_eq!(embedding.embedding.to_f32_vec().as_ref(), Some(expected));
    }
}

#[test]
fn float_embeddings_still_read_as_floats() {
    let payload = json!({"object": "embedding", "index": 0, "embedding": [0.5, -1.25]});
    let embedding: openai_types::Embedding = round_trip(payload);
    assert_eq!(embedding.embedding, EmbeddingVector::NumberArray(vec![0.5, -1.25]));
    assert_eq!(embedding.embedding.to_f32_vec(), Some(vec![0.5, -1.25]));
}

#[test]
fn a_string_that_is_not_base64_floats_is_kept_but_does_not_decode() {
    let payload = json!({"object": "embedding", "index": 0, "embedding": "not base64!"});
    let embedding: openai_types::Embedding = round_trip(payload);
    assert_eq!(embedding.embedding.to_f32_vec(), None);
}

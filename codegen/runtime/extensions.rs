//! Hand-written methods on types of the pinned OpenAI spec. They name
//! generated types, so they are copied into a crate generated from that
//! spec only (`render.rs`); a crate from another spec gets an empty module.

// Hand-written rather than generated: the base64 form is a spec patch
// (`spec/patches.yaml`, `Embedding.embedding`), and what its bytes mean is
// said only in prose.
#[cfg(feature = "embeddings")]
impl crate::embeddings::EmbeddingVector {
    /// The vector as `f32`s, whichever form it came in: the list of floats,
    /// or the base64 string the API sends when the request sets
    /// `encoding_format` to `base64` (the floats' little-endian bytes).
    /// `None` when the string is not such base64.
    ///
    /// ```
    /// let embedding: openai_types::Embedding =
    ///     serde_json::from_str(r#"{"object": "embedding", "index": 0, "embedding": "AACAPwAAAMA="}"#).unwrap();
    /// assert_eq!(embedding.embedding.to_f32_vec(), Some(vec![1.0, -2.0]));
    /// ```
    pub fn to_f32_vec(&self) -> Option<Vec<f32>> {
        match self {
            Self::NumberArray(numbers) => Some(numbers.iter().map(|&number| number as f32).collect()),
            Self::Text(base64) => crate::runtime::f32s_from_base64(base64),
        }
    }
}


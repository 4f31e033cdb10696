//! The names users read (issue #15, items 7 and 8): generated names stay
//! short and say no word twice, the seed's short names are used, and a
//! shape the spec writes out twice is one type.

use codegen::spec;
use cross_crate_tests::read_spec;
use openai_types::*;

/// Component names are the spec's own; 83 of them already have 45
/// characters or more. Counting them, at most 100 type names may.
#[test]
fn at_most_one_hundred_names_are_long() {
    let text = read_spec(&spec::latest());
    let analysis = codegen::analyze(&text, &codegen::Options::for_project(&text)).unwrap_or_else(|f| panic!("{f}"));
    let long = |component: bool| -> Vec<&str> {
        let types = analysis.graph.types.iter().filter(|d| d.component.is_some() == component);
        types.map(|d| d.name.as_str()).filter(|n| n.len() >= codegen::name::inline::LONG_NAME).collect()
    };
    let (components, generated) = (long(true), long(false));
    assert!(
        components.len() + generated.len() <= 100,
        "{} component and {} generated names have 45 characters or more; generated: {generated:#?}",
        components.len(),
        generated.len()
    );
    let repeating: Vec<&str> = analysis
        .graph
        .types
        .iter()
        .filter(|d| d.component.is_none() && !matches!(d.kind, codegen::model::TypeKind::Constant(_)))
        .map(|d| d.name.as_str())
        .filter(|n| says_a_word_twice_running(n))
        .collect();
    // Left: a kind word after a name ending in the same word
    // (`...ObjectObject`); 79 before the policy.
    assert!(repeating.len() <= 5, "{} generated names say a word twice running: {repeating:#?}", repeating.len());
}

fn says_a_word_twice_running(name: &str) -> bool {
    let starts: Vec<usize> = name.char_indices().filter(|(_, c)| c.is_ascii_uppercase()).map(|(i, _)| i).chain([name.len()]).collect();
    let words: Vec<&str> = starts.windows(2).map(|w| &name[w[0]..w[1]]).collect();
    let pairs: Vec<(&str, &str)> = words.windows(2).map(|w| (w[0], w[1])).collect();
    words.windows(2).any(|w| w[0] == w[1]) || pairs.iter().enumerate().any(|(i, p)| pairs[i + 1..].contains(p))
}

/// The names the issue quoted now read as the seed's.
#[test]
fn the_seed_names_are_used() {
    let image = ImageUrl { url: "https://example.com/cat.png".into(), detail: Some(ImageUrlDetail::High), ..Default::default() };
    let part = ChatCompletionRequestMessageContentPartImage { image_url: image, ..Default::default() };
    assert_eq!(serde_json::to_value(&part).unwrap()["image_url"]["detail"], "high");
    let _: ChatCompletionToolChoiceMode = ChatCompletionToolChoiceMode::Auto;
    let _: JsonSchema = ResponseFormatJsonSchema::default().json_schema;
    assert!(!says_a_word_twice_running("ChatCompletionToolChoiceMode"));
    assert!(says_a_word_twice_running("ResponseFormatJsonSchemaJsonSchema"));
    assert!(says_a_word_twice_running("ChatCompletionToolChoiceOptionToolChoiceMode"));
}

/// `CreateAssistantRequest` and `CreateThreadRequest` write out the same
/// vector store helper (with its chunking strategies); it is one type, so a
/// value made for one is taken by the other.
#[test]
fn a_shape_written_twice_is_one_type() {
    let store = ToolResourcesFileSearchVectorStore {
        file_ids: Some(vec!["file-1".into()]),
        chunking_strategy: Some(ToolResourcesVectorStoreChunkingStrategy::Auto(Default::default())),
        ..Default::default()
    };
    let assistant = CreateAssistantRequestFileSearch { vector_stores: Some(vec![store.clone()]), ..Default::default() };
    let thread = CreateThreadRequestToolResourcesFileSearch { vector_stores: Some(vec![store]), ..Default::default() };
    let written = serde_json::to_value(&assistant).unwrap();
    assert_eq!(written, serde_json::to_value(&thread).unwrap());
    assert_eq!(written, serde_json::json!({"vector_stores": [{"file_ids": ["file-1"], "chunking_strategy": {"type": "auto"}}]}));
}

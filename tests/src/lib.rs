#[test]
fn sizes() {
    use openai_types::*;
    eprintln!("Value {}", std::mem::size_of::<serde_json::Value>());
    eprintln!("RealtimeClientEventResponseCreate {}", std::mem::size_of::<RealtimeClientEventResponseCreate>());
    eprintln!("RealtimeResponseCreateParams {}", std::mem::size_of::<RealtimeResponseCreateParams>());
    eprintln!("Option<RealtimeResponseCreateParams> {}", std::mem::size_of::<Option<RealtimeResponseCreateParams>>());
}

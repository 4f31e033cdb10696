//! Reading a Responses API stream: every event is one `ResponseStreamEvent`,
//! dispatched on its `type`; text deltas add up to the final text, which the
//! `response.completed` event confirms. Run:
//! `cargo run -p openai-types --example responses_stream`.

use openai_types::{OutputItem, OutputMessageContent, ResponseStatus, ResponseStreamEvent};

/// Server-sent events as the API sends them (`event:` and `data:` lines).
const STREAM: &str = r#"event: response.created
data: {"type":"response.created","sequence_number":0,"response":{"id":"resp_67c9fdcecf488190bdd9a0409de3a1ec07b8b0ad4e5eb654","object":"response","created_at":1741290958,"status":"in_progress","error":null,"incomplete_details":null,"instructions":"You are a helpful assistant.","max_output_tokens":null,"model":"gpt-4.1-2025-04-14","output":[],"parallel_tool_calls":true,"previous_response_id":null,"reasoning":{"effort":null,"summary":null},"store":true,"temperature":1.0,"text":{"format":{"type":"text"}},"tool_choice":"auto","tools":[],"top_p":1.0,"truncation":"disabled","usage":null,"user":null,"metadata":{}}}

event: response.in_progress
data: {"type":"response.in_progress","sequence_number":1,"response":{"id":"resp_67c9fdcecf488190bdd9a0409de3a1ec07b8b0ad4e5eb654","object":"response","created_at":1741290958,"status":"in_progress","error":null,"incomplete_details":null,"instructions":"You are a helpful assistant.","max_output_tokens":null,"model":"gpt-4.1-2025-04-14","output":[],"parallel_tool_calls":true,"previous_response_id":null,"reasoning":{"effort":null,"summary":null},"store":true,"temperature":1.0,"text":{"format":{"type":"text"}},"tool_choice":"auto","tools":[],"top_p":1.0,"truncation":"disabled","usage":null,"user":null,"metadata":{}}}

event: response.output_item.added
data: {"type":"response.output_item.added","sequence_number":2,"output_index":0,"item":{"id":"msg_67c9fdcf37fc8190ba82116e33fb28c507b8b0ad4e5eb654","type":"message","status":"in_progress","role":"assistant","content":[]}}

event: response.content_part.added
data: {"type":"response.content_part.added","sequence_number":3,"item_id":"msg_67c9fdcf37fc8190ba82116e33fb28c507b8b0ad4e5eb654","output_index":0,"content_index":0,"part":{"type":"output_text","text":"","annotations":[]}}

event: response.output_text.delta
data: {"type":"response.output_text.delta","sequence_number":4,"item_id":"msg_67c9fdcf37fc8190ba82116e33fb28c507b8b0ad4e5eb654","output_index":0,"content_index":0,"delta":"Hi","logprobs":[]}

event: response.output_text.delta
data: {"type":"response.output_text.delta","sequence_number":5,"item_id":"msg_67c9fdcf37fc8190ba82116e33fb28c507b8b0ad4e5eb654","output_index":0,"content_index":0,"delta":" there","logprobs":[]}

event: response.output_text.delta
data: {"type":"response.output_text.delta","sequence_number":6,"item_id":"msg_67c9fdcf37fc8190ba82116e33fb28c507b8b0ad4e5eb654","output_index":0,"content_index":0,"delta":"! How can I help?","logprobs":[]}

event: response.output_text.done
data: {"type":"response.output_text.done","sequence_number":7,"item_id":"msg_67c9fdcf37fc8190ba82116e33fb28c507b8b0ad4e5eb654","output_index":0,"content_index":0,"text":"Hi there! How can I help?","logprobs":[]}

event: response.content_part.done
data: {"type":"response.content_part.done","sequence_number":8,"item_id":"msg_67c9fdcf37fc8190ba82116e33fb28c507b8b0ad4e5eb654","output_index":0,"content_index":0,"part":{"type":"output_text","text":"Hi there! How can I help?","annotations":[]}}

event: response.output_item.done
data: {"type":"response.output_item.done","sequence_number":9,"output_index":0,"item":{"id":"msg_67c9fdcf37fc8190ba82116e33fb28c507b8b0ad4e5eb654","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","text":"Hi there! How can I help?","annotations":[]}]}}

event: response.completed
data: {"type":"response.completed","sequence_number":10,"response":{"id":"resp_67c9fdcecf488190bdd9a0409de3a1ec07b8b0ad4e5eb654","object":"response","created_at":1741290958,"status":"completed","error":null,"incomplete_details":null,"instructions":"You are a helpful assistant.","max_output_tokens":null,"model":"gpt-4.1-2025-04-14","output":[{"id":"msg_67c9fdcf37fc8190ba82116e33fb28c507b8b0ad4e5eb654","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","text":"Hi there! How can I help?","annotations":[]}]}],"parallel_tool_calls":true,"previous_response_id":null,"reasoning":{"effort":null,"summary":null},"store":true,"temperature":1.0,"text":{"format":{"type":"text"}},"tool_choice":"auto","tools":[],"top_p":1.0,"truncation":"disabled","usage":{"input_tokens":37,"output_tokens":11,"output_tokens_details":{"reasoning_tokens":0},"input_tokens_details":{"cached_tokens":0},"total_tokens":48},"user":null,"metadata":{}}}

event: response.some_future_event
data: {"type":"response.some_future_event","sequence_number":11}
"#;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut text = String::new();
    let mut kinds = Vec::new();
    let mut done_text = None;
    let mut completed = None;
    let mut unknown = 0;
    let mut last_sequence = -1;
    let mut event_name = "";
    for line in STREAM.lines() {
        if let Some(name) = line.strip_prefix("event: ") {
            event_name = name;
            continue;
        }
        let Some(data) = line.strip_prefix("data: ") else { continue };
        let event: ResponseStreamEvent = serde_json::from_str(data)?;
        // The event name of the SSE frame matches the `type` inside.
        let original: serde_json::Value = serde_json::from_str(data)?;
        assert_eq!(original["type"], event_name);
        // Every event writes JSON that reads back as the same event. (Not
        // byte for byte: the spec types `created_at` as a number, so
        // `1741290958` comes back as `1741290958.0`.)
        assert_eq!(serde_json::from_value::<ResponseStreamEvent>(serde_json::to_value(&event)?)?, event);
        let sequence = original["sequence_number"].as_i64().unwrap_or_default();
        assert!(sequence > last_sequence, "events arrive in order");
        last_sequence = sequence;
        match event {
            ResponseStreamEvent::ResponseCreated(e) => {
                assert_eq!(e.response.status, Some(ResponseStatus::InProgress));
                kinds.push("created");
            }
            ResponseStreamEvent::ResponseInProgress(_) => kinds.push("in_progress"),
            ResponseStreamEvent::ResponseOutputItemAdded(e) => {
                assert!(matches!(e.item, OutputItem::Message(_)));
                kinds.push("item_added");
            }
            ResponseStreamEvent::ResponseContentPartAdded(_) => kinds.push("part_added"),
            ResponseStreamEvent::ResponseOutputTextDelta(e) => {
                text.push_str(&e.delta);
                kinds.push("delta");
            }
            ResponseStreamEvent::ResponseOutputTextDone(e) => {
                done_text = Some(e.text);
                kinds.push("text_done");
            }
            ResponseStreamEvent::ResponseContentPartDone(_) => kinds.push("part_done"),
            ResponseStreamEvent::ResponseOutputItemDone(_) => kinds.push("item_done"),
            ResponseStreamEvent::ResponseCompleted(e) => {
                completed = Some(e.response);
                kinds.push("completed");
            }
            // Events this version of the crate does not know are kept, not errors.
            ResponseStreamEvent::Unknown(value) => {
                assert_eq!(value["type"], "response.some_future_event");
                unknown += 1;
            }
            other => panic!("unexpected event {other:?}"),
        }
    }

    assert_eq!(
        kinds,
        [
            "created", "in_progress", "item_added", "part_added", "delta", "delta", "delta", "text_done",
            "part_done", "item_done", "completed"
        ]
    );
    assert_eq!(unknown, 1);
    assert_eq!(text, "Hi there! How can I help?");
    assert_eq!(done_text.as_deref(), Some(text.as_str()));

    let response = completed.ok_or("no response.completed event")?;
    assert_eq!(response.status, Some(ResponseStatus::Completed));
    assert_eq!(response.usage.as_ref().map(|u| u.total_tokens), Some(48));
    let OutputItem::Message(message) = &response.output[0] else {
        panic!("expected a message, got {:?}", response.output[0]);
    };
    let OutputMessageContent::OutputText(part) = &message.content[0] else {
        panic!("expected output text, got {:?}", message.content[0]);
    };
    assert_eq!(part.text, text);

    println!("{} events, text: {text}", kinds.len() + unknown);
    Ok(())
}

//! Every example payload of the pinned spec, read as the generated type of
//! its schema and written back.
//!
//! The spec documents each operation with `x-oaiMeta.examples`: a curl
//! request (its `-d '...'` body is the request payload) and a response
//! text (one JSON document, or a stream of events). Each payload is read
//! as the type of the schema the operation declares for it and written
//! back; the result must equal the payload (numbers by value, key order
//! aside). Payloads that fail or lose data must be listed, with a reason,
//! in `examples-expectations.tsv`; listed entries that now round-trip
//! exactly must be removed from it. Payloads that cannot be checked (not
//! JSON, no schema, multipart, ...) are counted by reason.
//!
//! Run with `--nocapture` to see the totals.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde_json::{Map, Value};

// `round_trip_schema(schema, payload)`, one arm per line of
// generated/schema-index.tsv (written by tests/build.rs).
include!(concat!(env!("OUT_DIR"), "/registry.rs"));

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];
const EXPECTATIONS: &str = "examples-expectations.tsv";
/// Differences shown per lossy payload; the rest are counted.
const POINTERS_SHOWN: usize = 4;
/// The spec models an Assistants stream event as `{event, data}`; see
/// `stream_schema`.
const ASSISTANT_STREAM_EVENT: &str = "AssistantStreamEvent";

/// One payload to round-trip.
struct Payload {
    id: String,
    schema: String,
    json: Value,
}

/// What happened to a payload.
enum Outcome {
    Exact,
    /// JSON pointers of the differences, with a short description each.
    Lossy(Vec<String>),
    Failed(String),
}

impl Outcome {
    fn kind(&self) -> &'static str {
        match self {
            Outcome::Exact => "exact",
            Outcome::Lossy(_) => "lossy",
            Outcome::Failed(_) => "failed",
        }
    }

    fn detail(&self) -> String {
        match self {
            Outcome::Exact => String::new(),
            Outcome::Lossy(diffs) => {
                let mut text = diffs.iter().take(POINTERS_SHOWN).cloned().collect::<Vec<_>>().join("; ");
                if diffs.len() > POINTERS_SHOWN {
                    write!(text, "; and {} more", diffs.len() - POINTERS_SHOWN).expect("writing to a String");
                }
                text
            }
            Outcome::Failed(error) => error.clone(),
        }
    }
}

/// Payloads found in the spec, and those that cannot be checked, by reason.
#[derive(Default)]
struct Collected {
    payloads: Vec<Payload>,
    skipped: BTreeMap<String, Vec<String>>,
}

impl Collected {
    fn skip(&mut self, reason: impl Into<String>, id: impl Into<String>) {
        self.skipped.entry(reason.into()).or_default().push(id.into());
    }

    fn skipped_count(&self) -> usize {
        self.skipped.values().map(Vec::len).sum()
    }
}

#[test]
fn every_example_payload_round_trips_or_is_listed() {
    let text = cross_crate_tests::read_spec(&codegen::spec::latest());
    let document =
        codegen::load::parse_document(&text).unwrap_or_else(|e| panic!("the pinned spec does not parse: {e:?}"));
    let collected = collect(&document);
    assert!(!collected.payloads.is_empty(), "no example payloads found in the spec: did its layout change?");

    let outcomes: Vec<(&Payload, Outcome)> = collected.payloads.iter().map(|p| (p, check(p))).collect();
    report(&collected, &outcomes);

    let expectations = read_expectations();
    let problems = compare_with_expectations(&outcomes, &expectations, &collected);
    assert!(problems.is_empty(), "{EXPECTATIONS} does not match the results:\n{}", problems.join("\n"));
}

// ---------------------------------------------------------------------------
// Collecting the payloads.

fn collect(document: &Value) -> Collected {
    let mut collected = Collected::default();
    let Some(paths) = document["paths"].as_object() else { panic!("the spec has no `paths` object") };
    for (path, item) in paths {
        for method in METHODS {
            let Some(operation) = item.get(method) else { continue };
            let examples = match &operation["x-oaiMeta"]["examples"] {
                Value::Array(list) => list.iter().collect(),
                Value::Object(_) => vec![&operation["x-oaiMeta"]["examples"]],
                _ => Vec::new(),
            };
            for (index, example) in examples.into_iter().enumerate() {
                let id = format!("{method} {path} #{index}");
                collect_request(document, operation, example, &format!("{id} request"), &mut collected);
                collect_response(document, operation, example, &format!("{id} response"), &mut collected);
                // A few examples also show an error body; only success
                // responses are checked, so it is only counted.
                if example.get("error_response").is_some() {
                    collected
                        .skip("error_response: not checked (not a success response)", format!("{id} error_response"));
                }
            }
        }
    }
    collected
}

fn collect_request(document: &Value, operation: &Value, example: &Value, id: &str, collected: &mut Collected) {
    let Some(curl) = example["request"]["curl"].as_str() else {
        return collected.skip("request: no curl example", id);
    };
    let Some(body) = codegen::examples::curl_body(curl) else {
        let reason = if curl.contains(" -F ") { "request: multipart form (-F)" } else { "request: no JSON body (-d)" };
        return collected.skip(reason, id);
    };
    let content = &resolve(document, &operation["requestBody"])["content"];
    let schema = match schema_name(&content["application/json"]) {
        Ok(schema) => schema,
        Err(reason) => return collected.skip(format!("request: {reason}"), id),
    };
    match parse_json(body) {
        Ok(json) => collected.payloads.push(Payload { id: id.to_string(), schema, json }),
        Err(reason) => collected.skip(format!("request not JSON: {reason}"), id),
    }
}

fn collect_response(document: &Value, operation: &Value, example: &Value, id: &str, collected: &mut Collected) {
    let Some(text) = example["response"].as_str() else {
        return collected.skip("response: none given", id);
    };
    let content = &success_response(document, operation)["content"];
    match parse_response(text) {
        Shape::Single(parsed) => {
            let schema = match schema_name(&content["application/json"]) {
                Ok(schema) => schema,
                Err(reason) => return collected.skip(format!("response: {reason}"), id),
            };
            match parsed {
                Ok(json) => collected.payloads.push(Payload { id: id.to_string(), schema, json }),
                Err(reason) => collected.skip(format!("response not JSON: {reason}"), id),
            }
        }
        Shape::Stream(events) => {
            let has_event_names = events.iter().any(|e| matches!(e, StreamItem::Json { event: Some(_), .. }));
            let (schema, wrap) = match stream_schema(content, has_event_names) {
                Ok(choice) => choice,
                Err(reason) => return collected.skip(format!("response stream: {reason}"), id),
            };
            for (index, event) in events.into_iter().enumerate() {
                let id = format!("{id}#{index}");
                match event {
                    StreamItem::Json { event, data } => {
                        let json = match (wrap, event) {
                            (true, Some(name)) => {
                                let mut envelope = Map::new();
                                envelope.insert("event".into(), Value::String(name));
                                envelope.insert("data".into(), data);
                                Value::Object(envelope)
                            }
                            (true, None) => {
                                collected.skip("response stream: data without an `event:` line", id);
                                continue;
                            }
                            (false, _) => data,
                        };
                        collected.payloads.push(Payload { id, schema: schema.clone(), json });
                    }
                    StreamItem::Done => collected.skip("response stream: [DONE] terminator", id),
                    StreamItem::NotJson(reason) => {
                        collected.skip(format!("response stream event not JSON: {reason}"), id)
                    }
                }
            }
        }
    }
}

/// The schema each event of a streamed example is read as, and whether the
/// event is the `{event, data}` envelope rather than the data alone.
///
/// - The operation declares `text/event-stream`: its schema types the
///   `data:` JSON (Responses, chat completion chunks, images, audio). Chat
///   completions declare `CreateChatCompletionStreamResponse` there, so the
///   chunks are read as that, not as `CreateChatCompletionResponse`.
/// - Otherwise, an SSE stream with `event:` lines is an Assistants run
///   stream (`/threads/.../runs`): the operation declares only `RunObject`,
///   yet the events carry threads, messages and steps too. The spec models
///   them as `AssistantStreamEvent`, a union tagged by `event` with the
///   payload in `data`, so the event name and its data are read as that.
/// - Otherwise (legacy `/completions` streaming), the JSON response schema:
///   the spec has no chunk schema, and the chunks are that object.
fn stream_schema(content: &Value, has_event_names: bool) -> Result<(String, bool), String> {
    if content.get("text/event-stream").is_some() {
        return schema_name(&content["text/event-stream"]).map(|schema| (schema, false));
    }
    if has_event_names {
        return Ok((ASSISTANT_STREAM_EVENT.to_string(), true));
    }
    schema_name(&content["application/json"]).map(|schema| (schema, false))
}

/// The 200 response, else the 201, else the first 2xx one.
fn success_response<'a>(document: &'a Value, operation: &'a Value) -> &'a Value {
    let responses = &operation["responses"];
    let chosen = ["200", "201"].iter().find_map(|code| responses.get(*code)).or_else(|| {
        responses.as_object().and_then(|all| all.iter().find(|(code, _)| code.starts_with('2')).map(|(_, r)| r))
    });
    chosen.map_or(&Value::Null, |response| resolve(document, response))
}

/// Follows a local `$ref` (`#/components/responses/...`) once.
fn resolve<'a>(document: &'a Value, value: &'a Value) -> &'a Value {
    match value["$ref"].as_str().and_then(|target| target.strip_prefix('#')) {
        Some(pointer) => document.pointer(pointer).unwrap_or(&Value::Null),
        None => value,
    }
}

/// The component named by a media type's `schema.$ref`.
fn schema_name(media: &Value) -> Result<String, String> {
    if media.is_null() {
        return Err("no application/json schema".into());
    }
    match media["schema"]["$ref"].as_str() {
        Some(target) => match target.strip_prefix("#/components/schemas/") {
            Some(name) => Ok(name.to_string()),
            None => Err(format!("schema $ref outside components/schemas: {target}")),
        },
        None => Err("inline schema".into()),
    }
}

/// A response example: one document, or a stream of events.
enum Shape {
    Single(Result<Value, String>),
    Stream(Vec<StreamItem>),
}

enum StreamItem {
    Json { event: Option<String>, data: Value },
    Done,
    NotJson(String),
}

/// Tells a single JSON document from a stream: SSE (`event:`/`data:` lines)
/// or several JSON documents one after the other.
fn parse_response(text: &str) -> Shape {
    let is_sse = text.lines().any(|line| {
        let line = line.trim_start();
        line.starts_with("data:") || line.starts_with("event:")
    });
    if is_sse {
        return Shape::Stream(blocks(text).map(sse_event).collect());
    }
    let single = parse_json(text);
    if single.is_err() && starts_several_documents(text) {
        return Shape::Stream(blocks(text).flat_map(json_sequence).collect());
    }
    Shape::Single(single)
}

/// Blank-line separated blocks: SSE events, or the documents of a sequence
/// with placeholder lines (`....`) between them.
fn blocks(text: &str) -> impl Iterator<Item = String> {
    let mut blocks = vec![String::new()];
    for line in text.lines() {
        if line.trim().is_empty() {
            blocks.push(String::new());
        } else if let Some(last) = blocks.last_mut() {
            last.push_str(line);
            last.push('\n');
        }
    }
    blocks.into_iter().filter(|block| !block.trim().is_empty())
}

fn sse_event(block: String) -> StreamItem {
    let mut event = None;
    let mut data: Vec<&str> = Vec::new();
    for line in block.lines() {
        let line = line.trim_start();
        if let Some(name) = line.strip_prefix("event:") {
            event = Some(name.trim().to_string());
        } else if let Some(value) = line.strip_prefix("data:") {
            data.push(value.strip_prefix(' ').unwrap_or(value));
        }
    }
    if data.is_empty() {
        // An event whose JSON lost its `data:` prefix, or a placeholder such
        // as `...` between events.
        return StreamItem::NotJson(if event.is_some() {
            "`event:` without a `data:` line".into()
        } else {
            parse_json(&block).err().unwrap_or_else(|| "JSON without `data:`".into())
        });
    }
    let data = data.join("\n");
    if data.trim() == "[DONE]" {
        return StreamItem::Done;
    }
    match parse_json(&data) {
        Ok(data) => StreamItem::Json { event, data },
        Err(reason) => StreamItem::NotJson(reason),
    }
}

/// True when the text starts with one complete JSON document and has more
/// after it.
fn starts_several_documents(text: &str) -> bool {
    let mut documents = serde_json::Deserializer::from_str(text).into_iter::<Value>();
    matches!(documents.next(), Some(Ok(_))) && !text[documents.byte_offset()..].trim().is_empty()
}

/// The JSON documents of one block; what follows the last one, if not JSON,
/// becomes one `NotJson` item.
fn json_sequence(block: String) -> Vec<StreamItem> {
    let mut items = Vec::new();
    let mut documents = serde_json::Deserializer::from_str(&block).into_iter::<Value>();
    loop {
        let offset = documents.byte_offset();
        match documents.next() {
            None => break,
            Some(Ok(data)) => items.push(StreamItem::Json { event: None, data }),
            Some(Err(_)) => {
                items.push(StreamItem::NotJson(
                    parse_json(&block[offset..]).err().unwrap_or_else(|| "invalid JSON".into()),
                ));
                break;
            }
        }
    }
    items
}

/// Parses a payload, or says in a few words why it is not JSON.
fn parse_json(text: &str) -> Result<Value, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("empty body".into());
    }
    serde_json::from_str(text).map_err(|error| {
        let message = error.to_string();
        let line = text.lines().nth(error.line().saturating_sub(1)).unwrap_or_default().trim();
        if message.starts_with("trailing comma") {
            "trailing comma".into()
        } else if line.contains("...") || line.contains('…') {
            "`...` placeholder".into()
        } else if line.starts_with("//") || line.starts_with('#') {
            "comment".into()
        } else if message.starts_with("key must be a string") {
            "unquoted key".into()
        } else if message.starts_with("expected `,`") {
            "missing comma".into()
        } else if message.starts_with("EOF while parsing") {
            "unclosed bracket".into()
        } else if message.starts_with("trailing characters") {
            "text after the document (extra bracket)".into()
        } else if message.starts_with("expected value") && ["None", "True", "False"].iter().any(|w| line.contains(w)) {
            "Python literal (`None`, `True`, `False`)".into()
        } else if text.starts_with('<') {
            "placeholder text (`<...>`)".into()
        } else {
            // Keep the reason a stable key: drop serde's position.
            message.split(" at line ").next().unwrap_or(&message).to_string()
        }
    })
}

// ---------------------------------------------------------------------------
// Round-tripping and comparing.

fn check(payload: &Payload) -> Outcome {
    match round_trip_schema(&payload.schema, &payload.json) {
        None => Outcome::Failed(format!("schema not in index: {}", payload.schema)),
        Some(Err(error)) => Outcome::Failed(error),
        Some(Ok(back)) => {
            let mut diffs = Vec::new();
            diff(&payload.json, &back, &mut String::new(), &mut diffs);
            if diffs.is_empty() {
                Outcome::Exact
            } else {
                Outcome::Lossy(diffs)
            }
        }
    }
}

/// Records where `back` differs from `original`: JSON pointers with what
/// changed. Numbers compare by value (`1` equals `1.0`); key order is
/// ignored.
fn diff(original: &Value, back: &Value, pointer: &mut String, out: &mut Vec<String>) {
    match (original, back) {
        (Value::Number(a), Value::Number(b)) => {
            let same = if a.is_f64() || b.is_f64() { a.as_f64() == b.as_f64() } else { a == b };
            if !same {
                out.push(format!("{}: {a} → {b}", show(pointer)));
            }
        }
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in a {
                let length = pointer.len();
                push_token(pointer, key);
                match b.get(key) {
                    Some(other) => diff(value, other, pointer, out),
                    None => out.push(format!("{}: dropped", show(pointer))),
                }
                pointer.truncate(length);
            }
            for (key, value) in b {
                if !a.contains_key(key) {
                    let length = pointer.len();
                    push_token(pointer, key);
                    out.push(format!("{}: added {}", show(pointer), short(value)));
                    pointer.truncate(length);
                }
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (index, (x, y)) in a.iter().zip(b).enumerate() {
                let length = pointer.len();
                push_token(pointer, &index.to_string());
                diff(x, y, pointer, out);
                pointer.truncate(length);
            }
        }
        _ if original == back => {}
        _ => out.push(format!("{}: {} → {}", show(pointer), short(original), short(back))),
    }
}

fn push_token(pointer: &mut String, token: &str) {
    pointer.push('/');
    pointer.push_str(&token.replace('~', "~0").replace('/', "~1"));
}

fn show(pointer: &str) -> &str {
    if pointer.is_empty() {
        "(root)"
    } else {
        pointer
    }
}

/// A value cut to a readable length.
fn short(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(60) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text,
    }
}

// ---------------------------------------------------------------------------
// Reporting and expectations.

fn report(collected: &Collected, outcomes: &[(&Payload, Outcome)]) {
    let count = |kind: &str| outcomes.iter().filter(|(_, outcome)| outcome.kind() == kind).count();
    let mut text = String::new();
    let w = &mut text;
    let _ = writeln!(w, "example payloads: {}", outcomes.len() + collected.skipped_count());
    let _ = writeln!(w, "  checked: {}", outcomes.len());
    let _ = writeln!(w, "    exact: {}", count("exact"));
    let _ = writeln!(w, "    lossy: {}", count("lossy"));
    let _ = writeln!(w, "    failed: {}", count("failed"));
    let _ = writeln!(w, "  skipped: {}", collected.skipped_count());
    for (reason, ids) in &collected.skipped {
        let _ = writeln!(w, "    {reason}: {}", ids.len());
        for id in ids {
            let _ = writeln!(w, "      {id}");
        }
    }
    for kind in ["lossy", "failed"] {
        let _ = writeln!(w, "{kind}:");
        for (payload, outcome) in outcomes.iter().filter(|(_, outcome)| outcome.kind() == kind) {
            let _ = writeln!(w, "  {} ({}): {}", payload.id, payload.schema, outcome.detail());
        }
    }
    eprintln!("{text}");
}

/// A reviewed known failure or loss.
struct Expectation {
    kind: String,
    line: usize,
}

/// Reads `examples-expectations.tsv`; a malformed file fails the test.
fn read_expectations() -> BTreeMap<String, Expectation> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(EXPECTATIONS);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut expectations = BTreeMap::new();
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let [id, kind, what, why] = fields[..] else {
            panic!("{EXPECTATIONS}:{number}: expected 4 tab-separated fields, found {}: {line:?}", fields.len())
        };
        assert!(
            matches!(kind, "failed" | "lossy"),
            "{EXPECTATIONS}:{number}: kind must be `failed` or `lossy`, not {kind:?}"
        );
        assert!(!what.trim().is_empty() && !why.trim().is_empty(), "{EXPECTATIONS}:{number}: say what differs and why");
        let previous = expectations.insert(id.to_string(), Expectation { kind: kind.to_string(), line: number });
        assert!(previous.is_none(), "{EXPECTATIONS}:{number}: {id} is listed twice");
    }
    expectations
}

/// Everything that disagrees with the reviewed list: unlisted failures and
/// losses, entries whose kind changed, and stale entries.
fn compare_with_expectations(
    outcomes: &[(&Payload, Outcome)],
    expectations: &BTreeMap<String, Expectation>,
    collected: &Collected,
) -> Vec<String> {
    let mut unlisted = Vec::new();
    let mut changed = Vec::new();
    let mut stale = Vec::new();
    let mut seen = BTreeSet::new();
    for (payload, outcome) in outcomes {
        seen.insert(payload.id.as_str());
        match (expectations.get(&payload.id), outcome) {
            (None, Outcome::Exact) => {}
            (Some(expected), Outcome::Exact) => {
                stale.push((expected.line, format!("{} now round-trips exactly", payload.id)))
            }
            // A line ready to paste once the reason is filled in.
            (None, _) => unlisted.push(format!(
                "  {}\t{}\t{}: {}\tTODO why",
                payload.id,
                outcome.kind(),
                payload.schema,
                outcome.detail().replace(['\t', '\n'], " ")
            )),
            (Some(expected), _) if expected.kind != outcome.kind() => changed.push(format!(
                "  line {}: {} is listed as {} but is now {}: {}",
                expected.line,
                payload.id,
                expected.kind,
                outcome.kind(),
                outcome.detail()
            )),
            (Some(_), _) => {}
        }
    }
    let skipped: BTreeMap<&str, &str> = collected
        .skipped
        .iter()
        .flat_map(|(reason, ids)| ids.iter().map(move |id| (id.as_str(), reason.as_str())))
        .collect();
    for (id, expected) in expectations {
        if !seen.contains(id.as_str()) {
            let now = skipped
                .get(id.as_str())
                .map_or_else(|| "no such payload".to_string(), |reason| format!("skipped: {reason}"));
            stale.push((expected.line, format!("{id} is not checked any more ({now})")));
        }
    }

    let mut problems = Vec::new();
    if !unlisted.is_empty() {
        problems
            .push(format!("{} failures or losses are not listed (review, then add with a reason):", unlisted.len()));
        problems.extend(unlisted);
    }
    if !changed.is_empty() {
        problems.push(format!("{} entries changed kind:", changed.len()));
        problems.extend(changed);
    }
    if !stale.is_empty() {
        stale.sort();
        problems.push(format!("{} stale entries (remove them):", stale.len()));
        problems.extend(stale.into_iter().map(|(line, text)| format!("  line {line}: {text}")));
    }
    problems
}

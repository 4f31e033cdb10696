//! The client's example test (`tests/client_examples.rs` of the generated
//! crate): for every operation with a curl example in the spec, a local
//! server expects exactly the example's method, path, query and body, and
//! answers with the example's response, which the client must read into
//! its type and write back unchanged. Operations whose example cannot be
//! replayed are counted by reason in the file's header.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use crate::examples::{examples, CurlRequest};
use crate::load::ParameterLocation;
use crate::model::operations::{RequestShape, ResponseShape};
use crate::model::{OperationTypes, ParamType, TypeGraph, TypeKind, TypeRef};
use crate::name::field_name;
use crate::name::resources::split_query;

/// The test file, and how many operations it covers.
pub fn test_file(graph: &TypeGraph) -> TokenStream {
    let mut tests = Vec::new();
    let mut streamed = false;
    let mut skipped: BTreeMap<String, usize> = BTreeMap::new();
    let total = graph.operations.iter().filter(|op| op.client.is_some()).count();
    // Test names are the operation ids in snake case, made unique.
    let mut names: BTreeMap<String, usize> = BTreeMap::new();
    for op in graph.operations.iter().filter(|op| op.client.is_some()) {
        let base = field_name(&op.id);
        let seen = names.entry(base.clone()).or_default();
        *seen += 1;
        let name = if *seen == 1 { base } else { format!("{}_{seen}", base.trim_start_matches("r#")) };
        match operation_test(graph, op, &super::types::ident(&name)) {
            Ok(Replay { test, streams }) => {
                tests.push(test);
                streamed |= streams;
            }
            Err(reason) => *skipped.entry(reason).or_default() += 1,
        }
    }
    let mut header = vec![
        format!(" Every operation with a replayable example: {} of {total} operations.", tests.len()),
        String::new(),
        " A local server expects exactly the example's method, path, query and body,".to_string(),
        " and answers with the example's response; the client must read it into".to_string(),
        " its type and write it back unchanged. Not covered, by reason:".to_string(),
        String::new(),
    ];
    header.extend(skipped.iter().map(|(reason, count)| format!(" - {reason}: {count}")));
    let lib = format_ident!("{}", graph.facts.crate_info.lib);
    let (stream_ext, events) = if streamed {
        let events = quote! {
            fn events(text: &str) -> ResponseTemplate {
                ResponseTemplate::new(200).set_body_raw(text.as_bytes().to_vec(), "text/event-stream")
            }
        };
        (quote!(use futures_util::StreamExt;), events)
    } else {
        (quote!(), quote!())
    };
    quote! {
        #(#![doc = #header])*
        #![cfg(feature = "client")]
        // Deprecated operations are still part of the API, and still tested.
        #![allow(deprecated)]

        #stream_ext
        use #lib::client::Client;
        use wiremock::matchers::{method, path, query_param};
        use wiremock::{Mock, MockServer, ResponseTemplate};

        /// JSON equality where numbers compare by value (`1` and `1.0` are
        /// the same number; the types write a `number` as a float).
        fn same_json(a: &serde_json::Value, b: &serde_json::Value) -> bool {
            use serde_json::Value;
            match (a, b) {
                (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
                (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y)),
                (Value::Object(x), Value::Object(y)) => {
                    x.len() == y.len() && x.iter().all(|(key, value)| y.get(key).is_some_and(|other| same_json(value, other)))
                }
                _ => a == b,
            }
        }

        /// Matches a request whose body is the expected JSON.
        struct BodyIs(serde_json::Value);

        impl wiremock::Match for BodyIs {
            fn matches(&self, request: &wiremock::Request) -> bool {
                serde_json::from_slice(&request.body).is_ok_and(|body| same_json(&body, &self.0))
            }
        }

        /// A server that expects one request and answers it, and a client of it.
        async fn serve(verb: &str, route: &str, query: &[(&str, &str)], body: Option<&str>, answer: ResponseTemplate) -> (MockServer, Client) {
            let server = MockServer::start().await;
            let mut mock = Mock::given(method(verb)).and(path(route));
            for (name, value) in query {
                mock = mock.and(query_param(*name, *value));
            }
            if let Some(body) = body {
                let body: serde_json::Value = serde_json::from_str(body).expect("the example body is JSON");
                mock = mock.and(BodyIs(body));
            }
            mock.respond_with(answer).expect(1).mount(&server).await;
            let client = Client::builder().api_key("sk-test").base_url(server.uri()).max_retries(0).build().expect("a client");
            (server, client)
        }

        fn json(text: &str) -> ResponseTemplate {
            ResponseTemplate::new(200).set_body_raw(text.as_bytes().to_vec(), "application/json")
        }

        #events

        fn bytes(text: &str) -> ResponseTemplate {
            ResponseTemplate::new(200).set_body_raw(text.as_bytes().to_vec(), "application/octet-stream")
        }

        /// The answer written back must be the example's JSON.
        fn assert_written_back<T: serde::Serialize>(answer: &T, example: &str) {
            let expected: serde_json::Value = serde_json::from_str(example).expect("the example response is JSON");
            let back = serde_json::to_value(answer).expect("the answer serializes");
            assert!(same_json(&back, &expected), "written back:\n{back}\nthe example:\n{expected}");
        }

        #(#tests)*
    }
}

/// The lenient JSON of an example: as written, or without trailing commas.
fn parse_json(text: &str) -> Option<Value> {
    serde_json::from_str(text.trim()).ok().or_else(|| {
        let mut out = String::with_capacity(text.len());
        let chars: Vec<char> = text.chars().collect();
        let mut in_string = false;
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c == '"' && (i == 0 || chars[i - 1] != '\\') {
                in_string = !in_string;
            }
            if c == ',' && !in_string {
                let next = chars[i + 1..].iter().find(|c| !c.is_whitespace());
                if matches!(next, Some('}') | Some(']')) {
                    i += 1;
                    continue;
                }
            }
            out.push(c);
            i += 1;
        }
        serde_json::from_str(out.trim()).ok()
    })
}

/// One operation's test, and whether it reads a stream.
struct Replay {
    test: TokenStream,
    streams: bool,
}

fn operation_test(graph: &TypeGraph, op: &OperationTypes, test_name: &proc_macro2::Ident) -> Result<Replay, String> {
    let (Some(client), Some(shape)) = (&op.client, &op.shape) else { return Err("not a client operation".into()) };
    let all = examples(op.examples.as_ref());
    if all.is_empty() {
        return Err("no example".into());
    }
    let mut last_reason = String::new();
    for example in &all {
        let request = match &example.request {
            Ok(request) => request,
            Err(reason) => {
                last_reason = format!("request: {reason}");
                continue;
            }
        };
        match replay(graph, op, client, shape, request, example.response.as_deref(), test_name) {
            Ok(test) => return Ok(test),
            Err(reason) => last_reason = reason,
        }
    }
    Err(last_reason)
}

fn replay(
    graph: &TypeGraph,
    op: &OperationTypes,
    client: &crate::model::ClientMethod,
    shape: &crate::model::operations::OperationShape,
    request: &CurlRequest,
    response: Option<&str>,
    test_name: &proc_macro2::Ident,
) -> Result<Replay, String> {
    if request.method != op.method.to_uppercase() {
        return Err("request: the curl method is not the operation's".into());
    }
    // Path parameters, from the URL segments the template names.
    let (template, fixed_query) = split_query(&op.path);
    let template: Vec<&str> = template.split('/').filter(|s| !s.is_empty()).collect();
    let actual: Vec<&str> = request.path.split('/').filter(|s| !s.is_empty()).collect();
    if template.len() != actual.len() {
        return Err("request: the URL does not match the path".into());
    }
    let mut path_values: BTreeMap<&str, &str> = BTreeMap::new();
    for (t, a) in template.iter().zip(&actual) {
        match t.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
            Some(name) => {
                path_values.insert(name, a);
            }
            None if t == a => {}
            None => return Err("request: the URL does not match the path".into()),
        }
    }
    let mut arguments: Vec<TokenStream> = Vec::new();
    for p in op.params.iter().filter(|p| p.location == ParameterLocation::Path) {
        let value = path_values.get(p.name.as_str()).ok_or("request: a path parameter is missing")?;
        arguments.push(quote!(#value));
    }
    // Query parameters: required ones are arguments, the rest setters.
    let mut grouped: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut expected_query: Vec<(String, String)> = Vec::new();
    if let Some((k, v)) = fixed_query.and_then(|q| q.split_once('=')) {
        expected_query.push((k.to_string(), v.to_string()));
    }
    for (key, value) in &request.query {
        grouped.entry(key.as_str()).or_default().push(value.as_str());
        expected_query.push((key.clone(), value.clone()));
    }
    let mut setters = Vec::new();
    let mut required = Vec::new();
    for (key, values) in &grouped {
        let param = op
            .params
            .iter()
            .find(|p| p.location == ParameterLocation::Query && (p.name == *key || p.name == format!("{key}[]") || format!("{}[]", p.name) == *key))
            .ok_or("request: a query parameter the spec does not declare")?;
        let value = literal(graph, param, values)?;
        if param.required {
            required.push((param.name.as_str(), value));
        } else {
            let setter = setter_ident(param);
            setters.push(quote!(.#setter(#value)));
        }
    }
    for p in op.params.iter().filter(|p| p.location == ParameterLocation::Query && p.required) {
        let (_, value) = required.iter().find(|(n, _)| *n == p.name).ok_or("request: a required query parameter is missing")?;
        arguments.push(value.clone());
    }
    let body_text = match &request.body {
        Some(text) => Some(parse_json(text).ok_or("request: the body is not JSON")?.to_string()),
        None => None,
    };
    let streams = body_text.as_deref().and_then(|b| serde_json::from_str::<Value>(b).ok()).is_some_and(|b| b["stream"] == Value::Bool(true));
    match &shape.request {
        RequestShape::Json(_) => {
            let text = body_text.clone().unwrap_or_else(|| "{}".to_string());
            arguments.push(quote!(&serde_json::from_str(#text).expect("the example request reads")));
        }
        RequestShape::None if body_text.is_none() => {}
        RequestShape::None => return Err("request: a body the operation does not declare".into()),
        RequestShape::Multipart(_) | RequestShape::Raw(_) => return Err("request: not a JSON body".into()),
    }
    let accessors = client.resource.iter().map(|r| super::types::ident(r));
    let method_name = client.method.trim_start_matches("r#");
    let verb = op.method.to_uppercase();
    let route = request.path.clone();
    let query = expected_query.iter().map(|(k, v)| quote!((#k, #v)));
    let body = match &body_text {
        Some(text) => quote!(Some(#text)),
        None => quote!(None),
    };
    let response = response.ok_or("response: none given")?;
    let streams = streams && shape.stream.is_some();
    let (answer, call_name, check) = if streams {
        let stream = format_ident!("{}_stream", method_name);
        (
            quote!(events(#response)),
            stream,
            quote! {
                let mut count = 0;
                let mut stream = answer;
                while let Some(event) = stream.next().await {
                    event.expect("each event reads");
                    count += 1;
                }
                assert!(count > 0, "the stream has events");
            },
        )
    } else {
        let call = super::types::ident(&client.method);
        match &shape.response {
            ResponseShape::Json(_) => {
                let value = parse_json(response).ok_or("response: not JSON")?;
                let text = value.to_string();
                (quote!(json(#text)), call, quote!(assert_written_back(&answer, #text);))
            }
            ResponseShape::Binary => (
                quote!(bytes("example bytes")),
                call,
                quote!(assert_eq!(&answer.bytes().await.expect("the body reads")[..], b"example bytes");),
            ),
            ResponseShape::Text => (quote!(bytes(#response)), call, quote!(assert_eq!(answer, #response);)),
            ResponseShape::Empty => (quote!(ResponseTemplate::new(200)), call, quote!()),
        }
    };
    // An empty answer is `()`: nothing to bind.
    let binding = if matches!(shape.response, ResponseShape::Empty) && !streams { quote!() } else { quote!(let answer =) };
    let test = quote! {
        #[tokio::test]
        async fn #test_name() {
            let (server, client) = serve(#verb, #route, &[#(#query),*], #body, #answer).await;
            #binding client #(.#accessors())* .#call_name(#(#arguments),*) #(#setters)* .await.expect("the call succeeds");
            #check
            server.verify().await;
        }
    };
    Ok(Replay { test, streams })
}

fn setter_ident(param: &ParamType) -> proc_macro2::Ident {
    // The same rule as the emitter's setters.
    super::client::setter_name(param)
}

/// A Rust literal of a query value for the parameter's type.
fn literal(graph: &TypeGraph, param: &ParamType, values: &[&str]) -> Result<TokenStream, String> {
    let one = |ty: &TypeRef, value: &str| -> Result<TokenStream, String> {
        match ty {
            TypeRef::Integer => value.parse::<i64>().map(|n| quote!(#n)).map_err(|_| "request: a query value of the wrong type".to_string()),
            TypeRef::Float => value.parse::<f64>().map(|n| quote!(#n)).map_err(|_| "request: a query value of the wrong type".to_string()),
            TypeRef::Bool => value.parse::<bool>().map(|b| quote!(#b)).map_err(|_| "request: a query value of the wrong type".to_string()),
            TypeRef::String => Ok(quote!(#value)),
            TypeRef::Named(id) if matches!(graph.get(*id).kind, TypeKind::Enum(_)) => Ok(quote!(#value)),
            TypeRef::Named(id) => match &graph.get(*id).kind {
                TypeKind::Constant(constant) if constant == value => Ok(quote!(Default::default())),
                _ => Err("request: a query value of the wrong type".to_string()),
            },
            _ => Err("request: an object query parameter".to_string()),
        }
    };
    match &param.ty {
        TypeRef::List(inner) => {
            let items = values.iter().map(|v| one(inner, v)).collect::<Result<Vec<_>, _>>()?;
            Ok(quote!([#(#items),*]))
        }
        ty if values.len() == 1 => one(ty, values[0]),
        _ => Err("request: a repeated query parameter that is not a list".to_string()),
    }
}

//! A stand-in of the API on 127.0.0.1 for the client examples: chat
//! completions (whole or streamed), file uploads (the multipart form is
//! parsed: the file part is kept and its size answered) and downloads of
//! what was uploaded, and a 404 for anything else. One request per
//! connection (`Connection: close`), served on a thread until the process
//! ends.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};

const COMPLETION: &str = r#"{"id":"chatcmpl-local","object":"chat.completion","created":1741570283,"model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"Hello","refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":1,"total_tokens":13}}"#;

const CHUNKS: &[&str] = &[
    r#"{"id":"chatcmpl-local","object":"chat.completion.chunk","created":1741570283,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}"#,
    r#"{"id":"chatcmpl-local","object":"chat.completion.chunk","created":1741570283,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"Hel"},"logprobs":null,"finish_reason":null}]}"#,
    r#"{"id":"chatcmpl-local","object":"chat.completion.chunk","created":1741570283,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"lo"},"logprobs":null,"finish_reason":"stop"}]}"#,
];

const NOT_FOUND: &str = r#"{"error":{"message":"The model `no-such-model` does not exist","type":"invalid_request_error","param":null,"code":"model_not_found"}}"#;

/// Starts the server; returns its base URL.
pub fn start() -> std::io::Result<String> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let address = listener.local_addr()?;
    std::thread::spawn(move || {
        // Uploaded files by id; one thread serves every request in turn.
        let mut files = BTreeMap::new();
        for stream in listener.incoming().flatten() {
            // A broken connection only fails that request.
            let _ = answer(stream, &mut files);
        }
    });
    Ok(format!("http://{address}/v1"))
}

/// A request as read off the socket.
struct Request {
    line: String,
    content_type: String,
    body: Vec<u8>,
}

fn read_request(stream: &TcpStream) -> std::io::Result<Request> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let (mut length, mut chunked, mut content_type) = (0, false, String::new());
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header == "\r\n" {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            let value = value.trim();
            if name.eq_ignore_ascii_case("content-length") {
                length = value.parse().unwrap_or(0);
            } else if name.eq_ignore_ascii_case("transfer-encoding") {
                chunked = value.eq_ignore_ascii_case("chunked");
            } else if name.eq_ignore_ascii_case("content-type") {
                content_type = value.to_string();
            }
        }
    }
    let mut body = Vec::new();
    if chunked {
        // A form with a streamed file part has no length: chunked encoding.
        loop {
            let mut size = String::new();
            reader.read_line(&mut size)?;
            let size = usize::from_str_radix(size.trim(), 16).map_err(std::io::Error::other)?;
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk)?;
            if size == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..size]);
        }
    } else {
        body.resize(length, 0);
        reader.read_exact(&mut body)?;
    }
    Ok(Request { line, content_type, body })
}

fn answer(mut stream: TcpStream, files: &mut BTreeMap<String, Vec<u8>>) -> std::io::Result<()> {
    let request = read_request(&stream)?;
    let path = request.line.split(' ').nth(1).unwrap_or_default();
    let (status, content_type, payload) = if request.line.starts_with("POST /v1/chat/completions ") {
        let body = String::from_utf8_lossy(&request.body);
        if body.replace(' ', "").contains("\"stream\":true") {
            let events: String = CHUNKS.iter().map(|c| format!("data: {c}\n\n")).collect();
            ("200 OK", "text/event-stream", format!("{events}data: [DONE]\n\n").into_bytes())
        } else {
            ("200 OK", "application/json", COMPLETION.as_bytes().to_vec())
        }
    } else if request.line.starts_with("POST /v1/files ") {
        match upload(&request, files.len()) {
            Ok((id, file_name, purpose, bytes)) => {
                let file = serde_json::json!({
                    "id": id, "object": "file", "bytes": bytes.len(), "created_at": 1741570283,
                    "expires_at": null, "filename": file_name, "purpose": purpose, "status": "processed",
                });
                files.insert(id, bytes);
                ("200 OK", "application/json", file.to_string().into_bytes())
            }
            Err(message) => {
                let error = serde_json::json!({"error": {"message": message, "type": "invalid_request_error", "param": null, "code": null}});
                ("400 Bad Request", "application/json", error.to_string().into_bytes())
            }
        }
    } else if let Some(bytes) = path
        .strip_prefix("/v1/files/")
        .and_then(|rest| rest.strip_suffix("/content"))
        .and_then(|id| files.get(id))
        .filter(|_| request.line.starts_with("GET "))
    {
        ("200 OK", "application/octet-stream", bytes.clone())
    } else {
        ("404 Not Found", "application/json", NOT_FOUND.as_bytes().to_vec())
    };
    write!(
        stream,
        "HTTP/1.1 {status}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nx-request-id: req_local\r\nconnection: close\r\n\r\n",
        payload.len()
    )?;
    stream.write_all(&payload)?;
    stream.flush()
}

/// Reads an upload's form: `(id, file name, purpose, bytes)`, or what is
/// wrong with it, as the API would say.
fn upload(request: &Request, count: usize) -> Result<(String, String, String, Vec<u8>), String> {
    let boundary = request
        .content_type
        .strip_prefix("multipart/form-data; boundary=")
        .ok_or_else(|| format!("expected a multipart form, got `{}`", request.content_type))?;
    let delimiter = format!("--{boundary}");
    let (mut file, mut purpose) = (None, None);
    for part in split(&request.body, delimiter.as_bytes()).into_iter().skip(1) {
        // Each part: CRLF, headers, blank line, content, CRLF.
        let Some(head_end) = find(part, b"\r\n\r\n") else { continue };
        let head = String::from_utf8_lossy(&part[..head_end]);
        let content = part[head_end + 4..].strip_suffix(b"\r\n").unwrap_or(&part[head_end + 4..]);
        let attribute = |key: &str| {
            let start = head.find(&format!("{key}=\""))? + key.len() + 2;
            head[start..].split('"').next().map(str::to_string)
        };
        match attribute("name").as_deref() {
            Some("file") => file = Some((attribute("filename").unwrap_or_default(), content.to_vec())),
            Some("purpose") => purpose = Some(String::from_utf8_lossy(content).into_owned()),
            _ => {}
        }
    }
    let (file_name, bytes) = file.ok_or("the form has no `file` part")?;
    let purpose = purpose.ok_or("the form has no `purpose` field")?;
    Ok((format!("file-local{}", count + 1), file_name, purpose, bytes))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

/// `haystack` cut at each `delimiter` (the delimiters dropped).
fn split<'a>(mut haystack: &'a [u8], delimiter: &[u8]) -> Vec<&'a [u8]> {
    let mut pieces = Vec::new();
    while let Some(at) = find(haystack, delimiter) {
        pieces.push(&haystack[..at]);
        haystack = &haystack[at + delimiter.len()..];
    }
    pieces.push(haystack);
    pieces
}

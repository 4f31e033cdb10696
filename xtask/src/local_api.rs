//! A stand-in of the API on 127.0.0.1 for the client example: chat
//! completions (whole or streamed) and a 404 for anything else. One
//! request per connection (`Connection: close`), served on a thread until
//! the process ends.

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
        for stream in listener.incoming().flatten() {
            // A broken connection only fails that request.
            let _ = answer(stream);
        }
    });
    Ok(format!("http://{address}/v1"))
}

fn answer(stream: TcpStream) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut length = 0;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            }
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    let body = String::from_utf8_lossy(&body);
    let (status, content_type, payload) = if request_line.starts_with("POST /v1/chat/completions ") {
        if body.replace(' ', "").contains("\"stream\":true") {
            let events: String = CHUNKS.iter().map(|c| format!("data: {c}\n\n")).collect();
            ("200 OK", "text/event-stream", format!("{events}data: [DONE]\n\n"))
        } else {
            ("200 OK", "application/json", COMPLETION.to_string())
        }
    } else {
        ("404 Not Found", "application/json", NOT_FOUND.to_string())
    };
    let mut stream = stream;
    write!(
        stream,
        "HTTP/1.1 {status}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nx-request-id: req_local\r\nconnection: close\r\n\r\n{payload}",
        payload.len()
    )?;
    stream.flush()
}

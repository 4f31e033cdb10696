//! The `x-oaiMeta.examples` of an operation, read as a client would replay
//! them: the request of the curl command (method, path, query, JSON body)
//! and the response text. Used to generate the client's example test and by
//! the example oracle.

use serde_json::Value;

/// One example of an operation.
#[derive(Clone, Debug, PartialEq)]
pub struct Example {
    /// The curl request, when it is one the client can replay.
    pub request: Result<CurlRequest, String>,
    /// The response text, if the example gives one.
    pub response: Option<String>,
}

/// What a curl command sends.
#[derive(Clone, Debug, PartialEq)]
pub struct CurlRequest {
    /// Upper case (`POST`).
    pub method: String,
    /// The path after the API's `/v1` (`/files/file-abc123`).
    pub path: String,
    /// Query pairs, decoded, in order.
    pub query: Vec<(String, String)>,
    /// The `-d` body, as written.
    pub body: Option<String>,
}

/// The examples of an `x-oaiMeta.examples` value (one object or a list).
pub fn examples(value: Option<&Value>) -> Vec<Example> {
    let list: Vec<&Value> = match value {
        Some(Value::Array(list)) => list.iter().collect(),
        Some(object @ Value::Object(_)) => vec![object],
        _ => Vec::new(),
    };
    list.into_iter()
        .map(|example| Example {
            request: match example.pointer("/request/curl").and_then(Value::as_str) {
                Some(curl) => parse_curl(curl),
                None => Err("no curl example".to_string()),
            },
            response: example.get("response").and_then(Value::as_str).map(str::to_string),
        })
        .collect()
}

/// Reads the method, URL and body of a curl command.
pub fn parse_curl(curl: &str) -> Result<CurlRequest, String> {
    if curl.contains(" -F ") || curl.contains("\n  -F ") || curl.contains("--form") {
        return Err("multipart form (-F)".to_string());
    }
    let url_start = curl.find("https://").ok_or("no URL")?;
    let url: String = curl[url_start..].chars().take_while(|c| !c.is_whitespace() && *c != '"' && *c != '\'').collect();
    let after_host = url.splitn(4, '/').nth(3).ok_or("no path in the URL")?;
    let after_version = after_host.strip_prefix("v1").ok_or("URL not under /v1")?;
    let (path, query) = match after_version.split_once('?') {
        Some((path, query)) => (path.to_string(), query),
        None => (after_version.to_string(), ""),
    };
    let query = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(key), percent_decode(value))
        })
        .collect();
    let body = curl_body(curl).map(str::to_string);
    let explicit = curl.split_whitespace().collect::<Vec<_>>().windows(2).find_map(|w| match w {
        [flag, method] if *flag == "-X" || *flag == "--request" => Some(method.trim_matches(['"', '\'']).to_uppercase()),
        _ => None,
    });
    let method = explicit.unwrap_or_else(|| if body.is_some() { "POST".into() } else { "GET".into() });
    Ok(CurlRequest { method, path, query, body })
}

/// The single-quoted argument of `-d` in a curl command.
///
/// The body ends at the first `'` followed by whitespace or the end of the
/// command. That is not shell quoting: one example (`post /evals`) has
/// quotes inside its JSON strings (`one of 'positive', 'neutral'`), which a
/// shell would strip by concatenation; ending at a word boundary keeps the
/// JSON the author wrote.
pub fn curl_body(curl: &str) -> Option<&str> {
    let start =
        curl.match_indices("-d '").find(|(at, _)| *at == 0 || curl[..*at].ends_with(char::is_whitespace))?.0 + 4;
    let rest = &curl[start..];
    let end = rest
        .char_indices()
        .find(|&(at, c)| c == '\'' && rest[at + 1..].chars().next().is_none_or(char::is_whitespace))?
        .0;
    Some(&rest[..end])
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = bytes.get(i + 1..i + 3).and_then(|hex| std::str::from_utf8(hex).ok()).and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match (bytes[i], escaped) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b'+', _) => {
                out.push(b' ');
                i += 1;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_method_path_query_and_body() {
        let curl = "curl -X POST \"https://api.openai.com/v1/chat/completions/chat_abc?limit=2&order=asc&q=a%20b\" \\\n  -H \"Content-Type: application/json\" \\\n  -d '{\"metadata\": {\"foo\": \"it's\"}}'\n";
        let request = parse_curl(curl).unwrap();
        assert_eq!(request.method, "POST");
        assert_eq!(request.path, "/chat/completions/chat_abc");
        assert_eq!(request.query, [("limit".into(), "2".into()), ("order".into(), "asc".into()), ("q".into(), "a b".into())]);
        assert_eq!(request.body.as_deref(), Some("{\"metadata\": {\"foo\": \"it's\"}}"));
    }

    #[test]
    fn a_body_means_post_and_a_form_is_refused() {
        let request = parse_curl("curl https://api.openai.com/v1/embeddings -d '{}'").unwrap();
        assert_eq!((request.method.as_str(), request.path.as_str()), ("POST", "/embeddings"));
        assert_eq!(parse_curl("curl https://api.openai.com/v1/files").unwrap().method, "GET");
        assert!(parse_curl("curl https://api.openai.com/v1/files \\\n  -F purpose=\"fine-tune\"").is_err());
        assert!(parse_curl("curl https://example.com/other").is_err());
    }
}

//! Webhook signature checks (`openai_types::client::webhooks`), against
//! signatures made here with the `hmac` crate, not with the code under test.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use openai_types::client::webhooks::{self, WebhookError};
use openai_types::{WebhookEvent, WebhookResponseCompleted};
use sha2::Sha256;

const KEY: &[u8] = b"a 32-byte webhook signing key!!!";
const ID: &str = "wh_685342e6c53c8190a1be43f081506c52";
const NOW: i64 = 1_750_287_078;
const BODY: &str = r#"{"id":"evt_685343a1381c819085d44c354e1b330e","type":"response.completed","created_at":1750287018,"data":{"id":"resp_abc123"},"object":"event"}"#;

fn secret() -> String {
    format!("whsec_{}", STANDARD.encode(KEY))
}

/// `v1,` and the base64 HMAC-SHA256 of `{id}.{timestamp}.{body}` under `key`.
fn signature(key: &[u8], timestamp: i64, body: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("any key length");
    mac.update(format!("{ID}.{timestamp}.{body}").as_bytes());
    format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()))
}

fn headers(timestamp: i64, signature: &str) -> Vec<(String, String)> {
    vec![
        ("webhook-id".to_string(), ID.to_string()),
        ("webhook-timestamp".to_string(), timestamp.to_string()),
        ("webhook-signature".to_string(), signature.to_string()),
    ]
}

fn verify(headers: &[(String, String)], body: &str) -> Result<(), WebhookError> {
    webhooks::verify_at(headers, body.as_bytes(), &secret(), NOW)
}

#[test]
fn a_signature_made_independently_verifies() {
    let sent_at = NOW - 60;
    verify(&headers(sent_at, &signature(KEY, sent_at, BODY)), BODY).expect("verifies");
    // Any entry may match: a rotated-out secret's signature, another
    // version's entry and a malformed one come first.
    let several = format!("v1,{} v2,abc v1,!!! {}", &signature(b"the previous key", sent_at, BODY)[3..], signature(KEY, sent_at, BODY));
    verify(&headers(sent_at, &several), BODY).expect("verifies");
    // Header names are matched without regard to case, also in a `HeaderMap`.
    let mut map = openai_types::client::http::HeaderMap::new();
    for (name, value) in headers(sent_at, &signature(KEY, sent_at, BODY)) {
        map.insert(openai_types::client::http::HeaderName::from_bytes(name.to_uppercase().as_bytes()).expect("a name"), value.parse().expect("a value"));
    }
    webhooks::verify_at(&map, BODY.as_bytes(), &secret(), NOW).expect("verifies from a HeaderMap");
    // At the edge of the tolerance, both ways.
    for sent_at in [NOW - 300, NOW + 300] {
        verify(&headers(sent_at, &signature(KEY, sent_at, BODY)), BODY).expect("within 300 s");
    }
}

#[test]
fn a_changed_body_is_refused() {
    let signed = headers(NOW, &signature(KEY, NOW, BODY));
    let changed = BODY.replace("resp_abc123", "resp_abc124");
    assert!(matches!(verify(&signed, &changed), Err(WebhookError::NoMatchingSignature)));
}

#[test]
fn a_wrong_secret_is_refused() {
    let signed = headers(NOW, &signature(b"another key entirely", NOW, BODY));
    assert!(matches!(verify(&signed, BODY), Err(WebhookError::NoMatchingSignature)));
    // A secret whose base64 does not decode is its own error.
    let good = headers(NOW, &signature(KEY, NOW, BODY));
    let refused = webhooks::verify_at(&good[..], BODY.as_bytes(), "whsec_not base64!", NOW);
    assert!(matches!(refused, Err(WebhookError::InvalidSecret(_))), "{refused:?}");
}

#[test]
fn an_expired_timestamp_is_refused() {
    let sent_at = NOW - 301;
    let refused = verify(&headers(sent_at, &signature(KEY, sent_at, BODY)), BODY);
    assert!(matches!(refused, Err(WebhookError::Expired { timestamp, now }) if timestamp == sent_at && now == NOW), "{refused:?}");
}

#[test]
fn a_future_timestamp_is_refused() {
    let sent_at = NOW + 301;
    let refused = verify(&headers(sent_at, &signature(KEY, sent_at, BODY)), BODY);
    assert!(matches!(refused, Err(WebhookError::FromTheFuture { timestamp, now }) if timestamp == sent_at && now == NOW), "{refused:?}");
}

#[test]
fn a_bad_timestamp_is_refused() {
    let refused = verify(&headers(NOW, &signature(KEY, NOW, BODY)).into_iter().map(|(k, v)| if k == "webhook-timestamp" { (k, "soon".to_string()) } else { (k, v) }).collect::<Vec<_>>(), BODY);
    assert!(matches!(&refused, Err(WebhookError::InvalidTimestamp(value)) if value == "soon"), "{refused:?}");
}

#[test]
fn each_missing_header_is_refused_by_name() {
    let complete = headers(NOW, &signature(KEY, NOW, BODY));
    for name in ["webhook-id", "webhook-timestamp", "webhook-signature"] {
        let without: Vec<(String, String)> = complete.iter().filter(|(key, _)| key != name).cloned().collect();
        let refused = verify(&without, BODY);
        assert!(matches!(refused, Err(WebhookError::MissingHeader(missing)) if missing == name), "{name}: {refused:?}");
    }
}

#[test]
fn unwrap_returns_the_typed_event() {
    let signed = headers(NOW, &signature(KEY, NOW, BODY));
    let event: WebhookResponseCompleted = webhooks::unwrap_at(&signed[..], BODY.as_bytes(), &secret(), NOW).expect("unwraps");
    assert_eq!(event.data.id, "resp_abc123");
    assert_eq!(event.created_at, 1750287018);
    // Signed, but not the event asked for.
    let other = r#"{"id":"evt_1","type":"batch.completed","created_at":1750287018,"data":{"id":"batch_1"}}"#;
    let signed = headers(NOW, &signature(KEY, NOW, other));
    let refused = webhooks::unwrap_at::<WebhookResponseCompleted, _>(&signed[..], other.as_bytes(), &secret(), NOW);
    assert!(matches!(refused, Err(WebhookError::InvalidBody(_))), "{refused:?}");
    // Read as the union of every event, each arrives as its own variant.
    let any: WebhookEvent = webhooks::unwrap_at(&signed[..], other.as_bytes(), &secret(), NOW).expect("unwraps");
    assert!(matches!(any, WebhookEvent::BatchCompleted(ref batch) if batch.data.id == "batch_1"), "{any:?}");
    let signed_response = headers(NOW, &signature(KEY, NOW, BODY));
    let any: WebhookEvent = webhooks::unwrap_at(&signed_response[..], BODY.as_bytes(), &secret(), NOW).expect("unwraps");
    assert!(matches!(any, WebhookEvent::ResponseCompleted(_)), "{any:?}");
    // An unsigned body is refused before it is read.
    let refused = webhooks::unwrap_at::<WebhookResponseCompleted, _>(&signed[..], BODY.as_bytes(), &secret(), NOW);
    assert!(matches!(refused, Err(WebhookError::NoMatchingSignature)), "{refused:?}");
}

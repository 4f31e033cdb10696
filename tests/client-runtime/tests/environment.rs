//! The client reads its configuration from the environment. One test in its
//! own binary: it sets the process's environment, which no other test reads.

use client_runtime_tests::http::{Client, Json, Method};
use serde_json::{json, Value};
use wiremock::matchers::{header, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn the_environment_configures_the_client() {
    let server = MockServer::start().await;
    Mock::given(path("/v1/models"))
        .and(header("authorization", "Bearer sk-from-env"))
        .and(header("openai-organization", "org-env"))
        .and(header("openai-project", "proj-env"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": []})))
        .expect(1)
        .mount(&server)
        .await;
    std::env::set_var("OPENAI_BASE_URL", format!("{}/v1", server.uri()));
    std::env::set_var("OPENAI_API_KEY", "sk-from-env");
    std::env::set_var("OPENAI_ORG_ID", "org-env");
    std::env::set_var("OPENAI_PROJECT_ID", "proj-env");
    let client = Client::new().unwrap();
    assert_eq!(client.base_url(), format!("{}/v1", server.uri()));
    let body: Value = client.request::<Json<Value>>(Method::GET, "/models").await.unwrap();
    assert_eq!(body, json!({"data": []}));
    assert!(!format!("{client:?}").contains("sk-from-env"));

    std::env::remove_var("OPENAI_API_KEY");
    assert!(Client::new().is_err(), "a client without a key");
}

//! A chat completion over HTTP, then the same request streamed: the first
//! program a newcomer runs. It talks to `OPENAI_BASE_URL` (default
//! `https://api.openai.com/v1`) with `OPENAI_API_KEY`; `cargo xtask test`
//! runs it against a local server.
//!
//! Run: `OPENAI_API_KEY=sk-... cargo run -p openai-types --features client --example chat_client`.

#[cfg(feature = "client")]
mod with_client {
    use futures_util::StreamExt;
    use openai_types::client::{Client, Error};
    use openai_types::{ChatCompletionRequestUserMessageArgs, CreateChatCompletionRequestArgs};

    #[tokio::main]
    pub async fn main() -> Result<(), Box<dyn std::error::Error>> {
        let client = Client::new()?;
        let request = CreateChatCompletionRequestArgs::default()
            .model("gpt-4o-mini")
            .messages([ChatCompletionRequestUserMessageArgs::default().content("Say hello in one word.").build()?.into()])
            .build()?;

        // One answer, with the response's metadata.
        let answer = client.chat().completions().create(&request).send_with_response().await?;
        let choice = answer.body.choices.first().ok_or("the completion has no choice")?;
        let text = choice.message.content.clone().unwrap_or_default();
        println!("{text} (request id {:?})", answer.request_id);
        assert!(!text.is_empty(), "the answer has text");

        // The same request, streamed: each item is one chunk.
        let mut stream = client.chat().completions().create_stream(&request).await?;
        let mut streamed = String::new();
        while let Some(chunk) = stream.next().await {
            let chunk = chunk?;
            for choice in &chunk.choices {
                if let Some(delta) = choice.delta.content.as_ref() {
                    streamed.push_str(delta);
                }
            }
        }
        println!("streamed: {streamed}");
        assert!(!streamed.is_empty(), "the stream has text");

        // Errors say what the API said.
        match client.models().retrieve("no-such-model").await {
            Err(Error::Api(error)) if error.is_not_found() => println!("not found, as expected: {}", error.message),
            Err(other) => return Err(other.into()),
            Ok(model) => println!("found {}", model.id),
        }
        Ok(())
    }
}

#[cfg(feature = "client")]
fn main() -> Result<(), Box<dyn std::error::Error>> {
    with_client::main()
}

#[cfg(not(feature = "client"))]
fn main() {
    eprintln!("this example needs the `client` feature: cargo run -p openai-types --features client --example chat_client");
    std::process::exit(2);
}

//! Uploading a file, then downloading it back to disk. The file part here
//! comes from bytes; `Binary::from_path` (read asynchronously when sent) and
//! `Binary::from_stream` (any stream of byte chunks) are used the same way.
//! It talks to `OPENAI_BASE_URL` (default `https://api.openai.com/v1`) with
//! `OPENAI_API_KEY`; `cargo xtask test` runs it against a local server.
//!
//! Run: `OPENAI_API_KEY=sk-... cargo run -p openai-types --features client --example file_upload`.

#[cfg(feature = "client")]
mod with_client {
    use openai_types::client::Client;
    use openai_types::{Binary, CreateFileRequestArgs, CreateFileRequestPurpose};

    /// Two requests of a batch, in the JSONL format the Batch API reads.
    const BATCH: &str = concat!(
        r#"{"custom_id":"request-1","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hello"}]}}"#,
        "\n",
        r#"{"custom_id":"request-2","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Bonjour"}]}}"#,
        "\n",
    );

    #[tokio::main]
    pub async fn main() -> Result<(), Box<dyn std::error::Error>> {
        let client = Client::new()?;

        // The upload: a multipart form with the file part and `purpose`.
        let file = Binary::new(BATCH).file_name("batch.jsonl").content_type("application/jsonl");
        let request = CreateFileRequestArgs::default().file(file).purpose(CreateFileRequestPurpose::Batch).build()?;
        let uploaded = client.files().create(&request).await?;
        println!("uploaded {} as {} ({} bytes)", uploaded.filename, uploaded.id, uploaded.bytes);
        assert_eq!(uploaded.filename, "batch.jsonl");
        assert_eq!(uploaded.bytes, BATCH.len() as i64);

        // The download, streamed to a file (`.bytes()` would keep it in memory).
        let content = client.files().content(&uploaded.id).await?;
        println!("content type {:?}", content.content_type());
        let path = std::env::temp_dir().join(format!("file-upload-example-{}.jsonl", std::process::id()));
        let written = content.save_to(&path).await?;
        let saved = std::fs::read(&path)?;
        std::fs::remove_file(&path)?;
        println!("saved {written} bytes");
        assert_eq!(saved, BATCH.as_bytes(), "the download is the upload");
        Ok(())
    }
}

#[cfg(feature = "client")]
fn main() -> Result<(), Box<dyn std::error::Error>> {
    with_client::main()
}

#[cfg(not(feature = "client"))]
fn main() {
    eprintln!("this example needs the `client` feature: cargo run -p openai-types --features client --example file_upload");
    std::process::exit(2);
}

#!/usr/bin/env bash
# The compile cost of a user's first client program: a small binary that
# makes one chat completion call, built clean against our crate and against
# async-openai 0.43, with the same toolchain and flags, in one run.
#
# Usage: benches/client-build.sh [N] [--release]   (best of N runs, default 1)
#
#   ours:   openai-types with `default-features = false, features = ["chat",
#           "client", "rustls"]` (the chat types and the client, TLS by rustls);
#   theirs: async-openai 0.43 with `features = ["chat-completion"]` (its chat
#           types and client; its default `rustls`).
# Each build gets a fresh CARGO_TARGET_DIR under target/client-build/, so
# "clean" includes every dependency (reqwest, rustls, tokio, ...), as a
# user's first build does. Reports seconds and the binary's size.
#
# Needs the network once (first `cargo fetch`); afterwards it runs offline.
set -euo pipefail
shopt -s inherit_errexit
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=timing.sh
source "$root/benches/timing.sh"

runs=1 profile=debug
for arg in "$@"; do
    case "$arg" in
        --release) profile=release ;;
        *) runs="$(runs_arg "$arg" "$0 [N] [--release]")" ;;
    esac
done
release_flag=()
[[ "$profile" == release ]] && release_flag=(--release)

bench_dir="$root/target/client-build"
export CARGO_INCREMENTAL=0

# scratch NAME DEPENDENCY-LINE MAIN-SOURCE: a one-file binary crate.
scratch() {
    local dir="$bench_dir/$1"
    mkdir -p "$dir/src"
    cat >"$dir/Cargo.toml" <<EOF
[package]
name = "client-build-$1"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]

[dependencies]
$2
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
EOF
    printf '%s\n' "$3" >"$dir/src/main.rs"
    fetch_scratch "$root" "$dir"
}

scratch ours "openai-types = { path = \"$root/generated\", default-features = false, features = [\"chat\", \"client\", \"rustls\"] }" '
use openai_types::client::Client;
use openai_types::{ChatCompletionRequestUserMessageArgs, CreateChatCompletionRequestArgs};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::new()?;
    let request = CreateChatCompletionRequestArgs::default()
        .model("gpt-4o-mini")
        .messages([ChatCompletionRequestUserMessageArgs::default().content("Hello").build()?.into()])
        .build()?;
    let answer = client.chat().completions().create(&request).await?;
    println!("{:?}", answer.choices.first().and_then(|c| c.message.content.as_deref()));
    Ok(())
}'

scratch theirs 'async-openai = { version = "0.43", features = ["chat-completion"] }' '
use async_openai::types::chat::{ChatCompletionRequestUserMessageArgs, CreateChatCompletionRequestArgs};
use async_openai::Client;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::new();
    let request = CreateChatCompletionRequestArgs::default()
        .model("gpt-4o-mini")
        .messages([ChatCompletionRequestUserMessageArgs::default().content("Hello").build()?.into()])
        .build()?;
    let answer = client.chat().create(request).await?;
    println!("{:?}", answer.choices.first().and_then(|c| c.message.content.as_deref()));
    Ok(())
}'


# build NAME: prints "seconds bytes" for one clean build.
build() {
    local dir="$bench_dir/$1" target="$bench_dir/target-$1"
    rm -rf "$target"
    local t0 t1
    t0="$(now)"
    CARGO_TARGET_DIR="$target" cargo build --offline --quiet "${release_flag[@]}" --manifest-path "$dir/Cargo.toml"
    t1="$(now)"
    echo "$(elapsed "$t0" "$t1") $(stat -c %s "$target/$profile/client-build-$1")"
}

best_ours="" best_theirs="" size_ours="" size_theirs=""
for ((i = 1; i <= runs; i++)); do
    read -r seconds size_ours <<<"$(build ours)"
    echo "run $i/$runs  openai-types (chat, client)        ${seconds}s  ${size_ours} bytes" >&2
    best_ours="$(min "$seconds" "$best_ours")"
    read -r seconds size_theirs <<<"$(build theirs)"
    echo "run $i/$runs  async-openai (chat-completion)     ${seconds}s  ${size_theirs} bytes" >&2
    best_theirs="$(min "$seconds" "$best_theirs")"
done

echo "clean cargo build ($profile) of a one-call chat program, best of $runs, $(nproc) cores, $(rustc --version)"
printf '%-40s %9s %14s\n' "" "seconds" "binary bytes"
printf '%-40s %9s %14s\n' "openai-types (chat, client, rustls)" "$best_ours" "$size_ours"
printf '%-40s %9s %14s\n' "async-openai 0.43 (chat-completion)" "$best_theirs" "$size_theirs"
printf '%-40s %8sx %13sx\n' "ratio ours/theirs (<1 = ours faster)" "$(ratio "$best_ours" "$best_theirs")" "$(ratio "$size_ours" "$size_theirs")"

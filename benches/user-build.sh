#!/usr/bin/env bash
# The compile cost of a user's small types-only program (issue #16): one
# binary that reads a JSON document into one of six chat and Responses types
# and writes it back with serde_json, built clean against our crate and
# against both peers, with the same toolchain and flags, in one run.
#
# Usage: benches/user-build.sh [N] [--debug | --release]
#   N: best of N clean builds per contender and mode (default 2);
#   --debug / --release: one mode only (default: both).
#
#   ours:                 openai-types, `default-features = false,
#                         features = ["chat", "responses"]` (no client);
#   async-openai 0.43:    `default-features = false, features =
#                         ["chat-completion-types", "response-types"]` (its
#                         types without the HTTP client: `chat-completion`
#                         and `responses` would add reqwest, tokio, tower);
#   openai-openapi-types: 0.6, no features.
# Each contender is a scratch crate under target/user-build/ with its own
# [workspace] table and the workspace's Cargo.lock as its seed, so every side
# gets the versions the benches were measured with. Each build gets a fresh
# CARGO_TARGET_DIR, so "clean" includes every dependency (serde, serde_json,
# and a peer's derive macros), as a user's first build does. Builds alternate
# between contenders (ours, peer 1, peer 2, ours, ...) so a change of load
# hits all of them alike.
#
# Needs the network once (first `cargo fetch`); afterwards it runs offline.
set -euo pipefail
shopt -s inherit_errexit
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=timing.sh
source "$root/benches/timing.sh"

runs=2 modes=(debug release)
for arg in "$@"; do
    case "$arg" in
        --debug) modes=(debug) ;;
        --release) modes=(release) ;;
        *) runs="$(runs_arg "$arg" "$0 [N] [--debug | --release]")" ;;
    esac
done

bench_dir="$root/target/user-build"
export CARGO_INCREMENTAL=0

# program CHAT-MODULE RESPONSES-MODULE: the one main.rs, with the six types
# taken from the two modules. A `match` on the first argument picks the type
# at run time, so no arm can be optimized away.
program() {
    cat <<EOF
use std::io::Read;

// One round trip, written out per type so each arm is the same code.
macro_rules! round_trip {
    (\$ty:ty, \$json:expr) => {
        serde_json::from_str::<\$ty>(\$json).and_then(|value| serde_json::to_string(&value))
    };
}

fn main() {
    let mut args = std::env::args().skip(1);
    let kind = args.next().expect("usage: TYPE [FILE]");
    let json = match args.next() {
        Some(path) => std::fs::read_to_string(path).expect("read the file"),
        None => {
            let mut json = String::new();
            std::io::stdin().read_to_string(&mut json).expect("read stdin");
            json
        }
    };
    let written = match kind.as_str() {
        "chat_completion" => round_trip!($1::CreateChatCompletionResponse, &json),
        "chat_chunk" => round_trip!($1::CreateChatCompletionStreamResponse, &json),
        "response" => round_trip!($2::Response, &json),
        "response_event" => round_trip!($2::ResponseStreamEvent, &json),
        "chat_request" => round_trip!($1::CreateChatCompletionRequest, &json),
        "responses_request" => round_trip!($2::CreateResponse, &json),
        other => panic!("unknown type {other}"),
    };
    match written {
        Ok(text) => println!("{}", text.len()),
        Err(error) => {
            eprintln!("{error}");
            std::process::exit(1);
        }
    }
}
EOF
}

# scratch NAME DEPENDENCY-LINE CHAT-MODULE RESPONSES-MODULE: a one-file binary crate.
scratch() {
    local dir="$bench_dir/$1"
    mkdir -p "$dir/src"
    cat >"$dir/Cargo.toml" <<EOF
[package]
name = "user-build-$1"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]

[dependencies]
$2
serde_json = "1"
EOF
    program "$3" "$4" >"$dir/src/main.rs"
    fetch_scratch "$root" "$dir"
}

contenders=(ours async-openai openapi-types)
declare -A label=(
    [ours]='openai-types (chat, responses)'
    [async-openai]='async-openai 0.43 (types only)'
    [openapi-types]='openai-openapi-types 0.6'
)
scratch ours "openai-types = { path = \"$root/generated\", default-features = false, features = [\"chat\", \"responses\"] }" \
    openai_types openai_types
scratch async-openai 'async-openai = { version = "0.43", default-features = false, features = ["chat-completion-types", "response-types"] }' \
    async_openai::types::chat async_openai::types::responses
scratch openapi-types 'openai-openapi-types = "0.6"' \
    openai_openapi_types openai_openapi_types

# build NAME MODE: prints "seconds bytes" for one clean build.
build() {
    local dir="$bench_dir/$1" target="$bench_dir/target-$1-$2" flag=()
    [[ "$2" == release ]] && flag=(--release)
    rm -rf "$target"
    local t0 t1
    t0="$(now)"
    CARGO_TARGET_DIR="$target" cargo build --offline --quiet "${flag[@]}" --manifest-path "$dir/Cargo.toml"
    t1="$(now)"
    echo "$(elapsed "$t0" "$t1") $(stat -c %s "$target/$2/user-build-$1")"
}

declare -A best size
for ((i = 1; i <= runs; i++)); do
    for mode in "${modes[@]}"; do
        for c in "${contenders[@]}"; do
            read -r seconds bytes <<<"$(build "$c" "$mode")"
            printf 'run %d/%d  %-7s  %-34s %8ss  %10s bytes\n' "$i" "$runs" "$mode" "${label[$c]}" "$seconds" "$bytes" >&2
            best[$c,$mode]="$(min "$seconds" "${best[$c,$mode]:-}")"
            size[$c,$mode]="$bytes"
        done
    done
done

echo "clean cargo build of a six-type round-trip program, best of $runs, $(nproc) cores, $(rustc --version)"
header=("")
for mode in "${modes[@]}"; do header+=("$mode s" "$mode bytes"); done
printf '%-34s' "${header[0]}"
printf ' %14s' "${header[@]:1}"
echo
for c in "${contenders[@]}"; do
    printf '%-34s' "${label[$c]}"
    for mode in "${modes[@]}"; do printf ' %14s %14s' "${best[$c,$mode]}" "${size[$c,$mode]}"; done
    echo
done
for c in "${contenders[@]:1}"; do
    printf '%-34s' "ours / $c"
    for mode in "${modes[@]}"; do
        printf ' %13sx %13sx' "$(ratio "${best[ours,$mode]}" "${best[$c,$mode]}")" "$(ratio "${size[ours,$mode]}" "${size[$c,$mode]}")"
    done
    echo
done
echo "(ratios < 1: ours faster or smaller)"

#!/usr/bin/env bash
# Compile time of the generated crate against async-openai's types.
#
# Usage: benches/compile-time.sh [N]     (best of N runs, default 1)
#
# Measures, in one run and with the same toolchain and flags:
#   ours:   clean `cargo check -p openai-types` (the whole generated crate,
#           default features = `full`), via generated/Cargo.toml;
#   chat:   the same with `--no-default-features --features chat` (the
#           `chat` feature alone: its module and the shared types it uses);
#   theirs: clean `cargo check` of a scratch crate depending on
#           async-openai 0.43 with only its `types` feature (all its types,
#           no HTTP client), in target/compile-bench/async-openai-types/.
# Each run gets a fresh CARGO_TARGET_DIR under target/compile-bench/, so
# "clean" includes the dependencies (serde, syn, ...), as a first build does.
# It also reports the crate alone: `cargo clean -p <crate>` in that target
# dir, then check again (dependencies stay built).
#
# Needs the network once (first `cargo fetch`); afterwards it runs offline.
set -euo pipefail
# A failing cargo inside $(...) must stop the script too.
shopt -s inherit_errexit

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=timing.sh
source "$root/benches/timing.sh"
runs="$(runs_arg "${1:-1}" "$0 [N]")"
bench_dir="$root/target/compile-bench"
scratch="$bench_dir/async-openai-types"
mkdir -p "$scratch/src"

# Incremental compilation is on for workspace members and off for registry
# crates; turn it off for both so they are compared like with like (and as a
# user depending on either crate would build it).
export CARGO_INCREMENTAL=0

# The scratch crate: its own [workspace] table keeps it out of ours.
cat >"$scratch/Cargo.toml" <<'EOF'
[package]
name = "async-openai-types-compile-bench"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]

[dependencies]
async-openai = { version = "0.43", default-features = false, features = ["types"] }
EOF
echo 'pub use async_openai::types;' >"$scratch/src/lib.rs"
# benches/ depends on the same async-openai, so the seeded lock file gives
# both sides the same serde, syn, ...; the timed runs below are --offline.
cargo fetch --offline --manifest-path "$root/generated/Cargo.toml" >/dev/null 2>&1 || cargo fetch --manifest-path "$root/generated/Cargo.toml"
fetch_scratch "$root" "$scratch"


# time_check NAME PACKAGE MANIFEST [cargo check args...]
# Prints "clean crate_alone" (seconds) for one fresh target dir.
time_check() {
    local name="$1" package="$2" manifest="$3"
    shift 3
    local target="$bench_dir/target-$name"
    rm -rf "$target"
    local t0 t1 t2 t3
    t0="$(now)"
    CARGO_TARGET_DIR="$target" cargo check --offline --quiet --manifest-path "$manifest" "$@"
    t1="$(now)"
    CARGO_TARGET_DIR="$target" cargo clean --offline --quiet --manifest-path "$manifest" -p "$package"
    t2="$(now)"
    CARGO_TARGET_DIR="$target" cargo check --offline --quiet --manifest-path "$manifest" "$@"
    t3="$(now)"
    echo "$(elapsed "$t0" "$t1") $(elapsed "$t2" "$t3")"
}

best_ours_clean="" best_ours_alone="" best_theirs_clean="" best_theirs_alone=""
best_chat_clean="" best_chat_alone=""
for ((i = 1; i <= runs; i++)); do
    result="$(time_check ours openai-types "$root/generated/Cargo.toml" -p openai-types)"
    read -r clean alone <<<"$result"
    echo "run $i/$runs  openai-types            clean ${clean}s  crate alone ${alone}s" >&2
    best_ours_clean="$(min "$clean" "$best_ours_clean")"
    best_ours_alone="$(min "$alone" "$best_ours_alone")"

    result="$(time_check chat openai-types "$root/generated/Cargo.toml" -p openai-types --no-default-features --features chat)"
    read -r clean alone <<<"$result"
    echo "run $i/$runs  openai-types (chat)     clean ${clean}s  crate alone ${alone}s" >&2
    best_chat_clean="$(min "$clean" "$best_chat_clean")"
    best_chat_alone="$(min "$alone" "$best_chat_alone")"

    result="$(time_check theirs async-openai "$scratch/Cargo.toml")"
    read -r clean alone <<<"$result"
    echo "run $i/$runs  async-openai (types)    clean ${clean}s  crate alone ${alone}s" >&2
    best_theirs_clean="$(min "$clean" "$best_theirs_clean")"
    best_theirs_alone="$(min "$alone" "$best_theirs_alone")"
done

echo "cargo check, best of $runs, $(nproc) cores, $(rustc --version)"
printf '%-34s %10s %14s\n' "" "clean" "crate alone"
printf '%-34s %9ss %13ss\n' "openai-types (all features)" "$best_ours_clean" "$best_ours_alone"
printf '%-34s %9ss %13ss\n' "openai-types (chat alone)" "$best_chat_clean" "$best_chat_alone"
printf '%-34s %9ss %13ss\n' "async-openai 0.43 (features=types)" "$best_theirs_clean" "$best_theirs_alone"
printf '%-34s %9sx %13sx\n' "ratio all features/theirs" \
    "$(ratio "$best_ours_clean" "$best_theirs_clean")" "$(ratio "$best_ours_alone" "$best_theirs_alone")"
printf '%-34s %9sx %13sx\n' "ratio chat alone/theirs" \
    "$(ratio "$best_chat_clean" "$best_theirs_clean")" "$(ratio "$best_chat_alone" "$best_theirs_alone")"

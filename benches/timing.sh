# Timing helpers shared by the build benchmarks (sourced, not run).
now() { date +%s.%N; }
# elapsed START END: seconds between two `now`s, two decimals.
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
# min VALUE BEST: the smaller (BEST may be empty: the first run).
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (b == "" || a + 0 < b + 0) ? a : b }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
# runs_arg ARG USAGE: ARG if it is a count of runs (N >= 1); else prints USAGE and exits 2.
runs_arg() {
    if ! [[ "$1" =~ ^[1-9][0-9]*$ ]]; then
        echo "usage: $2   (N >= 1: best of N runs)" >&2
        exit 2
    fi
    echo "$1"
}
# fetch_scratch ROOT DIR: seeds DIR's lock file from the workspace's (the same
# versions for every side, no registry lookup) and downloads what is missing,
# offline first so a warm cache never touches the network.
fetch_scratch() {
    if [[ ! -f "$2/Cargo.lock" && -f "$1/Cargo.lock" ]]; then
        cp "$1/Cargo.lock" "$2/Cargo.lock"
    fi
    cargo fetch --offline --manifest-path "$2/Cargo.toml" >/dev/null 2>&1 || cargo fetch --manifest-path "$2/Cargo.toml"
}

# Timing helpers shared by the build benchmarks (sourced, not run).
now() { date +%s.%N; }
# elapsed START END: seconds between two `now`s, two decimals.
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
# min VALUE BEST: the smaller (BEST may be empty: the first run).
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (b == "" || a + 0 < b + 0) ? a : b }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

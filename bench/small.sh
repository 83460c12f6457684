#!/usr/bin/env bash
# Start-up-dominated commands on the example's small files, typed as users type them (./allocscope top FILE), beside
# `go tool pprof -top` on the same profile. Prints the median wall time and peak memory of each, and the ratio to pprof.
#   bench/small.sh [--runs N]     (default 20 runs each, after one warm-up that also builds ./allocscope when stale)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs=20
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    *) echo "usage: bench/small.sh [--runs N]" >&2; exit 2 ;;
  esac
done
go_bin="$(command -v go || echo /usr/lib/go-1.19/bin/go)"
[ -x "$go_bin" ] || { echo "small.sh: Go is required" >&2; exit 4; }
[ -x /usr/bin/time ] || { echo "small.sh: /usr/bin/time is required (apt-get install -y time)" >&2; exit 4; }
cd "$root"
f=testdata/hotspots
profile="$f/mem-rate1.pprof"

# shellcheck source=bench/measure.sh
source "$root/bench/measure.sh"
measure() { median_run "$runs" "$@"; }

read -r pprof_ms pprof_mb < <(measure "$go_bin" tool pprof -top "$profile")
printf '%-72s %8s %8s %12s\n' "command ($(nproc) cores, median of $runs runs)" "ms" "MB" "vs pprof"
printf '%-72s %8s %8s %12s\n' "go tool pprof -top $profile" "$pprof_ms" "$pprof_mb" "1.00x"
row() {
  local label="$1"; shift
  read -r ms mb < <(measure "$@")
  printf '%-72s %8s %8s %11sx\n' "$label" "$ms" "$mb" "$(echo "scale=2; $ms / ($pprof_ms + 0.0001)" | bc -l)"
}
row "./allocscope --version" ./allocscope --version
row "./allocscope top $profile" ./allocscope top "$profile"
row "./allocscope report --profile $profile --escape $f/m2.txt --source examples/hotspots" \
  ./allocscope report --profile "$profile" --escape "$f/m2.txt" --source examples/hotspots
row "./allocscope escape $f/m2.txt" ./allocscope escape "$f/m2.txt"
row "./allocscope diff $profile $f/mem-rate1-optimized.pprof" ./allocscope diff "$profile" "$f/mem-rate1-optimized.pprof"

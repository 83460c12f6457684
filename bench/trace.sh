#!/usr/bin/env bash
# allocscope trace beside Go's own trace parser on one large real trace: the Go compiler's own execution trace
# (-traceprofile) while it compiles cmd/compile/internal/ssa, generated into bench/out/ on first use (never committed).
# Go's side is `go tool trace -pprof=sched FILE`, which parses the whole trace as `go tool trace` does and writes a
# profile; ours is `./allocscope trace FILE`. Prints median wall time and peak memory of each and both ratios.
#   bench/trace.sh [--runs N]     (default 5)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs=5
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    *) echo "usage: bench/trace.sh [--runs N]" >&2; exit 2 ;;
  esac
done
go_bin="$(command -v go || echo /usr/lib/go-1.19/bin/go)"
[ -x "$go_bin" ] || { echo "trace.sh: Go is required" >&2; exit 4; }
[ -x /usr/bin/time ] || { echo "trace.sh: /usr/bin/time is required (apt-get install -y time)" >&2; exit 4; }
cd "$root"
mkdir -p bench/out
trace=bench/out/compile-ssa.trace
if [ ! -s "$trace" ]; then
  echo "trace.sh: tracing the compiler while it compiles cmd/compile/internal/ssa (once)..." >&2
  tmp="$(mktemp -d)"
  "$go_bin" build -a -o /dev/null -gcflags="cmd/compile/internal/ssa=-traceprofile=$tmp/t" cmd/compile/internal/ssa
  mv "$tmp/t" "$trace"
  rm -rf "$tmp"
fi
echo "trace: $trace, $(du -h "$trace" | cut -f1), $(head -c 16 "$trace" | tr -d '\0')"

# shellcheck source=bench/measure.sh
source "$root/bench/measure.sh"
measure() { median_run "$runs" "$@"; }

read -r go_ms go_mb < <(measure "$go_bin" tool trace -pprof=sched "$trace")
read -r our_ms our_mb < <(measure ./allocscope trace "$trace")
read -r floor_ms _ < <(measure cat "$trace")
printf '%-52s %8s %8s\n' "command ($(nproc) cores, median of $runs runs)" "ms" "MB"
printf '%-52s %8s %8s\n' "go tool trace -pprof=sched" "$go_ms" "$go_mb"
printf '%-52s %8s %8s\n' "./allocscope trace" "$our_ms" "$our_mb"
printf '%-52s %8s\n' "cat (floor)" "$floor_ms"
echo "speed: $(echo "scale=1; $go_ms / ($our_ms + 0.0001)" | bc -l)x faster than Go's parser; memory: 1/$(echo "scale=1; $go_mb / ($our_mb + 0.0001)" | bc -l) of it"

#!/usr/bin/env bash
# Parse + classify the whole standard library's -m=2 log with AllocScope, beside `grep -c 'escapes to heap'` on
# the same file as the floor. The log is mostly one package (go/types: 185 of 220 MB), which the reader cuts into
# ranges read on all cores. The log (~220 MB, ~1.9 M lines) is generated once into bench/out/ (git-ignored):
#   go build -a -gcflags=all=-m=2 std 2> bench/out/std-m2.txt
# Usage: bench/escape-std.sh [LOG]   (exit 1 when a line is unrecognized)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
log="${1:-$root/bench/out/std-m2.txt}"
go_bin="$(command -v go || echo /usr/lib/go-1.19/bin/go)"
if [ ! -s "$log" ]; then
  mkdir -p "$(dirname "$log")"
  echo "generating $log with $("$go_bin" version) (several minutes on 2 cores)..." >&2
  (cd "$root" && GOFLAGS= "$go_bin" build -a -gcflags=all=-m=2 std 2> "$log") || true
fi
out="$root/.build/bench-escape"
dotnet build "$root/bench/AllocScope.Benchmarks/AllocScope.Benchmarks.csproj" -c Release -o "$out" --nologo -v q >/dev/null
echo "log: $log ($(wc -c < "$log") bytes, $(wc -l < "$log") lines), $(nproc) cores"
start=$(date +%s.%N)
count=$(grep -c 'escapes to heap' "$log")
end=$(date +%s.%N)
grep_s=$(echo "$end - $start" | bc -l)
printf 'grep -c "escapes to heap": %s matches in %.2f s (floor)\n' "$count" "$grep_s"
status=0
# In-process (JIT, start-up and compilation included): the counting pass of `escape`, and the whole model.
for mode in "" "--full"; do
  line=$(/usr/bin/time -f 'rss %M' -o "$out/time.txt" dotnet "$out/AllocScope.Benchmarks.dll" escape-throughput "$log" $mode) || status=1
  echo "$line; max RSS $(( $(grep -o '[0-9]*' "$out/time.txt" | tail -1) / 1024 )) MB"
done
# What users run, native: `--summary` (one pass that parses and classifies every line on all cores, then prints the
# counts and totals) three times, then the whole `escape` command (a second, serial pass renders every decision) in
# text and JSON, output to /dev/null.
"$root/allocscope" --version >/dev/null
run() { # LABEL ARGS...: time one run, print its throughput and peak
  local label="$1"; shift
  /usr/bin/time -f '%e %M' -o "$out/time.txt" "$root/allocscope" escape "$log" "$@" >/dev/null || status=1
  read -r secs kb < "$out/time.txt"
  awk -v l="$label" -v s="$secs" -v kb="$kb" -v bytes="$(wc -c < "$log")" -v g="$grep_s" 'BEGIN {
    printf "./allocscope escape LOG %s: %.2f s = %.0f MB/s, peak %.0f MB (%.1fx the grep floor)\n", l, s, bytes / 1e6 / s, kb / 1024, s / g }'
}
for i in 1 2 3; do run "--summary (parse + classify, run $i)" --summary; done
for format in text json; do run "--format $format" --format "$format"; done
# The benchmark runs with the CLI's runtime settings (src/AllocScope.Cli/RuntimeSettings.props); the same streaming
# pass with .NET's defaults (tiered PGO and quick JIT for loops on), for comparison.
echo ".NET defaults (DOTNET_TieredPGO=1 DOTNET_TC_QuickJitForLoops=1): $(DOTNET_TieredPGO=1 DOTNET_TC_QuickJitForLoops=1 dotnet "$out/AllocScope.Benchmarks.dll" escape-throughput "$log")"
exit $status

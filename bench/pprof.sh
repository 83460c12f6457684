#!/usr/bin/env bash
# Times `allocscope top` against `go tool pprof -top` on the same large heap profiles, same machine.
#
#   bench/pprof.sh [--runs N] [--out DIR]
#
# Generates (once, into DIR, default bench/out, git-ignored) with the Go compiler's own -memprofile flags:
#   (a) ssa-rate1.heap  : legacy text heap profile at memprofilerate 1 of compiling cmd/compile/internal/ssa (~2 GB;
#                         Go 1.19's compiler always writes the legacy form; takes ~8 minutes on 2 cores)
#   (b) ssa-rate1.pb.gz : the same run as profile.proto, converted by pprof itself (symbolized from the compiler binary)
# then runs each tool N times (default 3) per file, and the floor (what reading the bytes alone costs: `wc -l` for the
# text profile, `gzip -dc` for the proto), and prints median wall time, median peak RSS, pprof ÷ ours (how much faster
# and leaner we are) and ours ÷ floor (how far from the machine's limit).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs=3
out="$root/bench/out"
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "usage: bench/pprof.sh [--runs N] [--out DIR]" >&2; exit 2 ;;
  esac
done

go_bin="$(command -v go || echo /usr/lib/go-1.19/bin/go)"
[ -x "$go_bin" ] || { echo "pprof.sh: Go is required" >&2; exit 4; }
[ -x /usr/bin/time ] || { echo "pprof.sh: /usr/bin/time is required (apt-get install -y time)" >&2; exit 4; }
export GOTOOLCHAIN=local GOFLAGS=-mod=mod
mkdir -p "$out"
legacy="$out/ssa-rate1.heap"
proto="$out/ssa-rate1.pb.gz"

if [ ! -s "$legacy" ]; then
  echo "generating $legacy (compiling cmd/compile/internal/ssa with -memprofilerate=1; several minutes)..." >&2
  # -a: the package must really be compiled (a cached build writes no profile).
  "$go_bin" build -a -o /dev/null \
    -gcflags="cmd/compile/internal/ssa=-memprofile=$legacy -memprofilerate=1" cmd/compile/internal/ssa
fi
if [ ! -s "$proto" ]; then
  echo "generating $proto (pprof -proto of the same profile)..." >&2
  "$go_bin" tool pprof -proto "$("$go_bin" env GOTOOLDIR)/compile" "$legacy" > "$proto" 2>/dev/null
fi

"$root/allocscope" --version >/dev/null   # build once, outside the timings

# The read of a file (legacy: parallel; proto: two passes keeping no samples) must equal the one-pass read of
# standard input, which keeps the whole profile.
for file in "$legacy" "$proto"; do
  if ! cmp -s <("$root/allocscope" top "$file" --by line) <("$root/allocscope" top - --by line < "$file"); then
    echo "pprof.sh: $(basename "$file"): the read of the file differs from the one-pass read of standard input" >&2
    exit 1
  fi
done
echo "file and standard-input reads give the same table on both files"

# measure LABEL CMD... : prints "seconds kilobytes" per run, one line each
measure() {
  local i
  for i in $(seq "$runs"); do
    /usr/bin/time -f '%e %M' -o "$out/.time" "$@" >/dev/null 2>"$out/.stderr" || { cat "$out/.stderr" >&2; exit 1; }
    cat "$out/.time"
  done
}
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

printf '%-18s %-10s %10s %12s\n' file tool "time (s)" "peak (MB)"
for file in "$legacy" "$proto"; do
  name="$(basename "$file")"
  case "$file" in
    *.gz) floor_cmd=(gzip -dc "$file"); floor_name="gzip -dc" ;;
    *) floor_cmd=(wc -l "$file"); floor_name="wc -l" ;;
  esac
  cat "$file" > /dev/null   # the page cache holds the file for every tool alike
  ours="$(measure "$root/allocscope" top "$file" --limit 20)"
  theirs="$(measure "$go_bin" tool pprof -top "$file")"
  floor="$(measure "${floor_cmd[@]}")"
  ot="$(echo "$ours" | cut -d' ' -f1 | median)";   om="$(echo "$ours" | cut -d' ' -f2 | median)"
  tt="$(echo "$theirs" | cut -d' ' -f1 | median)"; tm="$(echo "$theirs" | cut -d' ' -f2 | median)"
  ft="$(echo "$floor" | cut -d' ' -f1 | median)";  fm="$(echo "$floor" | cut -d' ' -f2 | median)"
  awk -v n="$name" -v ot="$ot" -v om="$om" -v tt="$tt" -v tm="$tm" -v ft="$ft" -v fm="$fm" -v fl="$floor_name" -v runs="$runs" -v size="$(du -h "$file" | cut -f1)" 'BEGIN {
    if (ft < 0.01) ft = 0.01
    printf "%-18s %-10s %10.2f %12.0f\n", n, "allocscope", ot, om / 1024
    printf "%-18s %-10s %10.2f %12.0f\n", n, "pprof", tt, tm / 1024
    printf "%-18s %-10s %10.2f %12.0f\n", n, fl, ft, fm / 1024
    printf "%-18s %-10s %9.1fx %11.1fx   (pprof / allocscope: time, memory)\n", n, "vs pprof", tt / ot, tm / om
    printf "%-18s %-10s %9.1fx %12s   (allocscope / %s; median of %d runs, %s)\n", n, "vs floor", ot / ft, "", fl, runs, size
  }'
done

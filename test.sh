#!/usr/bin/env bash
# Runs the whole AllocScope test suite and ends with a line "N passed, N failed, N skipped".
# Installs Go 1.19 (Debian's golang-1.19-go) when no Go is found and this runs as root: end-to-end
# tests build, profile and trace real Go programs.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"

find_go() {
  if command -v go >/dev/null 2>&1; then command -v go; return 0; fi
  if [ -x /usr/lib/go-1.19/bin/go ]; then echo /usr/lib/go-1.19/bin/go; return 0; fi
  return 1
}

if ! go_bin="$(find_go)"; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: Go not found; installing golang-1.19-go" >&2
    (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q golang-1.19-go) >&2 || {
      echo "test.sh: installing Go failed" >&2; echo "0 passed, 1 failed"; exit 4; }
    go_bin="$(find_go)" || { echo "test.sh: Go still missing after install" >&2; echo "0 passed, 1 failed"; exit 4; }
  else
    echo "test.sh: Go is required (apt-get install -y golang-1.19-go as root, or put go on PATH)" >&2
    echo "0 passed, 1 failed"
    exit 4
  fi
fi
# The command line users get is a Native AOT executable: it needs clang (and zlib's headers) to link.
if ! command -v clang >/dev/null 2>&1 && ! command -v clang-14 >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: clang not found; installing clang and zlib1g-dev (for the native executable)" >&2
    (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q clang zlib1g-dev) >&2 || \
      echo "test.sh: installing clang failed; the tests run the JIT build" >&2
  else
    echo "test.sh: clang not found; the tests run the JIT build (apt-get install -y clang zlib1g-dev for the native one)" >&2
  fi
fi
export PATH="$(dirname "$go_bin"):$PATH"
export GOFLAGS="${GOFLAGS:-} -mod=mod" GOTOOLCHAIN=local GOPROXY=off DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
echo "test.sh: using $("$go_bin" version) at $go_bin" >&2

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT
dotnet test "$root/AllocScope.slnx" -c Release --nologo \
  --logger "trx;LogFileName=results.trx" --logger "console;verbosity=normal" \
  --results-directory "$results" "$@"
status=$?

trx="$(find "$results" -name '*.trx' | head -n 1)"
if [ -z "$trx" ]; then
  echo "test.sh: no test results were written (build failure?)" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
total="$(get total)"; passed="$(get passed)"; failed="$(get failed)"; executed="$(get executed)"
skipped=$(( ${total:-0} - ${executed:-0} ))
errors="$(get error)"; failed=$(( ${failed:-0} + ${errors:-0} ))
echo "${passed:-0} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "${passed:-0}" -eq 0 ]; then
  exit 1
fi

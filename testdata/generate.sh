#!/usr/bin/env bash
# Regenerates every recorded fixture in testdata/hotspots/ from the Go module
# examples/hotspots, with the real Go toolchain. Nothing is edited by hand.
#
#   testdata/generate.sh            # uses `go` from PATH, else /usr/lib/go-1.19/bin/go
#   GO=/path/to/go testdata/generate.sh
#
# Outputs are staged in a mktemp directory and only replace testdata/hotspots/
# once every step has succeeded. testdata/hotspots/MANIFEST.md lists each file
# with its size, the exact command and its purpose.
set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
repo=$(cd "$script_dir/.." && pwd -P)
mod="$repo/examples/hotspots"
dest="$script_dir/hotspots"

if [[ -z "${GO:-}" ]]; then
	if command -v go >/dev/null 2>&1; then
		GO=$(command -v go)
	else
		GO=/usr/lib/go-1.19/bin/go
	fi
fi
[[ -x "$GO" ]] || { echo "generate.sh: no Go toolchain at $GO" >&2; exit 1; }
# Put the chosen toolchain first so `go tool` and `go vet` children agree.
PATH="$(dirname "$GO"):$PATH"
export PATH

# Reproducible toolchain environment: no user GOFLAGS, no workspace, no
# network (the module uses the standard library only), no toolchain switch.
export GOFLAGS= GOWORK=off GOPROXY=off GOTOOLCHAIN=local
unset GODEBUG GOGC GOMAXPROCS

TMP=$(mktemp -d "${TMPDIR:-/tmp}/allocscope-fixtures.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
out="$TMP/out"
mkdir -p "$out"
log="$TMP/log.txt"
: >"$log"

start=$(date +%s)
manifest_rows=()

# display CMD... : the command as a shell-quoted string, with the staging
# directory written as $TMP.
display() {
	local s="" a
	for a in "$@"; do
		[[ "$a" == "$GO" ]] && a=go
		if [[ "$a" =~ ^[A-Za-z0-9_./=:,@%+-]+$ ]]; then
			s+="$a "
		else
			s+="'${a//\'/\'\\\'\'}' "
		fi
	done
	s=${s% }
	s=${s//"$TMP"/'$TMP'}
	printf '%s' "$s"
}

# record FILE PURPOSE COMMAND-TEXT
record() {
	manifest_rows+=("$1"$'\t'"$3"$'\t'"$2")
}

# step MODE FILE PURPOSE -- CMD...
#   MODE stderr: FILE is the command's stderr
#   MODE stdout: FILE is the command's stdout
#   MODE append: the command's stdout is appended to FILE (recorded by caller)
#   MODE self:   the command writes FILE itself (its output goes to the log)
# Commands run in the module directory.
step() {
	local mode=$1 file=$2 purpose=$3
	shift 4
	local shown
	shown=$(display "$@")
	echo "generate.sh: $file" >&2
	echo "+ (cd examples/hotspots && $shown)" >>"$log"
	case $mode in
	stderr)
		(cd "$mod" && "$@" 2>"$out/$file" >>"$log") || fail "$file"
		shown+=" 2> $file"
		;;
	stdout)
		(cd "$mod" && "$@" >"$out/$file" 2>>"$log") || fail "$file"
		shown+=" > $file"
		;;
	append)
		(cd "$mod" && "$@" >>"$out/$file" 2>>"$log") || fail "$file"
		last_shown="$shown >> $file"
		return
		;;
	self)
		(cd "$mod" && "$@" >>"$log" 2>&1) || fail "$file"
		;;
	esac
	record "$file" "$purpose" "$shown"
	last_shown=$shown
}

fail() {
	echo "generate.sh: step for $1 failed; log:" >&2
	tail -n 40 "$log" >&2
	exit 1
}

check() { # check FILE CONDITION-DESCRIPTION TEST...
	local file=$1 what=$2
	shift 2
	if ! "$@"; then
		echo "generate.sh: $file: expected $what" >&2
		exit 1
	fi
}

go_version=$("$GO" version)
echo "generate.sh: $go_version, module $mod" >&2

# --- escape analysis ---------------------------------------------------------
step stderr m2.txt "escape analysis with flow explanations (-m=2), plain build" -- \
	"$GO" build -gcflags=-m=2 ./...
step stderr m2-optimized.txt "escape analysis (-m=2) of the optimized build" -- \
	"$GO" build -tags optimized -gcflags=-m=2 ./...
step stderr m1.txt "escape analysis summary lines (-m), plain build" -- \
	"$GO" build -gcflags=-m ./...
# The -json output directory is part of the compiler flags, so a fresh $TMP
# path always misses the build cache and the compiler really writes the files.
step self json0 "compiler logopt JSON (-json=0,DIR) of package example.com/hotspots; file URIs are absolute paths of the generation directory" -- \
	"$GO" build -gcflags="-json=0,$out/json0" .
check m2.txt "'escapes to heap' lines" grep -q 'escapes to heap' "$out/m2.txt"
check m2.txt "'moved to heap' lines" grep -q 'moved to heap' "$out/m2.txt"
check json0 "JSON files for plain.go" test -s "$out/json0/example.com%2Fhotspots/plain.json"

# --- heap profiles from benchmarks --------------------------------------------
bench_profile=(-trimpath -run '^$' -bench . -benchmem -benchtime 200x)
step self mem-default.pprof "go test -memprofile at the default MemProfileRate (512 KiB sampling)" -- \
	"$GO" test "${bench_profile[@]}" -o "$TMP/hotspots.test" -memprofile "$out/mem-default.pprof" .
step self mem-rate1.pprof "go test -memprofile with every allocation recorded (-memprofilerate 1), plain build" -- \
	"$GO" test "${bench_profile[@]}" -o "$TMP/hotspots.test" -memprofile "$out/mem-rate1.pprof" -memprofilerate 1 .
step self mem-rate1-optimized.pprof "same as mem-rate1.pprof for the optimized build" -- \
	"$GO" test -tags optimized "${bench_profile[@]}" -o "$TMP/hotspots-optimized.test" -memprofile "$out/mem-rate1-optimized.pprof" -memprofilerate 1 .

# --- the command: heap profiles, trace, gctrace --------------------------------
bin="$TMP/hotspots"
echo "+ (cd examples/hotspots && $(display "$GO" build -trimpath -o "$bin" ./cmd/hotspots))" >>"$log"
(cd "$mod" && "$GO" build -trimpath -o "$bin" ./cmd/hotspots) >>"$log" 2>&1 || fail "$bin"
built_with="built with: go build -trimpath -o \$TMP/hotspots ./cmd/hotspots"

step self heap-legacy.txt "legacy text heap profile (debug=1) at MemProfileRate 1; same process as heap-proto.pprof ($built_with)" -- \
	"$bin" -n 20 -memprofilerate 1 -heap "$out/heap-legacy.txt" -heapproto "$out/heap-proto.pprof"
record heap-proto.pprof "proto heap profile (debug=0) written by the same process right after heap-legacy.txt (same data, other format)" \
	"$last_shown"
step self heap-legacy-default.txt "legacy text heap profile at the default MemProfileRate (sampled; header @ heap/1048576)" -- \
	"$bin" -n 300 -heap "$out/heap-legacy-default.txt"
step self trace.out "runtime/trace execution trace of 20 workload iterations (several GC cycles with mark assists)" -- \
	"$bin" -n 20 -trace "$out/trace.out"
step stderr gctrace.txt "GODEBUG=gctrace=1 lines of 80 workload iterations" -- \
	env GODEBUG=gctrace=1 "$bin" -n 80
check heap-legacy.txt "a 'heap profile:' header with @ heap/2 (rate 1)" grep -q '^heap profile: .* @ heap/2$' "$out/heap-legacy.txt"
check heap-legacy-default.txt "a 'heap profile:' header with @ heap/1048576" grep -q '^heap profile: .* @ heap/1048576$' "$out/heap-legacy-default.txt"
gc_lines=$(grep -c '^gc [0-9]' "$out/gctrace.txt" || true)
check gctrace.txt "at least 5 gc lines (got $gc_lines)" test "$gc_lines" -ge 5
for f in mem-default.pprof mem-rate1.pprof mem-rate1-optimized.pprof heap-proto.pprof trace.out; do
	check "$f" "a non-empty file" test -s "$out/$f"
done

# --- benchmarks ----------------------------------------------------------------
# Interleaved rounds, so that load changes on the machine hit both variants
# alike (BenchmarkJSONDecode runs identical code in both and is the control).
bench=(-run '^$' -bench . -benchmem -count 2 -benchtime 40ms)
for _ in 1 2 3 4 5; do
	step append bench-plain.txt "" -- "$GO" test "${bench[@]}" .
	plain_cmd=$last_shown
	step append bench-optimized.txt "" -- "$GO" test -tags optimized "${bench[@]}" .
	optimized_cmd=$last_shown
done
record bench-plain.txt "benchmarks of the plain build, 5 rounds x 2 runs = 10 runs each (benchstat input; one header block per round)" \
	"5 rounds, alternating with bench-optimized.txt: $plain_cmd"
record bench-optimized.txt "benchmarks of the optimized build, 10 runs each (benchstat bench-plain.txt bench-optimized.txt)" \
	"5 rounds, alternating with bench-plain.txt: $optimized_cmd"
for f in bench-plain.txt bench-optimized.txt; do
	runs=$(grep -c '^BenchmarkWorkload-[0-9]* .* allocs/op$' "$out/$f" || true)
	check "$f" "10 BenchmarkWorkload lines (got $runs)" test "$runs" -eq 10
done

# --- manifest --------------------------------------------------------------------
elapsed=$(($(date +%s) - start))
size_of() { # bytes of a file, or the total of a directory tree
	if [[ -d "$1" ]]; then
		find "$1" -type f -exec cat {} + | wc -c
	else
		wc -c <"$1"
	fi
}
{
	echo "# Recorded fixtures: testdata/hotspots"
	echo
	echo "Generated by \`testdata/generate.sh\` from the Go module \`examples/hotspots\`"
	echo "(module \`example.com/hotspots\`). Every file is unedited output of the Go toolchain"
	echo "or of the example program; regenerate them all with the script, never by hand."
	echo
	echo "- Go: \`$go_version\`"
	echo "- Generated: $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(uname -sm), $(nproc) CPUs, in ${elapsed} s"
	echo "- Generation directory (absolute module dir): \`$mod\`"
	echo "  - \`json0/\` file URIs point into this directory (Go keeps absolute paths in \`-json\`"
	echo "    output even with \`-trimpath\`, so nothing there was rewritten)."
	echo "  - \`m1.txt\`, \`m2*.txt\` use paths relative to the module (\`./plain.go\`, \`cmd/hotspots/main.go\`)."
	echo "  - Profiles and the trace come from \`-trimpath\` builds: source files appear as"
	echo "    \`example.com/hotspots/plain.go\` and standard-library files as \`fmt/print.go\`."
	echo "- Commands run in \`examples/hotspots\`; \`\$TMP\` is the script's staging directory"
	echo "  (outputs were written to \`\$TMP/out\` and then moved here)."
	echo "- Environment: \`GOFLAGS= GOWORK=off GOPROXY=off GOTOOLCHAIN=local\`, GODEBUG/GOGC/GOMAXPROCS unset."
	echo "- Planted allocation sites are marked in the source with trailing \`// PLANT:<kind>\` comments."
	echo
	echo "| file | bytes | command | purpose |"
	echo "|---|---:|---|---|"
	for row in "${manifest_rows[@]}"; do
		IFS=$'\t' read -r f cmd purpose <<<"$row"
		size=$(size_of "$out/$f")
		name="\`$f\`"
		if [[ -d "$out/$f" ]]; then
			name="\`$f/\` ($(find "$out/$f" -type f | wc -l) files)"
		fi
		cmd=${cmd//|/\\|}
		echo "| $name | $size | \`$cmd\` | $purpose |"
	done
} >"$out/MANIFEST.md"

rm -rf "$dest"
mkdir -p "$(dirname "$dest")"
mv "$out" "$dest"
echo "generate.sh: wrote $(du -sh "$dest" | cut -f1) to $dest in ${elapsed} s" >&2

# Sourced by the bench scripts. median_run N CMD...: runs CMD once to warm up (and to build ./allocscope when stale),
# then N times, and prints the median wall milliseconds and the median peak RSS in MB.
median_run() {
  local runs="$1"; shift
  local ms=() mb=() t start end
  "$@" >/dev/null 2>&1 || true
  for _ in $(seq "$runs"); do
    t=$(mktemp)
    start=$(date +%s%N)
    /usr/bin/time -f '%M' -o "$t" "$@" >/dev/null 2>&1 || true
    end=$(date +%s%N)
    ms+=($(( (end - start) / 1000000 )))
    mb+=($(( $(tail -1 "$t") / 1024 )))
    rm -f "$t"
  done
  echo "$(printf '%s\n' "${ms[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p") $(printf '%s\n' "${mb[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")"
}

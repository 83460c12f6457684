// Package exactcounts holds single-statement allocation cases. Each case's
// allocating statement is marked with a trailing "// CASE:<name>" comment;
// tests compare AllocScope's per-site object counts at memprofilerate 1 with
// testing.AllocsPerRun for the same function.
package exactcounts

var (
	sinkMap   map[int]int
	sinkInts  []int
	sinkStr   string
	sinkAny   interface{}
	sinkBytes []byte
	sinkN     int
)

//go:noinline
func EscapingMap() {
	sinkMap = make(map[int]int, 1000) // CASE:escaping-map
}

//go:noinline
func LocalMap() int {
	m := make(map[int]int, 1000) // CASE:local-map
	m[1] = 1
	return len(m)
}

//go:noinline
func EscapingSlice() {
	sinkInts = make([]int, 1000) // CASE:escaping-slice
}

//go:noinline
func AppendLoop() {
	var s []int
	for i := 0; i < 100; i++ {
		s = append(s, i) // CASE:append-loop
	}
	sinkN = len(s)
}

//go:noinline
func GrowMap() {
	m := make(map[int]int)
	for i := 0; i < 100; i++ {
		m[i] = i // CASE:grow-map
	}
	sinkN = len(m)
}

//go:noinline
func Concat(a, b string) {
	sinkStr = a + b // CASE:concat
}

//go:noinline
func Box(x int) {
	sinkAny = x // CASE:box
}

//go:noinline
func Bytes(s string) {
	sinkBytes = []byte(s) // CASE:bytes
}

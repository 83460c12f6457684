package exactcounts

import (
	"strings"
	"testing"
)

var cases = []struct {
	name string
	fn   func()
}{
	{"escaping-map", EscapingMap},
	{"local-map", func() { sinkN = LocalMap() }},
	{"escaping-slice", EscapingSlice},
	{"append-loop", AppendLoop},
	{"grow-map", GrowMap},
	{"concat", func() { Concat("hello, ", long) }},
	{"box", func() { Box(1 << 20) }},
	{"bytes", func() { Bytes("a string that is longer than thirty-two bytes") }},
}

// long is made once so that the concat case allocates only its result.
var long = strings.Repeat("x", 40)

// Runs is how many times TestProfileRuns calls each case.
const Runs = 1000

// TestAllocsPerRun prints Go's own allocation count of every case.
func TestAllocsPerRun(t *testing.T) {
	for _, c := range cases {
		t.Logf("ALLOCS %s %v", c.name, testing.AllocsPerRun(100, c.fn))
	}
}

// TestProfileRuns calls every case exactly Runs times, for a heap profile at
// memprofilerate 1 (go test -run TestProfileRuns -memprofile m.pprof
// -memprofilerate 1).
func TestProfileRuns(t *testing.T) {
	for _, c := range cases {
		for i := 0; i < Runs; i++ {
			c.fn()
		}
	}
}

// Package hotspots is a small configuration-indexing workload with one
// planted instance of every heap-allocation pattern that AllocScope
// classifies (see the "Allocation kinds" table of the product brief).
//
// The pipeline decodes a JSON service configuration, flattens it into dotted
// keys, fans the keys out over shards, indexes them and computes a few
// summaries. Every planted allocation sits on one source line that ends with
// a line comment made of the word PLANT, a colon and the kind id (for
// example map-growth), so tests can find the line number by grepping.
//
// Planted functions are marked //go:noinline so that each planted line is
// compiled once, in its own function: the -gcflags=-m=2 explanation for the
// line and the heap-profile samples for the line then describe the same
// allocation. The exception is the tiny constructor newEntry, left inlinable
// on purpose: its &Entry{...} is reported by the compiler both in newEntry
// and inlined into MakeEntries, and profiles show it as an inlined frame.
//
// Each planted function exists twice with the same name and signature:
//
//	plain.go      (//go:build !optimized)  the allocation-heavy version
//	optimized.go  (//go:build optimized)   the usual fix applied
//
// Compare them with
//
//	go test -run '^$' -bench . -benchmem -count 10 > plain.txt
//	go test -tags optimized -run '^$' -bench . -benchmem -count 10 > optimized.txt
//	benchstat plain.txt optimized.txt
package hotspots

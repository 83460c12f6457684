package hotspots

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/results.golden.json from the current build")

// Sinks keep the benchmarked results alive so nothing is optimised away.
var (
	sinkMap     map[string]int
	sinkStrings []string
	sinkInts    []int
	sinkEntries []*Entry
	sinkString  string
	sinkU32     uint32
	sinkU64     uint64
	sinkInt     int
	sinkHasher  func(string) uint32
	sinkCfg     map[string]interface{}
	sinkLeaves  []Leaf
	sinkSummary Summary
)

const benchShards = 8

type input struct {
	cfg      map[string]interface{}
	leaves   []Leaf
	keys     []string
	sharded  []string
	index    map[string]int
	sections []Section
	paths    [][]string
}

// newInput prepares the workload inputs with whatever variant is built.
func newInput(tb testing.TB) *input {
	tb.Helper()
	cfg, err := DecodeConfig(ConfigBytes())
	if err != nil {
		tb.Fatal(err)
	}
	in := &input{cfg: cfg, leaves: Flatten(cfg)}
	in.keys = CollectKeys(in.leaves)
	for s := 0; s < benchShards; s++ {
		for _, k := range in.keys {
			in.sharded = append(in.sharded, ShardKey(k, FirstShard+s))
		}
	}
	in.index = BuildIndex(in.sharded)
	in.sections = GroupSections(in.keys)
	for _, k := range in.keys {
		in.paths = append(in.paths, strings.Split(k, "."))
	}
	return in
}

// results captures the observable output of every planted function.
type results struct {
	Leaves        int
	Keys          []string
	ShardKeys     string // count:crc32 of the list
	IndexLen      int
	IndexSum      int
	Sections      []string
	Hist          []int
	Fingerprint   uint64
	Fingerprint80 uint64
	Digest        uint32
	Snapshot      string // length:crc32
	Hashes        []uint32
	Joined        []string
	Entries       string // count:crc32 of "key=slot" lines
	TimeoutKeys   int
	Summary       Summary
}

func collect(t *testing.T) results {
	in := newInput(t)
	var r results
	r.Leaves = len(in.leaves)
	r.Keys = CollectKeys(in.leaves)
	r.ShardKeys = digestStrings(in.sharded)
	idx := BuildIndex(in.sharded)
	r.IndexLen = len(idx)
	for _, v := range idx {
		r.IndexSum += v
	}
	VisitSections(in.sections, func(name string, stats map[string]int) {
		b, _ := json.Marshal(stats) // map keys are sorted by encoding/json
		r.Sections = append(r.Sections, name+" "+string(b))
	})
	ix := &Index{Slots: idx}
	r.Hist = append([]int(nil), ix.LengthHistogram()...)
	if again := ix.LengthHistogram(); !equalInts(again, r.Hist) {
		t.Errorf("LengthHistogram is not repeatable: %v vs %v", again, r.Hist)
	}
	r.Fingerprint = Fingerprint(in.sharded, 24)
	r.Fingerprint80 = Fingerprint(in.sharded, 80)
	r.Digest = Digest(in.sharded)
	var buf bytes.Buffer
	if err := WriteKeys(&buf, in.sharded); err != nil {
		t.Fatal(err)
	}
	r.Snapshot = fmt.Sprintf("%d:%08x", buf.Len(), crc32.ChecksumIEEE(buf.Bytes()))
	h := KeyHasher(7)
	for _, k := range in.keys {
		r.Hashes = append(r.Hashes, h(k), h(strings.ToUpper(k)))
	}
	for _, p := range in.paths {
		r.Joined = append(r.Joined, JoinKey(p))
	}
	r.Joined = append(r.Joined, JoinKey(nil), JoinKey([]string{"single"}))
	var entries []string
	for _, e := range MakeEntries(in.sharded, idx) {
		entries = append(entries, fmt.Sprintf("%s=%d", e.Key, e.Slot))
	}
	r.Entries = digestStrings(entries)
	r.TimeoutKeys = CountSegments(in.sharded, "timeout")
	sum, err := RunWorkload(ConfigBytes(), benchShards)
	if err != nil {
		t.Fatal(err)
	}
	r.Summary = sum
	return r
}

func digestStrings(list []string) string {
	return fmt.Sprintf("%d:%08x", len(list), crc32.ChecksumIEEE([]byte(strings.Join(list, "\n"))))
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestVariantsAgree checks that the plain and the optimized build return the
// same results: both must match the golden file written from the plain build
// (go test -run TestVariantsAgree -update).
func TestVariantsAgree(t *testing.T) {
	got, err := json.MarshalIndent(collect(t), "", " ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	golden := filepath.Join("testdata", "results.golden.json")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("results differ from %s (plain build); got:\n%s", golden, got)
	}
}

func TestWorkloadShape(t *testing.T) {
	sum, err := RunWorkload(ConfigBytes(), benchShards)
	if err != nil {
		t.Fatal(err)
	}
	if sum.ShardKeys < 1000 {
		t.Errorf("want at least 1000 shard keys for map growth, got %d", sum.ShardKeys)
	}
	if sum.Slots != sum.ShardKeys || sum.Entries != sum.ShardKeys {
		t.Errorf("keys are not unique: %+v", sum)
	}
	if sum.TimeoutKeys == 0 {
		t.Error("no timeout keys")
	}
}

func BenchmarkMapGrowth(b *testing.B) {
	in := newInput(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sinkMap = BuildIndex(in.sharded)
	}
}

func BenchmarkMapNew(b *testing.B) {
	in := newInput(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		total := 0
		VisitSections(in.sections, func(name string, stats map[string]int) {
			total += stats["keys"] + stats["bytes"]
		})
		sinkInt = total
	}
}

func BenchmarkSliceGrowth(b *testing.B) {
	in := newInput(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sinkStrings = CollectKeys(in.leaves)
	}
}

func BenchmarkSliceMake(b *testing.B) {
	in := newInput(b)
	ix := &Index{Slots: in.index}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sinkInts = ix.LengthHistogram()
	}
}

func BenchmarkNonconstSize(b *testing.B) {
	in := newInput(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		// One fingerprint per key, with a width that depends on the key:
		// the record buffer is made per call.
		for j := range in.sharded[:256] {
			sinkU64 ^= Fingerprint(in.sharded[j:j+1], 16+j%32)
		}
	}
}

func BenchmarkTooLarge(b *testing.B) {
	in := newInput(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sinkU32 = Digest(in.keys)
	}
}

func BenchmarkClosure(b *testing.B) {
	b.ReportAllocs()
	in := newInput(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		// A hasher per key, as code that salts every key differently does.
		for j, k := range in.sharded[:256] {
			sinkHasher = KeyHasher(uint32(i + j))
			sinkU32 ^= sinkHasher(k)
		}
	}
}

func BenchmarkInterfaceBox(b *testing.B) {
	in := newInput(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for s, k := range in.keys[:32] {
			sinkString = ShardKey(k, FirstShard+s)
		}
	}
}

func BenchmarkStringBytes(b *testing.B) {
	in := newInput(b)
	var buf bytes.Buffer
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		buf.Reset()
		if err := WriteKeys(&buf, in.keys); err != nil {
			b.Fatal(err)
		}
		sinkInt = buf.Len()
	}
}

func BenchmarkStringConcat(b *testing.B) {
	in := newInput(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, p := range in.paths[:32] {
			sinkString = JoinKey(p)
		}
	}
}

func BenchmarkNewObject(b *testing.B) {
	in := newInput(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sinkEntries = MakeEntries(in.sharded, in.index)
	}
}

func BenchmarkLibrary(b *testing.B) {
	in := newInput(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sinkInt = CountSegments(in.keys, "timeout")
	}
}

func BenchmarkJSONDecode(b *testing.B) {
	data := ConfigBytes()
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for i := 0; i < b.N; i++ {
		cfg, err := DecodeConfig(data)
		if err != nil {
			b.Fatal(err)
		}
		sinkCfg = cfg
	}
}

func BenchmarkFlatten(b *testing.B) {
	in := newInput(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sinkLeaves = Flatten(in.cfg)
	}
}

func BenchmarkWorkload(b *testing.B) {
	data := ConfigBytes()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		sum, err := RunWorkload(data, benchShards)
		if err != nil {
			b.Fatal(err)
		}
		sinkSummary = sum
	}
}

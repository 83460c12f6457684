package hotspots

import (
	"bytes"
	"hash/crc32"
	"strings"
)

// Entry is one indexed configuration key.
type Entry struct {
	Key  string
	Slot int
}

// Index maps shard keys to their slot and keeps one Entry per key.
type Index struct {
	Slots   map[string]int
	Entries []*Entry

	hist []int // scratch reused by the optimized LengthHistogram
}

var newline = []byte{'\n'}

// Section is a run of keys sharing the same top-level name.
type Section struct {
	Name string
	Keys []string
}

// HistBuckets is the number of buckets LengthHistogram returns; the last
// bucket collects every longer key.
const HistBuckets = 64

// FirstShard is the id of the first shard; ids are large enough that boxing
// them into an interface allocates (Go caches only 0..255).
const FirstShard = 1000

// GroupSections splits sorted keys into runs with the same top-level segment.
func GroupSections(keys []string) []Section {
	n := 0
	prev := ""
	for _, k := range keys {
		if top := topLevel(k); n == 0 || top != prev {
			n++
			prev = top
		}
	}
	out := make([]Section, 0, n)
	start := 0
	for i := 1; i <= len(keys); i++ {
		if i == len(keys) || topLevel(keys[i]) != topLevel(keys[start]) {
			out = append(out, Section{Name: topLevel(keys[start]), Keys: keys[start:i]})
			start = i
		}
	}
	return out
}

func topLevel(key string) string {
	if i := strings.IndexByte(key, '.'); i >= 0 {
		return key[:i]
	}
	return key
}

// Summary is everything the workload computes; equal for both build variants.
type Summary struct {
	Leaves        int
	Keys          int
	ShardKeys     int
	Slots         int
	Entries       int
	SlotSum       int
	SectionStats  int
	Hist          []int
	Fingerprint   uint64
	Digest        uint32
	Checksum      uint32
	HashSum       uint32
	TimeoutKeys   int
	FirstShardKey string
	LastShardKey  string
}

// RunWorkload runs the whole pipeline once: decode, flatten, fan out over
// shards, index, and summarise.
func RunWorkload(data []byte, shards int) (Summary, error) {
	cfg, err := DecodeConfig(data)
	if err != nil {
		return Summary{}, err
	}
	leaves := Flatten(cfg)
	keys := CollectKeys(leaves)

	sharded := make([]string, 0, len(keys)*shards)
	for s := 0; s < shards; s++ {
		for _, k := range keys {
			sharded = append(sharded, ShardKey(k, FirstShard+s))
		}
	}

	ix := &Index{Slots: BuildIndex(sharded)}
	ix.Entries = MakeEntries(sharded, ix.Slots)

	var sum Summary
	sum.Leaves = len(leaves)
	sum.Keys = len(keys)
	sum.ShardKeys = len(sharded)
	sum.Slots = len(ix.Slots)
	sum.Entries = len(ix.Entries)
	for _, e := range ix.Entries {
		sum.SlotSum += e.Slot
	}
	VisitSections(GroupSections(keys), func(name string, stats map[string]int) {
		sum.SectionStats += len(name) + stats["keys"]*stats["depth"] + stats["bytes"]
	})
	sum.Hist = append([]int(nil), ix.LengthHistogram()...)
	sum.Fingerprint = Fingerprint(sharded, 24)
	sum.Digest = Digest(sharded)
	var snapshot bytes.Buffer
	if err := WriteKeys(&snapshot, sharded); err != nil {
		return Summary{}, err
	}
	sum.Checksum = crc32.ChecksumIEEE(snapshot.Bytes())
	hash := KeyHasher(0x9e3779b9)
	for _, k := range keys {
		sum.HashSum += hash(k)
	}
	sum.TimeoutKeys = CountSegments(sharded, "timeout")
	if len(sharded) > 0 {
		sum.FirstShardKey = sharded[0]
		sum.LastShardKey = sharded[len(sharded)-1]
	}
	return sum, nil
}

//go:build optimized

package hotspots

import (
	"hash/crc32"
	"io"
	"strconv"
	"strings"
	"sync"
)

// BuildIndex maps every key to its position (map-growth, fixed).
//
// Fix: the map is presized with make(map[K]V, n), so the bucket array is
// allocated once and never grows.
//
//go:noinline
func BuildIndex(keys []string) map[string]int {
	index := make(map[string]int, len(keys)) // PLANT:map-make
	for i, k := range keys {
		if k == "" {
			continue
		}
		if _, dup := index[k]; dup {
			continue
		}
		index[k] = i // PLANT:map-growth
	}
	return index
}

// VisitSections reports per-section statistics to fn (map-new, fixed).
//
// Fix: one stats map is hoisted out of the loop and cleared for every
// section. fn must not retain the map after it returns.
//
//go:noinline
func VisitSections(sections []Section, fn func(name string, stats map[string]int)) {
	stats := make(map[string]int) // PLANT:map-new
	for _, s := range sections {
		for k := range stats {
			delete(stats, k) // compiled to a single map clear
		}
		depth, size := 0, 0
		for _, k := range s.Keys {
			if d := strings.Count(k, ".") + 1; d > depth {
				depth = d
			}
			size += len(k)
		}
		stats["keys"] = len(s.Keys)
		stats["depth"] = depth
		stats["bytes"] = size
		fn(s.Name, stats)
	}
}

// CollectKeys returns the keys of all non-null leaves (slice-growth, fixed).
//
// Fix: the result is preallocated with make([]T, 0, n).
//
//go:noinline
func CollectKeys(leaves []Leaf) []string {
	keys := make([]string, 0, len(leaves))
	for _, l := range leaves {
		if l.Value == nil {
			continue
		}
		keys = append(keys, l.Key) // PLANT:slice-growth
	}
	return keys
}

// LengthHistogram counts index keys by length (slice-make, fixed).
//
// Fix: the counts slice is owned by the Index and reused; the returned slice
// is only valid until the next call.
//
//go:noinline
func (ix *Index) LengthHistogram() []int {
	if ix.hist == nil {
		ix.hist = make([]int, HistBuckets) // PLANT:slice-make
	}
	counts := ix.hist
	for i := range counts {
		counts[i] = 0
	}
	for k := range ix.Slots {
		n := len(k)
		if n >= HistBuckets {
			n = HistBuckets - 1
		}
		counts[n]++
	}
	return counts
}

// Fingerprint packs every key into a width-byte record (truncated or zero
// padded) and hashes the records with FNV-1a (nonconst-size, fixed).
//
// Fix: records up to 64 bytes use a constant-size array on the stack; only
// wider records fall back to make.
//
//go:noinline
func Fingerprint(keys []string, width int) uint64 {
	var small [64]byte
	var rec []byte
	if width <= len(small) {
		rec = small[:width]
	} else {
		rec = make([]byte, width) // PLANT:nonconst-size
	}
	h := uint64(14695981039346656037)
	for _, k := range keys {
		n := copy(rec, k)
		for i := n; i < len(rec); i++ {
			rec[i] = 0
		}
		for _, c := range rec {
			h ^= uint64(c)
			h *= 1099511628211
		}
	}
	return h
}

// ScratchSize is the block size Digest encodes keys into (80 KiB, above the
// 64 KiB limit for implicit stack variables).
const ScratchSize = 80 << 10

var scratchPool = sync.Pool{New: func() interface{} { return new([ScratchSize]byte) }}

// Digest encodes the keys newline-separated into blocks of ScratchSize bytes
// and returns the CRC-32 of the encoding (too-large, fixed).
//
// Fix: the block is taken from a sync.Pool and reused across calls.
//
//go:noinline
func Digest(keys []string) uint32 {
	block := scratchPool.Get().(*[ScratchSize]byte) // PLANT:too-large
	defer scratchPool.Put(block)
	buf := block[:]
	var sum uint32
	n := 0
	for _, k := range keys {
		if n+len(k)+1 > len(buf) {
			sum = crc32.Update(sum, crc32.IEEETable, buf[:n])
			n = 0
		}
		n += copy(buf[n:], k)
		buf[n] = '\n'
		n++
	}
	return crc32.Update(sum, crc32.IEEETable, buf[:n])
}

// KeyHasher returns a case-insensitive FNV-1a hash function for keys,
// salted with seed (closure, fixed).
//
// Fix: the closure captures only the seed value and lower-cases bytes on the
// fly, so the closure is the only allocation (no captured buffer).
//
//go:noinline
func KeyHasher(seed uint32) func(key string) uint32 {
	return func(key string) uint32 { // PLANT:closure
		h := uint32(2166136261) ^ seed
		for i := 0; i < len(key); i++ {
			c := key[i]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			h ^= uint32(c)
			h *= 16777619
		}
		return h
	}
}

// ShardKey returns the key qualified with its shard id, "key@shard"
// (interface-box, fixed).
//
// Fix: no fmt and no interface conversion: a presized strings.Builder and
// strconv.AppendInt produce the result with a single allocation.
//
//go:noinline
func ShardKey(key string, shard int) string {
	var num [20]byte
	digits := strconv.AppendInt(num[:0], int64(shard), 10)
	var b strings.Builder
	b.Grow(len(key) + 1 + len(digits)) // PLANT:interface-box
	b.WriteString(key)
	b.WriteByte('@')
	b.Write(digits)
	return b.String()
}

// WriteKeys writes the keys to w, one per line (string-bytes, fixed).
//
// Fix: io.WriteString passes the string straight to writers that implement
// io.StringWriter (bytes.Buffer, bufio.Writer, strings.Builder, ...), so no
// []byte copy of the key is made.
//
//go:noinline
func WriteKeys(w io.Writer, keys []string) error {
	for _, k := range keys {
		if _, err := io.WriteString(w, k); err != nil { // PLANT:string-bytes
			return err
		}
		if _, err := w.Write(newline); err != nil {
			return err
		}
	}
	return nil
}

// JoinKey joins path segments with dots (string-concat, fixed).
//
// Fix: a strings.Builder grown to the final length, one allocation.
//
//go:noinline
func JoinKey(path []string) string {
	if len(path) == 0 {
		return ""
	}
	n := len(path) - 1
	for _, p := range path {
		n += len(p)
	}
	var b strings.Builder
	b.Grow(n)
	b.WriteString(path[0])
	for _, p := range path[1:] {
		b.WriteByte('.') // PLANT:string-concat
		b.WriteString(p)
	}
	return b.String()
}

// MakeEntries returns one *Entry per key with its slot from index
// (new-object, fixed).
//
// Fix: the entries are values in one backing array, and the pointers point
// into it: two allocations per call instead of one per key.
//
//go:noinline
func MakeEntries(keys []string, index map[string]int) []*Entry {
	slab := make([]Entry, 0, len(keys))
	out := make([]*Entry, 0, len(keys))
	for _, k := range keys {
		slot, ok := index[k]
		if !ok {
			continue
		}
		slab = append(slab, Entry{Key: k, Slot: slot}) // PLANT:new-object
		out = append(out, &slab[len(slab)-1])
	}
	return out
}

// CountSegments counts the keys that contain seg as a whole dot-separated
// segment (library, fixed).
//
// Fix: walk the segments with strings.IndexByte instead of strings.Split.
//
//go:noinline
func CountSegments(keys []string, seg string) int {
	n := 0
	for _, k := range keys {
		rest := k
		for {
			i := strings.IndexByte(rest, '.') // PLANT:library
			part := rest
			if i >= 0 {
				part = rest[:i]
			}
			if part == seg {
				n++
				break
			}
			if i < 0 {
				break
			}
			rest = rest[i+1:]
		}
	}
	return n
}

//go:build !optimized

package hotspots

import (
	"fmt"
	"hash/crc32"
	"io"
	"strings"
)

// BuildIndex maps every key to its position (map-growth).
//
// The map is created without a size hint, so inserting the keys repeatedly
// doubles its bucket array (hashGrow/makeBucketArray) on the insert line.
//
//go:noinline
func BuildIndex(keys []string) map[string]int {
	index := make(map[string]int) // PLANT:map-make
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

// VisitSections reports per-section statistics to fn (map-new).
//
// A fresh stats map is made for every section; it escapes because it is
// passed to the unknown function fn, so each iteration allocates a new map
// header (and its first bucket on the first insert).
//
//go:noinline
func VisitSections(sections []Section, fn func(name string, stats map[string]int)) {
	for _, s := range sections {
		stats := make(map[string]int) // PLANT:map-new
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

// CollectKeys returns the keys of all non-null leaves (slice-growth).
//
// The result starts as a nil slice, so append reallocates and copies the
// backing array every time it runs out of capacity (growslice).
//
//go:noinline
func CollectKeys(leaves []Leaf) []string {
	var keys []string
	for _, l := range leaves {
		if l.Value == nil {
			continue
		}
		keys = append(keys, l.Key) // PLANT:slice-growth
	}
	return keys
}

// LengthHistogram counts index keys by length (slice-make).
//
// The counts slice has a constant size but is returned, so make allocates it
// on the heap on every call.
//
//go:noinline
func (ix *Index) LengthHistogram() []int {
	counts := make([]int, HistBuckets) // PLANT:slice-make
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
// padded) and hashes the records with FNV-1a (nonconst-size).
//
// The record buffer does not escape, but its size is a parameter, so the
// compiler cannot place it on the stack.
//
//go:noinline
func Fingerprint(keys []string, width int) uint64 {
	rec := make([]byte, width) // PLANT:nonconst-size
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

// Digest encodes the keys newline-separated into blocks of ScratchSize bytes
// and returns the CRC-32 of the encoding (too-large).
//
// The scratch block is larger than 64 KiB, so make puts it on the heap even
// though it does not escape.
//
//go:noinline
func Digest(keys []string) uint32 {
	buf := make([]byte, ScratchSize) // PLANT:too-large
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
// salted with seed (closure).
//
// The returned func literal escapes, and it captures the local scratch
// buffer by reference, so the closure, the buffer variable and its backing
// array all live on the heap. The returned function is not safe for
// concurrent use.
//
//go:noinline
func KeyHasher(seed uint32) func(key string) uint32 {
	buf := make([]byte, 0, 64)
	return func(key string) uint32 { // PLANT:closure
		buf = append(buf[:0], key...)
		for i, c := range buf {
			if 'A' <= c && c <= 'Z' {
				buf[i] = c + 'a' - 'A'
			}
		}
		h := uint32(2166136261) ^ seed
		for _, c := range buf {
			h ^= uint32(c)
			h *= 16777619
		}
		return h
	}
}

// ShardKey returns the key qualified with its shard id, "key@shard"
// (interface-box).
//
// Both arguments of fmt.Sprintf are converted to interface values; the
// string and the (>255) int are boxed on the heap on the call line.
//
//go:noinline
func ShardKey(key string, shard int) string {
	return fmt.Sprintf("%s@%d", key, shard) // PLANT:interface-box
}

// WriteKeys writes the keys to w, one per line (string-bytes).
//
// Each key is converted to a []byte for io.Writer.Write; the slice escapes
// through the interface method call, so every conversion copies the key to
// the heap.
//
//go:noinline
func WriteKeys(w io.Writer, keys []string) error {
	for _, k := range keys {
		if _, err := w.Write([]byte(k)); err != nil { // PLANT:string-bytes
			return err
		}
		if _, err := w.Write(newline); err != nil {
			return err
		}
	}
	return nil
}

// JoinKey joins path segments with dots (string-concat).
//
// Every += allocates a new string holding the whole prefix again
// (concatstrings), quadratic in the number of segments.
//
//go:noinline
func JoinKey(path []string) string {
	if len(path) == 0 {
		return ""
	}
	key := path[0]
	for _, p := range path[1:] {
		key += "." + p // PLANT:string-concat
	}
	return key
}

// newEntry is the Entry constructor; the returned pointer makes the
// composite literal escape.
func newEntry(key string, slot int) *Entry {
	return &Entry{Key: key, Slot: slot} // PLANT:new-object
}

// MakeEntries returns one *Entry per key with its slot from index
// (new-object): one small heap object per key.
//
//go:noinline
func MakeEntries(keys []string, index map[string]int) []*Entry {
	out := make([]*Entry, 0, len(keys))
	for _, k := range keys {
		slot, ok := index[k]
		if !ok {
			continue
		}
		out = append(out, newEntry(k, slot))
	}
	return out
}

// CountSegments counts the keys that contain seg as a whole dot-separated
// segment (library).
//
// strings.Split allocates a []string for every key just to compare its
// parts.
//
//go:noinline
func CountSegments(keys []string, seg string) int {
	n := 0
	for _, k := range keys {
		parts := strings.Split(k, ".") // PLANT:library
		for _, p := range parts {
			if p == seg {
				n++
				break
			}
		}
	}
	return n
}

// Command hotspots runs the hotspots workload and optionally records a heap
// profile (legacy text or proto) and an execution trace.
//
//	hotspots -n 200 -memprofilerate 1 -heap heap.txt -heapproto heap.pprof -trace trace.out
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"runtime"
	"runtime/pprof"
	"runtime/trace"

	"example.com/hotspots"
)

func main() {
	rate := flag.Int("memprofilerate", runtime.MemProfileRate, "set runtime.MemProfileRate (1 = record every allocation)")
	heapFile := flag.String("heap", "", "write the legacy text heap profile (debug=1) to `file`")
	protoFile := flag.String("heapproto", "", "write the proto heap profile to `file`")
	traceFile := flag.String("trace", "", "write an execution trace of the workload to `file`")
	n := flag.Int("n", 50, "number of workload iterations")
	shards := flag.Int("shards", 8, "number of shards the keys fan out to")
	flag.Parse()
	runtime.MemProfileRate = *rate // as early as possible: before the workload allocates

	log.SetFlags(0)
	log.SetPrefix("hotspots: ")

	if *traceFile != "" {
		f, err := os.Create(*traceFile)
		if err != nil {
			log.Fatal(err)
		}
		defer closeFile(f)
		if err := startTrace(f); err != nil {
			log.Fatal(err)
		}
	}

	var last hotspots.Summary
	for i := 0; i < *n; i++ {
		sum, err := hotspots.RunWorkload(hotspots.ConfigBytes(), *shards)
		if err != nil {
			log.Fatal(err)
		}
		last = sum
	}

	if *traceFile != "" {
		stopTrace()
	}
	fmt.Printf("iterations=%d leaves=%d keys=%d shardkeys=%d digest=%08x checksum=%08x timeoutkeys=%d\n",
		*n, last.Leaves, last.Keys, last.ShardKeys, last.Digest, last.Checksum, last.TimeoutKeys)

	if *heapFile != "" || *protoFile != "" {
		runtime.GC() // the heap profile is as of the most recently completed GC
	}
	if *heapFile != "" {
		writeHeap(*heapFile, 1)
	}
	if *protoFile != "" {
		writeHeap(*protoFile, 0)
	}
}

func writeHeap(name string, debug int) {
	f, err := os.Create(name)
	if err != nil {
		log.Fatal(err)
	}
	if err := pprof.Lookup("heap").WriteTo(f, debug); err != nil {
		log.Fatal(err)
	}
	closeFile(f)
}

func closeFile(f *os.File) {
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}

// traceMarker is printed on stderr right after tracing starts and right before it stops, so the GODEBUG=gctrace=1
// lines of the traced part of a run can be told apart (allocscope's tests compare them with the trace).
const traceMarker = "hotspots: trace"

func startTrace(f *os.File) error {
	if err := trace.Start(f); err != nil {
		return err
	}
	fmt.Fprintln(os.Stderr, traceMarker, "started")
	return nil
}

func stopTrace() {
	fmt.Fprintln(os.Stderr, traceMarker, "stopping")
	trace.Stop()
}

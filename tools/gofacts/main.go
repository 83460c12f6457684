// Command gofacts answers what AllocScope needs to know about Go code at source positions, from Go's own parser
// and type checker (standard library only: no module proxy is needed to build it).
//
// It reads a request as JSON on standard input:
//
//	{"dir": "/module/or/package/dir", "positions": [{"file": "/abs/path/x.go", "line": 12}, ...]}
//
// loads the packages of the named files with `go list -e -test -export -deps -json` (run in dir), type-checks each
// package variant from source with importer.ForCompiler fed by the export data go list built, and writes one JSON
// object per position on standard output (see Fact). With "timerFiles" it only parses those benchmark files and
// writes one TimerLines per file. A package that does not type-check still gets syntax facts.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"sort"
)

// Request is what AllocScope asks.
type Request struct {
	Dir       string     `json:"dir"`
	Positions []Position `json:"positions"`
	// TimerFiles, when given, asks only which lines of these benchmark files run with the timer stopped (TimerLines).
	TimerFiles []string `json:"timerFiles,omitempty"`
}

// Position is a line of a Go file (an absolute path).
type Position struct {
	File string `json:"file"`
	Line int    `json:"line"`
}

func main() {
	var req Request
	if err := json.NewDecoder(bufio.NewReader(os.Stdin)).Decode(&req); err != nil {
		fmt.Fprintf(os.Stderr, "gofacts: reading the request: %v\n", err)
		os.Exit(2)
	}

	if len(req.TimerFiles) > 0 {
		enc := json.NewEncoder(os.Stdout)
		for _, file := range req.TimerFiles {
			if err := enc.Encode(untimedLines(file)); err != nil {
				fmt.Fprintf(os.Stderr, "gofacts: %v\n", err)
				os.Exit(1)
			}
		}
		return
	}

	loader := newLoader(req.Dir)
	byFile := map[string][]int{}
	for _, p := range req.Positions {
		byFile[p.File] = append(byFile[p.File], p.Line)
	}

	files := make([]string, 0, len(byFile))
	for f := range byFile {
		files = append(files, f)
	}
	sort.Strings(files)
	loader.load(files)

	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	for _, file := range files {
		unit := loader.unitOf(file)
		for _, line := range byFile[file] {
			if err := enc.Encode(factsAt(unit, file, line)); err != nil {
				fmt.Fprintf(os.Stderr, "gofacts: %v\n", err)
				os.Exit(1)
			}
		}
	}
}

package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"sort"
)

// TimerLines says which lines of a benchmark file run while the benchmark timer does not count: before a
// b.ResetTimer, or between b.StopTimer and b.StartTimer. What they allocate is in the heap profile but not in
// B/op (benchmark set-up). Syntax only: the file is parsed, not type-checked.
type TimerLines struct {
	File    string   `json:"file"`
	Untimed [][2]int `json:"untimed"`
	Error   string   `json:"error,omitempty"`
}

// untimedLines parses a file and returns the line ranges of its benchmark bodies that run with the timer stopped.
func untimedLines(file string) TimerLines {
	out := TimerLines{File: file, Untimed: [][2]int{}}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, nil, parser.SkipObjectResolution)
	if err != nil && f == nil {
		out.Error = err.Error()
		return out
	}

	// Bodies outer first: an inner benchmark body (b.Run(name, func(b *testing.B) {...})) decides its own lines.
	type body struct {
		b          string
		block      *ast.BlockStmt
		start, end int
	}
	var bodies []body
	ast.Inspect(f, func(n ast.Node) bool {
		var ft *ast.FuncType
		var blk *ast.BlockStmt
		switch fn := n.(type) {
		case *ast.FuncDecl:
			ft, blk = fn.Type, fn.Body
		case *ast.FuncLit:
			ft, blk = fn.Type, fn.Body
		}
		if blk != nil {
			if name := benchParam(ft); name != "" {
				bodies = append(bodies, body{name, blk, fset.Position(blk.Lbrace).Line, fset.Position(blk.Rbrace).Line})
			}
		}
		return true
	})
	sort.SliceStable(bodies, func(i, j int) bool { return bodies[i].end-bodies[i].start > bodies[j].end-bodies[j].start })

	untimed := map[int]bool{}
	for _, bd := range bodies {
		var stops, starts, resets []int
		ast.Inspect(bd.block, func(n ast.Node) bool {
			if lit, ok := n.(*ast.FuncLit); ok && benchParam(lit.Type) != "" {
				return false // its own timer calls belong to its own b
			}
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) != 0 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if id, ok := sel.X.(*ast.Ident); !ok || id.Name != bd.b {
				return true
			}
			line := fset.Position(call.Pos()).Line
			switch sel.Sel.Name {
			case "StopTimer":
				stops = append(stops, line)
			case "StartTimer":
				starts = append(starts, line)
			case "ResetTimer":
				resets = append(resets, line)
			}
			return true
		})
		for line := bd.start + 1; line < bd.end; line++ {
			untimed[line] = stoppedAt(line, stops, starts, resets)
		}
	}

	lines := make([]int, 0, len(untimed))
	for l, u := range untimed {
		if u {
			lines = append(lines, l)
		}
	}
	sort.Ints(lines)
	for _, l := range lines {
		if n := len(out.Untimed); n > 0 && out.Untimed[n-1][1] == l-1 {
			out.Untimed[n-1][1] = l
		} else {
			out.Untimed = append(out.Untimed, [2]int{l, l})
		}
	}
	return out
}

// stoppedAt: what runs on a line is left out of B/op when a ResetTimer comes after it, or when the last timer call
// before it was StopTimer (in source order: a StopTimer at the end of a loop body also stops its next iteration's
// start, which comes after the StopTimer before the loop; both read as stopped).
func stoppedAt(line int, stops, starts, resets []int) bool {
	for _, r := range resets {
		if r > line {
			return true
		}
	}
	lastStop, lastStart := 0, 0
	for _, s := range stops {
		if s < line && s > lastStop {
			lastStop = s
		}
	}
	for _, s := range starts {
		if s < line && s > lastStart {
			lastStart = s
		}
	}
	return lastStop > lastStart
}

// benchParam is the name of a *testing.B parameter (by syntax), or "".
func benchParam(ft *ast.FuncType) string {
	if ft == nil || ft.Params == nil {
		return ""
	}
	for _, field := range ft.Params.List {
		star, ok := field.Type.(*ast.StarExpr)
		if !ok {
			continue
		}
		sel, ok := star.X.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "B" {
			continue
		}
		if pkg, ok := sel.X.(*ast.Ident); ok && pkg.Name == "testing" && len(field.Names) > 0 {
			return field.Names[0].Name
		}
	}
	return ""
}

package main

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/printer"
	"go/token"
	"go/types"
	"strings"
)

// Fact is what gofacts knows about one line: its statement, its function, and every expression on it that can
// allocate, with types where the package type-checked.
type Fact struct {
	File          string   `json:"file"`
	Line          int      `json:"line"`
	Function      string   `json:"function,omitempty"`
	InClosure     bool     `json:"inClosure,omitempty"`
	Exported      bool     `json:"exported,omitempty"`
	IsTest        bool     `json:"isTest,omitempty"`
	InLoop        bool     `json:"inLoop,omitempty"`
	Statement     string   `json:"statement,omitempty"`
	StatementKind string   `json:"statementKind,omitempty"`
	Returned      []string `json:"returned,omitempty"`
	UsesPool      bool     `json:"usesPool,omitempty"`
	Typed         bool     `json:"typed"`
	Error         string   `json:"error,omitempty"`
	Exprs         []Expr   `json:"exprs"`
}

// Expr is an expression that can allocate.
type Expr struct {
	Column        int    `json:"column"`
	Kind          string `json:"kind"`
	Text          string `json:"text"`
	Type          string `json:"type,omitempty"`
	From          string `json:"from,omitempty"`
	ToInterface   bool   `json:"toInterface,omitempty"`
	PointerShaped bool   `json:"pointerShaped,omitempty"`
	SizeHint      bool   `json:"sizeHint,omitempty"`
	ConstSize     bool   `json:"constSize,omitempty"`
	GrowsBuffer   string `json:"growsBuffer,omitempty"`
	LoopInvariant bool   `json:"loopInvariant,omitempty"`
	Target        string `json:"target,omitempty"`
	Dest          string `json:"dest,omitempty"`
	Callee        string `json:"callee,omitempty"`
	Receiver      string `json:"receiver,omitempty"`
}

func factsAt(u *unit, file string, line int) (fact Fact) {
	// One position the helper cannot handle must not cost the others their facts.
	defer func() {
		if r := recover(); r != nil {
			fact = Fact{File: file, Line: line, Error: fmt.Sprint("gofacts: ", r), Exprs: []Expr{}}
		}
	}()
	fact = Fact{File: file, Line: line, IsTest: strings.HasSuffix(file, "_test.go"), Typed: u.typed, Error: u.err, Exprs: []Expr{}}
	f := u.files[canonical(file)]
	if f == nil {
		if fact.Error == "" {
			fact.Error = "file not parsed"
		}
		return fact
	}

	c := &collector{u: u, line: line}
	c.findPath(f)
	if c.decl != nil {
		fact.Function, fact.Exported = qualifiedName(u.pkgPath, c.decl)
		fact.InClosure = c.inClosure
		fact.Returned = returnedNames(c.decl)
		fact.UsesPool = usesPool(u, c.decl)
	}

	if c.stmt == nil {
		return fact
	}

	fact.Statement = firstLine(c.text(c.stmt))
	fact.StatementKind = statementKind(c.stmt)
	fact.InLoop = c.inLoop
	fact.Exprs = c.exprs(fact.Returned)
	return fact
}

// collector finds the statement on a line and the expressions on it that can allocate.
type collector struct {
	u         *unit
	line      int
	decl      *ast.FuncDecl
	inClosure bool
	inLoop    bool
	lit       *ast.FuncLit
	loop      ast.Stmt // the innermost for or range statement around the line, if any
	stmt      ast.Stmt
	parents   map[ast.Node]ast.Node
	implicit  []Expr
}

func (c *collector) lineOf(p token.Pos) int { return c.u.fset.Position(p).Line }

func (c *collector) covers(n ast.Node) bool {
	return n != nil && c.lineOf(n.Pos()) <= c.line && c.line <= c.lineOf(n.End())
}

// findPath finds the statement of the line: the outermost one that starts on it (`eh := func(...) { p.add(...) }` is
// the assignment, not the call inside the one-line closure), else the innermost one that spans it (a line inside a
// multi-line composite). It notes the function and any loop or closure around that statement.
func (c *collector) findPath(f *ast.File) {
	type context struct {
		stmt      ast.Stmt
		inClosure bool
		inLoop    bool
		loop      ast.Stmt
		lit       *ast.FuncLit
	}
	var starting *context
	defer func() {
		if starting != nil {
			c.stmt, c.inClosure, c.inLoop, c.loop, c.lit = starting.stmt, starting.inClosure, starting.inLoop, starting.loop, starting.lit
		}
	}()
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil && c.covers(fd) {
			c.decl = fd
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				if n == nil || !c.covers(n) {
					return false
				}

				switch s := n.(type) {
				case *ast.FuncLit:
					c.inClosure = true
					c.inLoop = false
					c.loop = nil
					c.lit = s
				case *ast.ForStmt:
					if c.lineOf(s.Body.Pos()) <= c.line {
						c.inLoop = true
						c.loop = s
					}
				case *ast.RangeStmt:
					if c.lineOf(s.Body.Pos()) <= c.line {
						c.inLoop = true
						c.loop = s
					}
				}

				if s, ok := n.(ast.Stmt); ok {
					if _, block := s.(*ast.BlockStmt); !block {
						if starting == nil && c.lineOf(s.Pos()) == c.line {
							// Before descending: the flags describe the statement's context, not a closure in it.
							starting = &context{s, c.inClosure, c.inLoop, c.loop, c.lit}
						}
						c.stmt = s
					}
				}

				return true
			})
			return
		}
	}
}

func (c *collector) text(n ast.Node) string {
	var b bytes.Buffer
	_ = printer.Fprint(&b, c.u.fset, n)
	return b.String()
}

// The statement node that holds the line itself (not a whole if or for around it).
func (c *collector) exprs(returned []string) []Expr {
	c.parents = map[ast.Node]ast.Node{}
	var stack []ast.Node
	var out []Expr
	ast.Inspect(c.stmt, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return false
		}

		if len(stack) > 0 {
			c.parents[n] = stack[len(stack)-1]
		}
		stack = append(stack, n)
		// Nested bodies are walked too: only what starts on this line counts (a one-line closure's call does).
		if c.lineOf(n.Pos()) != c.line {
			return true
		}

		switch s := n.(type) {
		case *ast.ReturnStmt:
			c.implicitInReturn(s)
		case *ast.AssignStmt:
			c.implicitInAssign(s)
			if s.Tok == token.DEFINE {
				for _, l := range s.Lhs {
					c.variable(identOf(l))
				}
			}
		case *ast.ValueSpec:
			for _, name := range s.Names {
				c.variable(name)
			}
		}
		if e, ok := c.expr(n, returned); ok {
			out = append(out, e)
		}
		out = append(out, c.implicit...)
		c.implicit = nil
		return true
	})
	return out
}

func (c *collector) expr(n ast.Node, returned []string) (Expr, bool) {
	col := c.u.fset.Position(n.Pos()).Column
	switch e := n.(type) {
	case *ast.CallExpr:
		return c.call(e, col, returned)
	case *ast.CompositeLit:
		kind := "composite"
		typ := c.typeOf(e)
		if u, ok := c.parents[e].(*ast.UnaryExpr); ok && u.Op == token.AND {
			kind = "composite-addr"
			typ = "*" + typ
			col = c.u.fset.Position(u.Pos()).Column
		}
		return c.withDest(Expr{Column: col, Kind: kind, Text: short(c.text(e)), Type: typ}, e, returned), true
	case *ast.FuncLit:
		return c.withDest(Expr{Column: col, Kind: "func-lit", Text: "func literal", Type: c.typeOf(e)}, e, returned), true
	case *ast.SelectorExpr:
		// A method value (x.M not called) is a closure binding its receiver: it allocates when it escapes.
		if c.u.info == nil {
			break
		}
		if sel := c.u.info.Selections[e]; sel == nil || sel.Kind() != types.MethodVal {
			break
		}
		if call, ok := c.parents[e].(*ast.CallExpr); ok && call.Fun == e {
			break
		}
		// The compiler places a method value at its dot (`se.encode` at the column of "."), and so does this.
		col = c.u.fset.Position(e.Sel.Pos()).Column - 1
		return c.withDest(Expr{Column: col, Kind: "method-value", Text: short(c.text(e)), Type: c.typeOf(e)}, e, returned), true
	case *ast.BinaryExpr:
		if e.Op == token.ADD && isString(c.typeAt(e)) {
			if p, ok := c.parents[e].(*ast.BinaryExpr); ok && p.Op == token.ADD {
				return Expr{}, false // the outermost + of a chain is the one concatenation
			}
			return c.withDest(Expr{Column: col, Kind: "concat", Text: short(c.text(e)), Type: "string"}, e, returned), true
		}
	case *ast.AssignStmt:
		if e.Tok == token.ADD_ASSIGN && len(e.Lhs) == 1 && isString(c.typeAt(e.Lhs[0])) {
			return Expr{Column: col, Kind: "concat", Text: short(c.text(e)), Type: "string", Target: c.text(e.Lhs[0]), Dest: c.destOfLHS(e.Lhs[0], true)}, true
		}
		if e.Tok != token.DEFINE && len(e.Lhs) > 0 {
			return c.mapAssign(e.Lhs[0], col)
		}
	case *ast.IncDecStmt:
		return c.mapAssign(e.X, col)
	}

	return Expr{}, false
}

// mapAssign: a write into a map (`m[k] = v`, `m[k]++`) grows its buckets on insert.
func (c *collector) mapAssign(lhs ast.Expr, col int) (Expr, bool) {
	ix, ok := lhs.(*ast.IndexExpr)
	if !ok {
		return Expr{}, false
	}
	if _, isMap := c.typeAt(ix.X).(*types.Map); !isMap && c.u.info != nil {
		if t := c.typeAt(ix.X); t == nil {
			return Expr{}, false
		} else if _, isMap := t.Underlying().(*types.Map); !isMap {
			return Expr{}, false
		}
	}
	return Expr{Column: col, Kind: "map-assign", Text: short(c.text(lhs)), Type: c.typeOf(ix.X), Target: c.text(ix.X), Dest: "map"}, true
}

func (c *collector) call(e *ast.CallExpr, col int, returned []string) (Expr, bool) {
	var tv types.TypeAndValue
	known := false
	if c.u.info != nil {
		tv, known = c.u.info.Types[e.Fun]
	}

	if known && tv.IsType() && len(e.Args) == 1 {
		from := c.typeAt(e.Args[0])
		if b, ok := from.(*types.Basic); ok && b.Kind() == types.UntypedNil {
			return Expr{}, false
		}
		to := tv.Type
		x := Expr{Column: col, Kind: "conversion", Text: short(c.text(e)), Type: typeString(c.u, to), From: typeString(c.u, from), LoopInvariant: c.invariant(e.Args[0])}
		if types.IsInterface(to) && from != nil && !types.IsInterface(from) {
			x.ToInterface = true
			x.PointerShaped = pointerShaped(from)
		}
		return c.withDest(x, e, returned), true
	}

	if id, ok := e.Fun.(*ast.Ident); ok && c.isBuiltin(id) {
		switch id.Name {
		case "make":
			x := Expr{Column: col, Text: short(c.text(e)), Type: c.typeOf(e)}
			x.Kind = "make-slice"
			if len(e.Args) > 0 {
				switch c.typeAt(e.Args[0]).(type) {
				case *types.Map:
					x.Kind = "make-map"
					x.SizeHint = len(e.Args) >= 2
				case *types.Chan:
					x.Kind = "make-chan"
				default:
					x.SizeHint = len(e.Args) == 3
					x.GrowsBuffer = capOf(e.Args[1:])
				}
			}
			x.ConstSize = c.allConstant(e.Args[1:])
			return c.withDest(x, e, returned), true
		case "new":
			return c.withDest(Expr{Column: col, Kind: "new", Text: short(c.text(e)), Type: c.typeOf(e)}, e, returned), true
		case "append":
			x := Expr{Column: col, Kind: "append", Text: short(c.text(e)), Type: c.typeOf(e)}
			if len(e.Args) > 0 {
				x.Target = c.text(e.Args[0])
			}
			return c.withDest(x, e, returned), true
		}
		return Expr{}, false
	}

	x := Expr{Column: col, Kind: "call", Text: short(c.text(e)), Type: c.typeOf(e)}
	x.Callee, x.Receiver = c.callee(e)
	c.implicitConversions(e, x.Callee)
	return c.withDest(x, e, returned), true
}

// implicitConversions notes each argument passed as an interface parameter (`fmt.Println(n)`, `json.Unmarshal(b, &v)`):
// a concrete value converted to an interface, which allocates unless it is pointer-shaped.
func (c *collector) implicitConversions(e *ast.CallExpr, callee string) {
	if c.u.info == nil {
		return
	}
	sig, ok := c.typeAt(e.Fun).(*types.Signature)
	if !ok {
		return
	}
	params := sig.Params()
	for i, arg := range e.Args {
		var param types.Type
		switch {
		case sig.Variadic() && i >= params.Len()-1 && !e.Ellipsis.IsValid():
			if sl, ok := params.At(params.Len() - 1).Type().(*types.Slice); ok {
				param = sl.Elem()
			}
		case i < params.Len():
			param = params.At(i).Type()
		}
		c.implicitConversion(arg, param, "arg", callee)
	}
}

// implicitInReturn notes each concrete result returned as an interface result (`return f, nil` from a func returning any).
func (c *collector) implicitInReturn(s *ast.ReturnStmt) {
	results := c.resultTypes()
	if results == nil || len(s.Results) != results.Len() {
		return
	}
	for i, r := range s.Results {
		c.implicitConversion(r, results.At(i).Type(), "return", "")
	}
}

// implicitInAssign notes each concrete value assigned to an interface-typed place (`m[k] = v` with map[string]any).
func (c *collector) implicitInAssign(s *ast.AssignStmt) {
	if s.Tok != token.ASSIGN || len(s.Lhs) != len(s.Rhs) || c.u.info == nil {
		return
	}
	for i, r := range s.Rhs {
		c.implicitConversion(r, c.typeAt(s.Lhs[i]), c.destOfLHS(s.Lhs[i], false), "")
	}
}

// implicitConversion notes a concrete value converted to the interface type `to` without a conversion expression. A
// constant is not counted: the compiler points the interface at read-only data.
func (c *collector) implicitConversion(value ast.Expr, to types.Type, dest, callee string) {
	from := c.typeAt(value)
	if to == nil || from == nil || !types.IsInterface(to) || types.IsInterface(from) {
		return
	}
	if b, ok := from.(*types.Basic); ok && b.Kind() == types.UntypedNil {
		return
	}
	if tv, ok := c.u.info.Types[value]; ok && tv.Value != nil {
		return
	}
	c.implicit = append(c.implicit, Expr{
		Column: c.u.fset.Position(value.Pos()).Column, Kind: "conversion", Text: short(c.text(value)), Type: typeString(c.u, to),
		From: typeString(c.u, from), ToInterface: true, PointerShaped: pointerShaped(from), Dest: dest, Callee: callee,
	})
}

// resultTypes are the results of the innermost function around the line (a func literal's, else the declaration's).
func (c *collector) resultTypes() *types.Tuple {
	if c.u.info == nil {
		return nil
	}
	var t types.Type
	if c.lit != nil {
		t = c.typeAt(c.lit)
	} else if c.decl != nil {
		if obj := c.u.info.Defs[c.decl.Name]; obj != nil {
			t = obj.Type()
		}
	}
	if sig, ok := t.(*types.Signature); ok {
		return sig.Results()
	}
	return nil
}

func (c *collector) isBuiltin(id *ast.Ident) bool {
	if c.u.info == nil {
		return id.Name == "make" || id.Name == "new" || id.Name == "append"
	}
	_, ok := c.u.info.Uses[id].(*types.Builtin)
	return ok
}

// callee is the function a call calls, named as profiles name it (pkg.F, pkg.(*T).M), and its receiver type.
func (c *collector) callee(e *ast.CallExpr) (string, string) {
	if c.u.info == nil {
		return c.text(e.Fun), ""
	}

	var id *ast.Ident
	var recv string
	switch f := e.Fun.(type) {
	case *ast.Ident:
		id = f
	case *ast.SelectorExpr:
		id = f.Sel
		if sel, ok := c.u.info.Selections[f]; ok {
			recv = typeString(c.u, sel.Recv())
		}
	}

	if id == nil {
		return "", ""
	}

	fn, ok := c.u.info.Uses[id].(*types.Func)
	if !ok || fn.Pkg() == nil {
		return id.Name, recv
	}

	sig := fn.Type().(*types.Signature)
	if sig.Recv() == nil {
		return fn.Pkg().Path() + "." + fn.Name(), recv
	}

	rt := sig.Recv().Type()
	star := ""
	if p, ok := rt.(*types.Pointer); ok {
		star = "*"
		rt = p.Elem()
	}

	name := rt.String()
	if n, ok := rt.(*types.Named); ok {
		name = n.Obj().Name()
	}

	if star != "" {
		return fn.Pkg().Path() + ".(*" + name + ")." + fn.Name(), recv
	}
	return fn.Pkg().Path() + "." + name + "." + fn.Name(), recv
}

// withDest says where the value of an allocating expression goes.
func (c *collector) withDest(x Expr, n ast.Node, returned []string) Expr {
	x, inComposite := c.destOf(x, n, returned)
	if inComposite && x.Dest == "local" {
		x.Dest = "composite"
	}
	return x
}

// destOf walks up from the expression to the statement that decides where its value goes; it also says whether the
// value is an element of a composite literal on the way.
func (c *collector) destOf(x Expr, n ast.Node, returned []string) (Expr, bool) {
	child := n
	inComposite := false
	for p := c.parents[n]; p != nil; child, p = p, c.parents[p] {
		switch s := p.(type) {
		case *ast.ParenExpr, *ast.UnaryExpr, *ast.StarExpr:
			continue
		case *ast.ReturnStmt:
			x.Dest = "return"
			return x, inComposite
		case *ast.SendStmt:
			x.Dest = "send"
			return x, inComposite
		case *ast.CallExpr:
			if child == s.Fun {
				continue
			}
			if id, ok := s.Fun.(*ast.Ident); ok && id.Name == "append" && c.isBuiltin(id) {
				continue // an element appended goes where the append goes
			}
			x.Dest = "arg"
			if x.Callee == "" || x.Kind != "call" {
				callee, _ := c.callee(s)
				x.Callee = callee
			}
			return x, inComposite
		case *ast.KeyValueExpr:
			continue
		case *ast.CompositeLit:
			// An element goes where its composite goes (a returned &T{buf: make(...)} keeps the buffer); a composite
			// that stays local is "composite".
			inComposite = true
			continue
		case *ast.AssignStmt:
			for i, r := range s.Rhs {
				if r == child && i < len(s.Lhs) {
					if x.Target == "" {
						x.Target = c.text(s.Lhs[i])
					}
					x.Dest = c.destOfLHS(s.Lhs[i], s.Tok == token.DEFINE)
					if x.Dest == "local" && contains2(returned, c.text(s.Lhs[i])) {
						x.Dest = "returned-local"
					}
					return x, inComposite
				}
			}
			x.Dest = "local"
			return x, inComposite
		case *ast.ValueSpec:
			x.Dest = "local"
			for _, name := range s.Names {
				if contains2(returned, name.Name) {
					x.Dest = "returned-local"
				}
			}
			return x, inComposite
		case ast.Stmt:
			x.Dest = "local"
			return x, inComposite
		}
	}

	x.Dest = "local"
	return x, inComposite
}

func (c *collector) destOfLHS(lhs ast.Expr, define bool) string {
	switch l := lhs.(type) {
	case *ast.SelectorExpr:
		if c.u.info != nil {
			if _, isPkg := c.u.info.Uses[identOf(l.X)].(*types.PkgName); isPkg {
				return "global"
			}
		}
		return "field"
	case *ast.IndexExpr:
		if _, ok := c.typeAt(l.X).(*types.Map); ok {
			return "map"
		}
		return "index"
	case *ast.StarExpr:
		return "deref"
	case *ast.Ident:
		if define || c.u.info == nil {
			return "local"
		}
		if obj := c.u.info.Uses[l]; obj != nil && obj.Parent() != nil && obj.Parent().Parent() == types.Universe {
			return "global"
		}
	}
	return "local"
}

func identOf(e ast.Expr) *ast.Ident {
	id, _ := e.(*ast.Ident)
	return id
}

func (c *collector) typeAt(e ast.Expr) types.Type {
	if c.u.info == nil {
		return nil
	}
	if tv, ok := c.u.info.Types[e]; ok {
		return tv.Type
	}
	return nil
}

func (c *collector) typeOf(e ast.Expr) string { return typeString(c.u, c.typeAt(e)) }

func (c *collector) allConstant(args []ast.Expr) bool {
	if c.u.info == nil {
		return false
	}
	for _, a := range args {
		if tv, ok := c.u.info.Types[a]; !ok || tv.Value == nil {
			return false
		}
	}
	return true
}

// capOf finds `cap(x)` among make's size arguments: the new slice grows x (a reused buffer).
func capOf(args []ast.Expr) string {
	var found string
	for _, a := range args {
		ast.Inspect(a, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "cap" && len(call.Args) == 1 && found == "" {
					var b bytes.Buffer
					_ = printer.Fprint(&b, token.NewFileSet(), call.Args[0])
					found = b.String()
				}
			}
			return found == ""
		})
	}
	return found
}

func typeString(u *unit, t types.Type) string {
	if t == nil {
		return ""
	}
	return types.TypeString(t, func(p *types.Package) string {
		if p.Path() == u.pkgPath {
			return ""
		}
		return p.Name()
	})
}

func isString(t types.Type) bool {
	b, ok := t.(*types.Basic)
	if ok {
		return b.Info()&types.IsString != 0
	}
	if t != nil {
		if b, ok := t.Underlying().(*types.Basic); ok {
			return b.Info()&types.IsString != 0
		}
	}
	return false
}

// pointerShaped types are stored in an interface as they are: converting them allocates nothing.
func pointerShaped(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Pointer, *types.Map, *types.Chan, *types.Signature:
		return true
	case *types.Basic:
		return u.Kind() == types.UnsafePointer
	}
	return false
}

func qualifiedName(pkg string, fd *ast.FuncDecl) (string, bool) {
	exported := fd.Name.IsExported()
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return pkg + "." + fd.Name.Name, exported
	}

	t := fd.Recv.List[0].Type
	star := false
	if s, ok := t.(*ast.StarExpr); ok {
		star = true
		t = s.X
	}
	if ix, ok := t.(*ast.IndexExpr); ok {
		t = ix.X
	}
	if ix, ok := t.(*ast.IndexListExpr); ok {
		t = ix.X
	}
	name := "?"
	if id, ok := t.(*ast.Ident); ok {
		name = id.Name
		exported = exported && id.IsExported()
	}
	if star {
		return pkg + ".(*" + name + ")." + fd.Name.Name, exported
	}
	return pkg + "." + name + "." + fd.Name.Name, exported
}

// returnedNames are the identifiers the function returns (`return x`) and its named results.
func returnedNames(fd *ast.FuncDecl) []string {
	seen := map[string]bool{}
	if fd.Type.Results != nil {
		for _, field := range fd.Type.Results.List {
			for _, n := range field.Names {
				seen[n.Name] = true
			}
		}
	}
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		if r, ok := n.(*ast.ReturnStmt); ok {
			for _, e := range r.Results {
				if id, ok := e.(*ast.Ident); ok && id.Name != "nil" {
					seen[id.Name] = true
				}
			}
		}
		return true
	})
	var out []string
	for n := range seen {
		out = append(out, n)
	}
	return out
}

func usesPool(u *unit, fd *ast.FuncDecl) bool {
	found := false
	if u.info == nil {
		return false
	}
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok && sel.Sel.Name == "Get" && u.info != nil {
			if s, ok := u.info.Selections[sel]; ok && strings.HasSuffix(s.Recv().String(), "sync.Pool") {
				found = true
			}
		}
		return !found
	})
	return found
}

func statementKind(s ast.Stmt) string {
	switch st := s.(type) {
	case *ast.AssignStmt:
		if st.Tok == token.DEFINE {
			return "define"
		}
		return "assign"
	case *ast.ReturnStmt:
		return "return"
	case *ast.ExprStmt:
		return "expr"
	case *ast.DeclStmt:
		return "var"
	case *ast.GoStmt:
		return "go"
	case *ast.DeferStmt:
		return "defer"
	case *ast.IfStmt:
		return "if"
	case *ast.ForStmt:
		return "for"
	case *ast.RangeStmt:
		return "range"
	case *ast.SendStmt:
		return "send"
	case *ast.SwitchStmt, *ast.TypeSwitchStmt:
		return "switch"
	case *ast.IncDecStmt:
		return "incdec"
	}
	return "other"
}

func contains2(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

func short(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 120 {
		return s[:117] + "..."
	}
	return s
}

// invariant says whether an expression inside a loop has the same value on every iteration: it calls nothing and
// reads no variable the loop assigns (its range variables, assignment targets, increments).
func (c *collector) invariant(e ast.Expr) bool {
	if c.loop == nil || c.u.info == nil {
		return false
	}
	assigned := map[types.Object]bool{}
	mark := func(x ast.Expr) {
		if id := identOf(x); id != nil {
			if obj := c.u.info.Defs[id]; obj != nil {
				assigned[obj] = true
			} else if obj := c.u.info.Uses[id]; obj != nil {
				assigned[obj] = true
			}
		}
	}
	ast.Inspect(c.loop, func(n ast.Node) bool {
		switch s := n.(type) {
		case *ast.RangeStmt:
			mark(s.Key)
			mark(s.Value)
		case *ast.AssignStmt:
			for _, l := range s.Lhs {
				mark(l)
			}
		case *ast.IncDecStmt:
			mark(s.X)
		case *ast.ValueSpec:
			for _, n := range s.Names {
				mark(n)
			}
		}
		return true
	})
	ok := true
	ast.Inspect(e, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.CallExpr:
			if tv, known := c.u.info.Types[x.Fun]; !known || !tv.IsType() {
				ok = false
			}
		case *ast.Ident:
			if obj := c.u.info.Uses[x]; obj != nil && assigned[obj] {
				ok = false
			}
		}
		return ok
	})
	return ok
}

// variable notes a variable declared on the line with its type: when the compiler moves it to the heap ("moved to
// heap: x"), that type is what is allocated.
func (c *collector) variable(id *ast.Ident) {
	if id == nil || id.Name == "_" || c.u.info == nil {
		return
	}
	obj := c.u.info.Defs[id]
	if obj == nil {
		return
	}
	c.implicit = append(c.implicit, Expr{Column: c.u.fset.Position(id.Pos()).Column, Kind: "var", Text: id.Name, Type: typeString(c.u, obj.Type()), Dest: "local"})
}

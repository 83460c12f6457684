package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// listed is one package (or test variant) as `go list -json` describes it.
type listed struct {
	ImportPath string
	Name       string
	Dir        string
	GoFiles    []string
	CgoFiles   []string
	Export     string
	ForTest    string
	ImportMap  map[string]string
}

// unit is a parsed (and, when possible, type-checked) package variant.
type unit struct {
	pkgPath string // import path without the test-variant suffix
	fset    *token.FileSet
	files   map[string]*ast.File
	info    *types.Info
	typed   bool
	err     string
}

type loader struct {
	dir      string
	packages []*listed
	exports  map[string]string
	units    map[*listed]*unit
}

func newLoader(dir string) *loader {
	return &loader{dir: dir, exports: map[string]string{}, units: map[*listed]*unit{}}
}

// load lists the packages of the files' directories (with their tests and dependencies, and export data for all).
func (l *loader) load(files []string) {
	dirs := map[string]bool{}
	var patterns []string
	goroot := ""
	if root := goEnv("GOROOT"); root != "" {
		goroot = canonical(filepath.Join(root, "src")) + string(filepath.Separator)
	}
	for _, f := range files {
		d := filepath.Dir(f)
		if dirs[d] {
			continue
		}

		dirs[d] = true
		// A directory of the standard library is outside any module: go list names it by its import path.
		if rel := strings.TrimPrefix(canonical(d), goroot); goroot != "" && rel != canonical(d) {
			patterns = append(patterns, filepath.ToSlash(rel))
		} else {
			patterns = append(patterns, d)
		}
	}

	args := append([]string{"list", "-e", "-test", "-export", "-deps", "-json"}, patterns...)
	cmd := exec.Command("go", args...)
	cmd.Dir = l.dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil && len(out) == 0 {
		fmt.Fprintf(os.Stderr, "gofacts: go list: %v: %s\n", err, strings.TrimSpace(stderr.String()))
		return
	}

	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p listed
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			fmt.Fprintf(os.Stderr, "gofacts: reading go list output: %v\n", err)
			return
		}

		l.packages = append(l.packages, &p)
		if p.Export != "" {
			l.exports[p.ImportPath] = p.Export
		}
	}
}

// unitOf is the package variant a file belongs to: the test variant for _test.go files, else the package itself.
func (l *loader) unitOf(file string) *unit {
	test := strings.HasSuffix(file, "_test.go")
	var best *listed
	for _, p := range l.packages {
		if !contains(p, file) {
			continue
		}

		if best == nil || (test && p.ForTest != "" && best.ForTest == "") || (!test && p.ForTest == "" && best.ForTest != "") {
			best = p
		}
	}

	if best == nil {
		return l.syntaxOnly(file)
	}

	if u, ok := l.units[best]; ok {
		return u
	}

	u := l.check(best)
	l.units[best] = u
	return u
}

func contains(p *listed, file string) bool {
	if canonical(filepath.Dir(file)) != canonical(p.Dir) {
		return false
	}

	base := filepath.Base(file)
	for _, f := range append(append([]string{}, p.GoFiles...), p.CgoFiles...) {
		if filepath.Base(f) == base {
			return true
		}
	}

	return false
}

// check parses the variant's files and type-checks them against the export data of its imports.
func (l *loader) check(p *listed) *unit {
	u := &unit{pkgPath: strings.SplitN(p.ImportPath, " ", 2)[0], fset: token.NewFileSet(), files: map[string]*ast.File{}}
	var files []*ast.File
	for _, name := range p.GoFiles {
		path := name
		if !filepath.IsAbs(path) {
			path = filepath.Join(p.Dir, name)
		}

		f, err := parser.ParseFile(u.fset, path, nil, parser.ParseComments)
		if err != nil {
			u.err = err.Error()
			continue
		}

		u.files[canonical(path)] = f
		files = append(files, f)
	}

	if len(p.CgoFiles) > 0 {
		u.err = "cgo package: syntax facts only"
		return u
	}

	u.info = &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
	}
	gc := importer.ForCompiler(u.fset, "gc", func(path string) (io.ReadCloser, error) {
		export, ok := l.exports[path]
		if !ok {
			return nil, fmt.Errorf("no export data for %s", path)
		}

		return os.Open(export)
	})
	conf := types.Config{
		Importer: mappedImporter{p.ImportMap, gc},
		Error:    func(err error) { u.err = err.Error() },
	}
	if _, err := conf.Check(u.pkgPath, u.fset, files, u.info); err == nil || len(u.info.Types) > 0 {
		u.typed = true
	}

	return u
}

// syntaxOnly parses a lone file no listed package holds (facts without types).
func (l *loader) syntaxOnly(file string) *unit {
	u := &unit{fset: token.NewFileSet(), files: map[string]*ast.File{}, err: "not in a listed package: syntax facts only"}
	if f, err := parser.ParseFile(u.fset, file, nil, parser.ParseComments); err == nil {
		u.files[canonical(file)] = f
		u.pkgPath = f.Name.Name
	}

	return u
}

// mappedImporter applies a test variant's import map ("encoding/csv" → "encoding/csv [encoding/csv.test]").
type mappedImporter struct {
	importMap map[string]string
	gc        types.Importer
}

func (m mappedImporter) Import(path string) (*types.Package, error) {
	if mapped, ok := m.importMap[path]; ok {
		path = mapped
	}

	return m.gc.Import(path)
}

// goEnv is one `go env` value ("" when go cannot say).
func goEnv(name string) string {
	out, err := exec.Command("go", "env", name).Output()
	if err != nil {
		return ""
	}

	return strings.TrimSpace(string(out))
}

var canonicalPaths = map[string]string{}

// canonical is a path with its symbolic links resolved: go list names directories by their real path
// (/usr/share/go-1.19/src/...) where the profile and the request may use a link to them (/usr/lib/go-1.19/src/...).
func canonical(path string) string {
	if c, ok := canonicalPaths[path]; ok {
		return c
	}
	c, err := filepath.EvalSymlinks(path)
	if err != nil {
		c = filepath.Clean(path)
	}
	canonicalPaths[path] = c
	return c
}

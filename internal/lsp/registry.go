package lsp

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/rhythmflow/rhythm/lang/ide"
)

// RegistryCachePath is where, under a workspace root, the task registry cache lives.
const RegistryCachePath = ".rhythm/registry.json"

// maxWorkflowFiles bounds the workspace scan for .flow files.
const maxWorkflowFiles = 10000

// LoadWorkspaceRegistry reads what the editor can know about tasks and workflows without a
// database: the registry cache ws.Root/.rhythm/registry.json when present (tasks and stored
// workflows; never fresh), plus every .flow file under the root as a workflow (hidden folders,
// node_modules and vendor are skipped). It returns nil and no error when there is no root or
// it has neither, so that no unknown-name diagnostics are given. ws.DatabaseURL is not used:
// reading the registry from PostgreSQL is the job of a loader given in Options.
func LoadWorkspaceRegistry(ws Workspace) (ide.Registry, error) {
	root := ws.Root
	if root == "" {
		return nil, nil
	}
	reg := &ide.MemRegistry{}
	found := false
	data, err := os.ReadFile(filepath.Join(root, RegistryCachePath))
	switch {
	case err == nil:
		r, err := ide.ParseRegistry(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", filepath.Join(root, RegistryCachePath), err)
		}
		reg, found = r, true
	case !errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("registry cache: %w", err)
	}
	known := map[string]bool{}
	for _, w := range reg.WorkflowSet {
		known[w.Name] = true
	}
	n := 0
	err = filepath.WalkDir(root, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return nil // unreadable parts of the tree are skipped
		}
		name := e.Name()
		if e.IsDir() {
			if path != root && (strings.HasPrefix(name, ".") || name == "node_modules" || name == "vendor") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".flow") {
			return nil
		}
		if n++; n > maxWorkflowFiles {
			return filepath.SkipAll
		}
		wf := strings.TrimSuffix(name, ".flow")
		rel, _ := filepath.Rel(root, path)
		for i, w := range reg.WorkflowSet {
			if w.Name == wf && w.Path == "" {
				reg.WorkflowSet[i].Path = rel
			}
		}
		if !known[wf] {
			known[wf] = true
			reg.WorkflowSet = append(reg.WorkflowSet, ide.WorkflowInfo{Name: wf, Path: rel, Doc: leadingComment(path)})
		}
		found = true
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("scan workflows: %w", err)
	}
	if !found {
		return nil, nil
	}
	reg.Sort()
	return reg, nil
}

// leadingComment returns the first line comment of a .flow file (its description), or "".
func leadingComment(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for i := 0; i < 5 && sc.Scan(); i++ {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "//") {
			return strings.TrimSpace(strings.TrimPrefix(line, "//"))
		}
		if line != "" && !strings.HasPrefix(line, "```") {
			return ""
		}
	}
	return ""
}

package worker

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/rhythmflow/rhythm/lang"
	"github.com/rhythmflow/rhythm/lang/check"
	"github.com/rhythmflow/rhythm/lang/diag"
)

// WorkflowError reports .flow files refused because the checker found errors in them.
type WorkflowError struct {
	// Files maps each refused file to all its diagnostics.
	Files map[string][]diag.Diagnostic
}

// Error lists every diagnostic of the refused files, one per line.
func (e *WorkflowError) Error() string {
	var b strings.Builder
	names := make([]string, 0, len(e.Files))
	for f := range e.Files {
		names = append(names, f)
	}
	sort.Strings(names)
	fmt.Fprintf(&b, "workflows refused (errors in %d file(s)):", len(names))
	for _, f := range names {
		for _, d := range e.Files[f] {
			fmt.Fprintf(&b, "\n%s:%s", f, d)
		}
	}
	return b.String()
}

// RegisterWorkflows registers every .flow file of dir as a workflow named after the file (without
// .flow). Each file is checked first (knowing the tasks of the registry and of this worker, and
// the stored workflows, so that a name nothing serves is warned about): every diagnostic is
// logged, and files with errors are refused (reported together in a *WorkflowError) while the
// others are registered. With Config.AutoMigrate the migrations run first. A changed source becomes a new version, current for new executions; running executions keep theirs.
func (w *Worker) RegisterWorkflows(ctx context.Context, dir string) error {
	if w.cfg.AutoMigrate {
		if err := w.migrate(ctx); err != nil {
			return err
		}
	}
	paths, err := filepath.Glob(filepath.Join(dir, "*.flow"))
	if err != nil {
		return fmt.Errorf("register workflows: %w", err)
	}
	if len(paths) == 0 {
		return fmt.Errorf("register workflows: no .flow files in %s", dir)
	}
	sort.Strings(paths)
	opts, err := w.checkOptions(ctx)
	if err != nil {
		return err
	}
	for _, p := range paths {
		opts.KnownWorkflows[strings.TrimSuffix(filepath.Base(p), ".flow")] = true
	}
	refused := &WorkflowError{Files: map[string][]diag.Diagnostic{}}
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			return fmt.Errorf("register workflows: %w", err)
		}
		name := strings.TrimSuffix(filepath.Base(p), ".flow")
		if err := w.register(ctx, name, p, src, opts, refused); err != nil {
			return err
		}
	}
	if len(refused.Files) > 0 {
		return refused
	}
	return nil
}

// RegisterWorkflow registers one workflow source under name, checking it first as
// RegisterWorkflows does; filename is used in messages.
func (w *Worker) RegisterWorkflow(ctx context.Context, name, filename string, src []byte) error {
	if w.cfg.AutoMigrate {
		if err := w.migrate(ctx); err != nil {
			return err
		}
	}
	opts, err := w.checkOptions(ctx)
	if err != nil {
		return err
	}
	opts.KnownWorkflows[name] = true
	refused := &WorkflowError{Files: map[string][]diag.Diagnostic{}}
	if err := w.register(ctx, name, filename, src, opts, refused); err != nil {
		return err
	}
	if len(refused.Files) > 0 {
		return refused
	}
	return nil
}

// checkOptions tells the checker the tasks known to the registry or to this worker, and the
// stored workflows, so that it warns about names nothing serves.
func (w *Worker) checkOptions(ctx context.Context) (check.Options, error) {
	opts := check.Options{KnownTasks: map[string]bool{}, KnownWorkflows: map[string]bool{}}
	tasks, err := w.store.Tasks(ctx, time.Time{})
	if err != nil {
		return opts, fmt.Errorf("register workflows: %w", err)
	}
	for _, t := range tasks {
		opts.KnownTasks[t.Name] = true
	}
	for _, n := range w.taskNames() {
		opts.KnownTasks[n] = true
	}
	defs, err := w.store.Workflows(ctx)
	if err != nil {
		return opts, fmt.Errorf("register workflows: %w", err)
	}
	for _, d := range defs {
		opts.KnownWorkflows[d.Name] = true
	}
	return opts, nil
}

func (w *Worker) register(ctx context.Context, name, filename string, src []byte, opts check.Options, refused *WorkflowError) error {
	_, ds := lang.Analyze(filename, src, opts)
	for _, d := range ds {
		if d.Severity == diag.Error {
			w.log.Error("workflow diagnostic", "file", filename, "diagnostic", d.String())
		} else {
			w.log.Warn("workflow diagnostic", "file", filename, "diagnostic", d.String())
		}
	}
	if diag.HasErrors(ds) {
		refused.Files[filename] = ds
		return nil
	}
	def, created, err := w.store.RegisterDefinition(ctx, name, filename, string(src))
	if err != nil {
		return fmt.Errorf("register workflows: %w", err)
	}
	w.log.Info("workflow registered", "workflow", name, "version", def.Version[:12], "new", created)
	return nil
}

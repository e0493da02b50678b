package ide

import (
	"fmt"
	"strings"
	"time"

	"github.com/rhythmflow/rhythm/lang/catalog"
)

// entryMarkdown documents a built-in: its signature in a code block, its documentation, its
// parameters, result and options.
func entryMarkdown(e *catalog.Entry) string {
	var b strings.Builder
	fmt.Fprintf(&b, "```flow\n%s\n```\n\n%s", e.Signature(), e.Doc)
	if len(e.Params) > 0 {
		b.WriteString("\n\n**Parameters**\n")
		for _, p := range e.Params {
			fmt.Fprintf(&b, "\n- `%s` — %s", p.Label(), p.Doc)
		}
	}
	if e.Returns != "" {
		fmt.Fprintf(&b, "\n\n**Returns** %s", e.Returns)
	}
	if len(e.Options) > 0 {
		b.WriteString("\n\n**Options**\n")
		for _, o := range e.Options {
			fmt.Fprintf(&b, "\n- `%s: %s` — %s", o.Name, o.Type, o.Doc)
		}
	}
	if e.NeedsFunctions {
		b.WriteString("\n\n*Needs functions, which the language does not have yet.*")
	}
	return b.String()
}

// optionMarkdown documents one option of an options object.
func optionMarkdown(o catalog.Option) string {
	s := fmt.Sprintf("```flow\n%s: %s\n```\n\n%s", o.Name, o.Type, o.Doc)
	if len(o.Fields) > 0 {
		s += "\n\n**Fields**\n"
		for _, f := range o.Fields {
			s += fmt.Sprintf("\n- `%s: %s` — %s", f.Name, f.Type, f.Doc)
		}
	}
	return s
}

// taskMarkdown documents a registered task: its doc, queue, input and output schemas, where
// it is implemented, and the workers serving it with when each was last seen (or, when the
// registry does not list them, when any was last seen).
func taskMarkdown(t TaskInfo) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**task** `%s`", t.Name)
	if t.Queue != "" {
		fmt.Fprintf(&b, " · queue `%s`", t.Queue)
	}
	if t.Doc != "" {
		fmt.Fprintf(&b, "\n\n%s", t.Doc)
	}
	schemaSection(&b, "Input", t.Input)
	schemaSection(&b, "Output", t.Output)
	var foot []string
	if t.Source.File != "" {
		loc := t.Source.File
		if t.Source.Line > 0 {
			loc = fmt.Sprintf("%s:%d", loc, t.Source.Line)
		}
		foot = append(foot, "implemented in `"+loc+"`")
	}
	if !t.LastSeen.IsZero() && len(t.Workers) == 0 {
		foot = append(foot, "workers last seen "+t.LastSeen.UTC().Format(time.RFC3339))
	}
	if len(foot) > 0 {
		b.WriteString("\n\n" + strings.Join(foot, " · "))
	}
	if len(t.Workers) > 0 {
		b.WriteString("\n\nWorkers: " + workersText(t.Workers))
	}
	return b.String()
}

// workersText lists workers in the given order with when each was last seen, in UTC so that the
// text does not depend on the clock: "`w-1` (2026-11-20T09:58:00Z), `w-2` (last seen unknown)".
func workersText(ws []WorkerInfo) string {
	parts := make([]string, len(ws))
	for i, w := range ws {
		seen := "last seen unknown"
		if !w.LastSeen.IsZero() {
			seen = w.LastSeen.UTC().Format(time.RFC3339)
		}
		parts[i] = fmt.Sprintf("`%s` (%s)", w.ID, seen)
	}
	return strings.Join(parts, ", ")
}

// schemaSection writes the fields of an object schema as a list.
func schemaSection(b *strings.Builder, title string, s *Schema) {
	if s == nil {
		return
	}
	if len(s.Properties) == 0 {
		fmt.Fprintf(b, "\n\n**%s** `%s`", title, s.TypeText())
		return
	}
	fmt.Fprintf(b, "\n\n**%s**\n", title)
	for _, name := range s.PropertyNames() {
		p := s.Properties[name]
		fmt.Fprintf(b, "\n- `%s`: %s", name, p.TypeText())
		if s.IsRequired(name) {
			b.WriteString(" (required)")
		}
		if p.Description != "" {
			b.WriteString(" — " + p.Description)
		}
	}
}

// workflowMarkdown documents a workflow.
func workflowMarkdown(w WorkflowInfo) string {
	s := fmt.Sprintf("**workflow** `%s`", w.Name)
	if w.Path != "" {
		s += fmt.Sprintf(" · `%s`", w.Path)
	}
	if w.Doc != "" {
		s += "\n\n" + w.Doc
	}
	return s
}

// durationWords writes a duration in plain words: "1 hour 30 minutes", "500 milliseconds",
// "0 seconds".
func durationWords(d time.Duration) string {
	if d <= 0 {
		return "0 seconds"
	}
	units := []struct {
		size time.Duration
		name string
	}{{24 * time.Hour, "day"}, {time.Hour, "hour"}, {time.Minute, "minute"}, {time.Second, "second"}, {time.Millisecond, "millisecond"}}
	var parts []string
	for _, u := range units {
		if n := d / u.size; n > 0 {
			w := u.name
			if n > 1 {
				w += "s"
			}
			parts = append(parts, fmt.Sprintf("%d %s", n, w))
			d -= n * u.size
		}
	}
	if len(parts) == 0 {
		return "less than a millisecond"
	}
	return strings.Join(parts, " ")
}

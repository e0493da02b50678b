package ide

import (
	"encoding/json"
	"fmt"
	"sort"
	"time"
)

// Registry is what the editor knows about the tasks workers register and the workflows that
// exist. Implementations must be safe for concurrent use and must not block (the language
// server keeps a snapshot refreshed in the background and serves it from memory).
type Registry interface {
	// Tasks returns every registered task, sorted by name.
	Tasks() []TaskInfo
	// Task returns the task called name.
	Task(name string) (TaskInfo, bool)
	// Workflows returns every known workflow (stored definitions and .flow files), sorted by
	// name.
	Workflows() []WorkflowInfo
	// Workflow returns the workflow called name.
	Workflow(name string) (WorkflowInfo, bool)
	// Fresh reports whether the task list is known to be current (read from the database
	// recently). Unknown task names are errors when it is, warnings when it is not (a cache
	// read offline, or a database that could not be reached).
	Fresh() bool
}

// TaskInfo describes one task registered by workers.
type TaskInfo struct {
	Name string `json:"name"`
	// Doc is the task's documentation (Markdown), possibly empty.
	Doc string `json:"doc,omitempty"`
	// Queue is the queue the task is served on ("" for the default queue).
	Queue string `json:"queue,omitempty"`
	// Input and Output are the JSON schemas of the task's input and output objects, derived
	// from its Go types; nil when unknown.
	Input  *Schema `json:"inputSchema,omitempty"`
	Output *Schema `json:"outputSchema,omitempty"`
	// Source is the Go function that implements the task.
	Source SourceLocation `json:"source,omitzero"`
	// LastSeen is when a worker serving the task last reported in (zero when unknown).
	LastSeen time.Time `json:"lastSeen,omitzero"`
	// Workers are the workers serving the task, newest first (ties by id); empty when unknown
	// (for example in a cache written before workers were recorded).
	Workers []WorkerInfo `json:"workers,omitempty"`
}

// WorkerInfo is one worker serving a task: its id and when it last reported in (zero when
// unknown).
type WorkerInfo struct {
	ID       string    `json:"id"`
	LastSeen time.Time `json:"lastSeen,omitzero"`
}

// SourceLocation is a place in a file outside the document: a path and a 1-based line
// (0 when unknown).
type SourceLocation struct {
	File string `json:"file,omitempty"`
	Line int    `json:"line,omitempty"`
}

// WorkflowInfo describes one workflow the document may start with Workflow.run.
type WorkflowInfo struct {
	Name string `json:"name"`
	// Path is the workflow's .flow file when there is one ("" for a stored definition only).
	Path string `json:"path,omitempty"`
	// Doc is a short description (for example the file's leading comment), possibly empty.
	Doc string `json:"doc,omitempty"`
}

// Schema is the subset of JSON Schema the editor reads from a task's input and output types.
type Schema struct {
	Type        any                `json:"type,omitempty"` // a string or a list of strings
	Description string             `json:"description,omitempty"`
	Properties  map[string]*Schema `json:"properties,omitempty"`
	Required    []string           `json:"required,omitempty"`
	Items       *Schema            `json:"items,omitempty"`
	// AdditionalProperties is false when the object accepts no other keys (nil: unknown).
	AdditionalProperties *bool `json:"-"`
	Enum                 []any `json:"enum,omitempty"`
}

// UnmarshalJSON reads a schema, accepting `additionalProperties` as a boolean or a schema (a
// schema means other keys are allowed).
func (s *Schema) UnmarshalJSON(data []byte) error {
	type plain Schema
	var aux struct {
		*plain
		Additional json.RawMessage `json:"additionalProperties"`
	}
	aux.plain = (*plain)(s)
	if err := json.Unmarshal(data, &aux); err != nil {
		return fmt.Errorf("schema: %w", err)
	}
	if len(aux.Additional) > 0 {
		var b bool
		if json.Unmarshal(aux.Additional, &b) == nil {
			s.AdditionalProperties = &b
		} else {
			t := true
			s.AdditionalProperties = &t
		}
	}
	return nil
}

// MarshalJSON writes the schema back, with additionalProperties when it is known.
func (s *Schema) MarshalJSON() ([]byte, error) {
	type plain Schema
	aux := struct {
		*plain
		Additional *bool `json:"additionalProperties,omitempty"`
	}{(*plain)(s), s.AdditionalProperties}
	return json.Marshal(aux)
}

// TypeText returns the schema's type as written in hovers ("string", "integer|null", "object").
func (s *Schema) TypeText() string {
	if s == nil {
		return "any"
	}
	switch t := s.Type.(type) {
	case string:
		if t == "array" && s.Items != nil {
			return s.Items.TypeText() + "[]"
		}
		return t
	case []any:
		out := ""
		for i, x := range t {
			if i > 0 {
				out += "|"
			}
			out += fmt.Sprint(x)
		}
		return out
	}
	if len(s.Properties) > 0 {
		return "object"
	}
	return "any"
}

// PropertyNames returns the schema's property names, required ones first, each group sorted.
func (s *Schema) PropertyNames() []string {
	if s == nil {
		return nil
	}
	var req, other []string
	for name := range s.Properties {
		if s.IsRequired(name) {
			req = append(req, name)
		} else {
			other = append(other, name)
		}
	}
	sort.Strings(req)
	sort.Strings(other)
	return append(req, other...)
}

// IsRequired reports whether the property called name is required.
func (s *Schema) IsRequired(name string) bool {
	if s == nil {
		return false
	}
	for _, r := range s.Required {
		if r == name {
			return true
		}
	}
	return false
}

// Closed reports whether the schema lists the only keys its objects may have: it has
// properties and does not explicitly allow others.
func (s *Schema) Closed() bool {
	if s == nil || len(s.Properties) == 0 {
		return false
	}
	return s.AdditionalProperties == nil || !*s.AdditionalProperties
}

// MemRegistry is a Registry held in memory: the in-memory registry of tests, and the snapshot
// the language server serves (read from the database or from the .rhythm/registry.json
// cache). Its fields must not be modified once it is shared.
type MemRegistry struct {
	// FetchedAt is when the task list was read from the database (zero when unknown).
	FetchedAt   time.Time      `json:"fetchedAt,omitzero"`
	TaskList    []TaskInfo     `json:"tasks"`
	WorkflowSet []WorkflowInfo `json:"workflows,omitempty"`
	// Current is set when the task list is known to be current (see Registry.Fresh). It is
	// not stored in the cache file: a registry read from a file is never fresh.
	Current bool `json:"-"`
}

var _ Registry = (*MemRegistry)(nil)

// Tasks implements Registry.
func (r *MemRegistry) Tasks() []TaskInfo { return r.TaskList }

// Task implements Registry.
func (r *MemRegistry) Task(name string) (TaskInfo, bool) {
	for _, t := range r.TaskList {
		if t.Name == name {
			return t, true
		}
	}
	return TaskInfo{}, false
}

// Workflows implements Registry.
func (r *MemRegistry) Workflows() []WorkflowInfo { return r.WorkflowSet }

// Workflow implements Registry.
func (r *MemRegistry) Workflow(name string) (WorkflowInfo, bool) {
	for _, w := range r.WorkflowSet {
		if w.Name == name {
			return w, true
		}
	}
	return WorkflowInfo{}, false
}

// Fresh implements Registry.
func (r *MemRegistry) Fresh() bool { return r.Current }

// Sort orders the task and workflow lists by name (the Registry contract) and each task's
// workers newest first, ties by id (the TaskInfo contract).
func (r *MemRegistry) Sort() {
	sort.Slice(r.TaskList, func(i, j int) bool { return r.TaskList[i].Name < r.TaskList[j].Name })
	for _, t := range r.TaskList {
		sort.SliceStable(t.Workers, func(i, j int) bool {
			a, b := t.Workers[i], t.Workers[j]
			if !a.LastSeen.Equal(b.LastSeen) {
				return a.LastSeen.After(b.LastSeen)
			}
			return a.ID < b.ID
		})
	}
	sort.Slice(r.WorkflowSet, func(i, j int) bool { return r.WorkflowSet[i].Name < r.WorkflowSet[j].Name })
}

// ParseRegistry reads a registry in the format of the .rhythm/registry.json cache:
//
//	{"fetchedAt": "2026-01-01T00:00:00Z",
//	 "tasks": [{"name": "send_email", "doc": "…", "queue": "mail",
//	            "inputSchema": {"type": "object", "properties": {…}, "required": […]},
//	            "outputSchema": {…}, "source": {"file": "/src/email.go", "line": 42},
//	            "lastSeen": "2026-01-01T00:00:00Z",
//	            "workers": [{"id": "w-1", "lastSeen": "2026-01-01T00:00:00Z"}]}],
//	 "workflows": [{"name": "ship_order", "path": "workflows/ship_order.flow"}]}
//
// Every key but a task's and a worker's name/id is optional: a cache without "workers" (written
// before they were recorded) still parses, its tasks with no workers. The result is sorted
// (workers newest first) and not fresh.
func ParseRegistry(data []byte) (*MemRegistry, error) {
	r := &MemRegistry{}
	if err := json.Unmarshal(data, r); err != nil {
		return nil, fmt.Errorf("registry: %w", err)
	}
	r.Sort()
	return r, nil
}

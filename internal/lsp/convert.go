package lsp

import (
	"net/url"
	"path/filepath"
	"strings"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/rhythmflow/rhythm/lang/diag"
	"github.com/rhythmflow/rhythm/lang/ide"
	"github.com/rhythmflow/rhythm/lang/source"
)

// offsetOf converts a protocol position (UTF-16 columns) to a byte offset of doc.
func offsetOf(doc *ide.Document, p protocol.Position) int {
	return doc.Offset(ide.Position{Line: int(p.Line), Character: int(p.Character)})
}

// positionOf converts a byte offset of doc to a protocol position.
func positionOf(doc *ide.Document, off int) protocol.Position {
	p := doc.Position(off)
	return protocol.Position{Line: uint32(p.Line), Character: uint32(p.Character)}
}

// rangeOf converts a range of doc to a protocol range.
func rangeOf(doc *ide.Document, r source.Range) protocol.Range {
	return protocol.Range{Start: positionOf(doc, r.Start.Offset), End: positionOf(doc, r.End.Offset)}
}

// textEdits converts edits of doc.
func textEdits(doc *ide.Document, es []diag.Edit) []protocol.TextEdit {
	out := make([]protocol.TextEdit, 0, len(es))
	for _, e := range es {
		out = append(out, protocol.TextEdit{Range: rangeOf(doc, e.Range), NewText: e.NewText})
	}
	return out
}

// severity converts a diagnostic severity.
func severity(s diag.Severity) protocol.DiagnosticSeverity {
	switch s {
	case diag.Error:
		return protocol.DiagnosticSeverityError
	case diag.Warning:
		return protocol.DiagnosticSeverityWarning
	case diag.Info:
		return protocol.DiagnosticSeverityInformation
	}
	return protocol.DiagnosticSeverityHint
}

// diagnostic converts one diagnostic of the document at u.
func diagnostic(doc *ide.Document, u protocol.DocumentURI, d diag.Diagnostic) protocol.Diagnostic {
	pd := protocol.Diagnostic{
		Range: rangeOf(doc, d.Range), Severity: severity(d.Severity), Code: d.Code,
		Source: "rhythm", Message: d.Message,
	}
	for _, r := range d.Related {
		pd.RelatedInformation = append(pd.RelatedInformation, protocol.DiagnosticRelatedInformation{
			Location: protocol.Location{URI: u, Range: rangeOf(doc, r.Range)}, Message: r.Message,
		})
	}
	switch d.Code {
	case diag.CodeUnusedVariable, diag.CodeUnreachable:
		pd.Tags = []protocol.DiagnosticTag{protocol.DiagnosticTagUnnecessary}
	}
	return pd
}

// uriPath returns the file path of a file: URI, or "" for other URIs.
func uriPath(u string) string {
	p, err := url.Parse(u)
	if err != nil || p.Scheme != "file" {
		return ""
	}
	return filepath.FromSlash(p.Path)
}

// pathURI returns the file: URI of a path, relative paths taken from root.
func pathURI(root, path string) protocol.DocumentURI {
	if !filepath.IsAbs(path) && root != "" {
		path = filepath.Join(root, path)
	}
	return protocol.DocumentURI(uri.File(path))
}

// docName is the file name given to the parser for a document URI: its path, or the URI's
// last segment for other schemes.
func docName(u protocol.DocumentURI) string {
	if p := uriPath(string(u)); p != "" {
		return p
	}
	s := string(u)
	if i := strings.LastIndexByte(s, '/'); i >= 0 {
		s = s[i+1:]
	}
	return s
}

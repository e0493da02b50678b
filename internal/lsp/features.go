package lsp

import (
	"context"
	"encoding/json"
	"sort"
	"strings"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/rhythmflow/rhythm/lang/ide"
)

// request answers one request on the snapshot docs with the registry of box. A request about
// a document that is not open gets a null result.
func (s *server) request(ctx context.Context, method string, params json.RawMessage, docs map[protocol.DocumentURI]*ide.Document, box *registryBox) (any, error) {
	reg := box.r
	// position decodes the common text document + position parameters.
	position := func(v any, td *protocol.TextDocumentPositionParams) (*ide.Document, int, error) {
		if err := unmarshal(params, v); err != nil {
			return nil, 0, err
		}
		doc := docs[td.TextDocument.URI]
		if doc == nil {
			return nil, 0, nil
		}
		return doc, offsetOf(doc, td.Position), nil
	}
	switch method {
	case "textDocument/completion":
		var p protocol.CompletionParams
		doc, off, err := position(&p, &p.TextDocumentPositionParams)
		if doc == nil {
			return nil, err
		}
		return completion(doc, off, reg, s.caps.TextDocument.Completion.CompletionItem.SnippetSupport), nil
	case "textDocument/hover":
		var p protocol.HoverParams
		doc, off, err := position(&p, &p.TextDocumentPositionParams)
		if doc == nil {
			return nil, err
		}
		h := ide.HoverAt(doc, off, reg)
		if h == nil {
			return nil, nil
		}
		r := rangeOf(doc, h.Range)
		return &protocol.Hover{Contents: protocol.MarkupContent{Kind: protocol.Markdown, Value: h.Markdown}, Range: &r}, nil
	case "textDocument/signatureHelp":
		var p protocol.SignatureHelpParams
		doc, off, err := position(&p, &p.TextDocumentPositionParams)
		if doc == nil {
			return nil, err
		}
		h := ide.SignatureAt(doc, off, reg)
		if h == nil {
			return nil, nil
		}
		sig := signatureInformation{Label: h.Label, Documentation: markdown(h.Doc), ActiveParameter: uint32(h.Active)}
		for _, prm := range h.Params {
			sig.Parameters = append(sig.Parameters, parameterInformation{Label: prm.Label, Documentation: markdown(prm.Doc)})
		}
		return &signatureHelp{Signatures: []signatureInformation{sig}, ActiveParameter: uint32(h.Active)}, nil
	case "textDocument/definition":
		var p protocol.DefinitionParams
		doc, off, err := position(&p, &p.TextDocumentPositionParams)
		if doc == nil {
			return nil, err
		}
		out := []protocol.Location{}
		for _, l := range ide.Definition(doc, off, reg) {
			if l.Path == "" {
				out = append(out, protocol.Location{URI: p.TextDocument.URI, Range: rangeOf(doc, l.Range)})
				continue
			}
			pos := protocol.Position{Line: uint32(max(l.Range.Start.Line-1, 0)), Character: uint32(max(l.Range.Start.Col-1, 0))}
			out = append(out, protocol.Location{URI: pathURI(s.root, l.Path), Range: protocol.Range{Start: pos, End: pos}})
		}
		return out, nil
	case "textDocument/references":
		var p protocol.ReferenceParams
		doc, off, err := position(&p, &p.TextDocumentPositionParams)
		if doc == nil {
			return nil, err
		}
		out := []protocol.Location{}
		for _, r := range ide.References(doc, off, p.Context.IncludeDeclaration) {
			out = append(out, protocol.Location{URI: p.TextDocument.URI, Range: rangeOf(doc, r)})
		}
		return out, nil
	case "textDocument/documentHighlight":
		var p protocol.DocumentHighlightParams
		doc, off, err := position(&p, &p.TextDocumentPositionParams)
		if doc == nil {
			return nil, err
		}
		out := []protocol.DocumentHighlight{}
		for _, h := range ide.Highlights(doc, off) {
			kind := protocol.DocumentHighlightKindRead
			if h.Write {
				kind = protocol.DocumentHighlightKindWrite
			}
			out = append(out, protocol.DocumentHighlight{Range: rangeOf(doc, h.Range), Kind: kind})
		}
		return out, nil
	case "textDocument/prepareRename":
		var p protocol.PrepareRenameParams
		doc, off, err := position(&p, &p.TextDocumentPositionParams)
		if doc == nil {
			return nil, err
		}
		r, err := ide.PrepareRename(doc, off)
		if err != nil {
			return nil, jsonrpc2.NewError(codeRequestFailed, err.Error())
		}
		pr := rangeOf(doc, r)
		return &pr, nil
	case "textDocument/rename":
		var p protocol.RenameParams
		doc, off, err := position(&p, &p.TextDocumentPositionParams)
		if doc == nil {
			return nil, err
		}
		edits, err := ide.Rename(doc, off, p.NewName)
		if err != nil {
			return nil, jsonrpc2.NewError(codeRequestFailed, err.Error())
		}
		return &protocol.WorkspaceEdit{Changes: map[protocol.DocumentURI][]protocol.TextEdit{p.TextDocument.URI: textEdits(doc, edits)}}, nil
	}

	// Requests about a whole document.
	var td struct {
		TextDocument protocol.TextDocumentIdentifier `json:"textDocument"`
	}
	if strings.HasPrefix(method, "textDocument/") {
		if err := unmarshal(params, &td); err != nil {
			return nil, err
		}
	}
	doc := docs[td.TextDocument.URI]
	switch method {
	case "textDocument/documentSymbol":
		if doc == nil {
			return nil, nil
		}
		return documentSymbols(doc, ide.Symbols(doc)), nil
	case "textDocument/semanticTokens/full", "textDocument/semanticTokens/range":
		if doc == nil {
			return nil, nil
		}
		start, end := 0, -1
		if method == "textDocument/semanticTokens/range" {
			var p protocol.SemanticTokensRangeParams
			if err := unmarshal(params, &p); err != nil {
				return nil, err
			}
			start, end = offsetOf(doc, p.Range.Start), offsetOf(doc, p.Range.End)
		}
		return &protocol.SemanticTokens{Data: encodeTokens(doc, ide.SemanticTokens(doc, start, end))}, nil
	case "textDocument/formatting":
		if doc == nil {
			return nil, nil
		}
		edits, err := ide.Format(doc)
		if err != nil {
			s.logf("%v", err)
			return []protocol.TextEdit{}, nil // a file with syntax errors is left as it is
		}
		return textEdits(doc, edits), nil
	case "textDocument/codeAction":
		var p protocol.CodeActionParams
		if err := unmarshal(params, &p); err != nil {
			return nil, err
		}
		if doc == nil {
			return nil, nil
		}
		out := []protocol.CodeAction{}
		for _, a := range ide.ActionsFor(s.diagnostics(td.TextDocument.URI, doc, box), offsetOf(doc, p.Range.Start), offsetOf(doc, p.Range.End)) {
			out = append(out, protocol.CodeAction{
				Title: a.Title, Kind: protocol.QuickFix, IsPreferred: a.Preferred,
				Diagnostics: []protocol.Diagnostic{diagnostic(doc, p.TextDocument.URI, a.Diagnostic)},
				Edit:        &protocol.WorkspaceEdit{Changes: map[protocol.DocumentURI][]protocol.TextEdit{p.TextDocument.URI: textEdits(doc, a.Edits)}},
			})
		}
		return out, nil
	case "textDocument/codeLens":
		if doc == nil {
			return nil, nil
		}
		out := []protocol.CodeLens{}
		for _, l := range ide.Lenses(doc) {
			out = append(out, protocol.CodeLens{
				Range:   rangeOf(doc, l.Range),
				Command: &protocol.Command{Title: "▶ Run " + l.Workflow, Command: RunWorkflowCommand, Arguments: []any{td.TextDocument.URI}},
			})
			if c, ok := reg.(InFlightCounter); ok {
				if n, ok := c.InFlight(l.Workflow); ok {
					out = append(out, protocol.CodeLens{Range: rangeOf(doc, l.Range), Command: &protocol.Command{Title: inFlightTitle(n)}})
				}
			}
		}
		return out, nil
	case "textDocument/foldingRange":
		if doc == nil {
			return nil, nil
		}
		out := []protocol.FoldingRange{}
		for _, f := range ide.FoldingRanges(doc) {
			fr := protocol.FoldingRange{StartLine: uint32(f.StartLine), EndLine: uint32(f.EndLine)}
			if f.Comment {
				fr.Kind = protocol.CommentFoldingRange
			}
			out = append(out, fr)
		}
		return out, nil
	case "textDocument/selectionRange":
		var p protocol.SelectionRangeParams
		if err := unmarshal(params, &p); err != nil {
			return nil, err
		}
		if doc == nil {
			return nil, nil
		}
		out := []protocol.SelectionRange{}
		for _, pos := range p.Positions {
			rs := ide.SelectionRanges(doc, offsetOf(doc, pos))
			var sel *protocol.SelectionRange
			for i := len(rs) - 1; i >= 0; i-- {
				sel = &protocol.SelectionRange{Range: rangeOf(doc, rs[i]), Parent: sel}
			}
			if sel == nil {
				sel = &protocol.SelectionRange{Range: protocol.Range{Start: pos, End: pos}}
			}
			out = append(out, *sel)
		}
		return out, nil
	case "textDocument/inlayHint":
		var p inlayHintParams
		if err := unmarshal(params, &p); err != nil {
			return nil, err
		}
		if doc == nil {
			return nil, nil
		}
		out := []inlayHint{}
		for _, h := range ide.InlayHints(doc, offsetOf(doc, p.Range.Start), offsetOf(doc, p.Range.End)) {
			ih := inlayHint{Position: positionOf(doc, h.Pos.Offset), Label: h.Label}
			if h.Kind == ide.InlayParameter {
				ih.Kind, ih.PaddingRight = inlayKindParameter, true
			} else {
				ih.Kind, ih.PaddingLeft = inlayKindType, true
			}
			out = append(out, ih)
		}
		return out, nil
	case "workspace/symbol":
		var p protocol.WorkspaceSymbolParams
		if err := unmarshal(params, &p); err != nil {
			return nil, err
		}
		out := []protocol.SymbolInformation{}
		if reg == nil {
			return out, nil
		}
		q := strings.ToLower(p.Query)
		for _, w := range reg.Workflows() {
			if w.Path == "" || !strings.Contains(strings.ToLower(w.Name), q) {
				continue
			}
			out = append(out, protocol.SymbolInformation{Name: w.Name, Kind: protocol.SymbolKindFile, Location: protocol.Location{URI: pathURI(s.root, w.Path)}})
		}
		return out, nil
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	return nil, jsonrpc2.Errorf(jsonrpc2.MethodNotFound, "method not found: %s", method)
}

// RunWorkflowCommand is the editor command a "Run" code lens invokes with the document's URI
// (the VS Code extension's "Rhythm: Run Workflow").
const RunWorkflowCommand = "rhythm.runWorkflow"

// markdown wraps documentation, nil when empty.
func markdown(s string) *protocol.MarkupContent {
	if s == "" {
		return nil
	}
	return &protocol.MarkupContent{Kind: protocol.Markdown, Value: s}
}

// completion converts the completion items at off; snippets are left out for clients that
// do not support them.
func completion(doc *ide.Document, off int, reg ide.Registry, snippets bool) *completionList {
	items := ide.Complete(doc, off, reg)
	out := &completionList{Items: make([]completionItem, 0, len(items))}
	for i, it := range items {
		if it.Snippet && !snippets {
			continue
		}
		ci := completionItem{
			Label: it.Label, Kind: completionKind(it.Kind), Detail: it.Detail, Documentation: markdown(it.Doc),
			SortText: sortText(i), TextEdit: &protocol.TextEdit{Range: rangeOf(doc, it.Replace), NewText: it.Insert},
			InsertTextFormat: protocol.InsertTextFormatPlainText,
		}
		if it.Snippet {
			ci.InsertTextFormat = protocol.InsertTextFormatSnippet
		}
		out.Items = append(out.Items, ci)
	}
	return out
}

// sortText keeps the server's order: a fixed-width index.
func sortText(i int) string {
	const digits = "0123456789"
	b := []byte("00000")
	for k := len(b) - 1; k >= 0 && i > 0; k-- {
		b[k] = digits[i%10]
		i /= 10
	}
	return string(b)
}

// completionKind converts a completion kind.
func completionKind(k ide.CompletionKind) protocol.CompletionItemKind {
	switch k {
	case ide.CompleteKeyword:
		return protocol.CompletionItemKindKeyword
	case ide.CompleteSnippet:
		return protocol.CompletionItemKindSnippet
	case ide.CompleteVariable:
		return protocol.CompletionItemKindVariable
	case ide.CompleteConstant:
		return protocol.CompletionItemKindConstant
	case ide.CompleteFunction:
		return protocol.CompletionItemKindFunction
	case ide.CompleteMethod:
		return protocol.CompletionItemKindMethod
	case ide.CompleteProperty:
		return protocol.CompletionItemKindProperty
	case ide.CompleteNamespace:
		return protocol.CompletionItemKindModule
	case ide.CompleteField:
		return protocol.CompletionItemKindField
	case ide.CompleteTask:
		return protocol.CompletionItemKindEvent
	case ide.CompleteWorkflow:
		return protocol.CompletionItemKindFile
	}
	return protocol.CompletionItemKindValue
}

// documentSymbols converts the outline.
func documentSymbols(doc *ide.Document, ss []ide.Symbol) []protocol.DocumentSymbol {
	out := make([]protocol.DocumentSymbol, 0, len(ss))
	for _, s := range ss {
		out = append(out, protocol.DocumentSymbol{
			Name: s.Name, Detail: s.Detail, Kind: symbolKind(s.Kind),
			Range: rangeOf(doc, s.Range), SelectionRange: rangeOf(doc, s.Selection),
			Children: documentSymbols(doc, s.Children),
		})
	}
	return out
}

// symbolKind converts a symbol kind.
func symbolKind(k ide.SymbolKind) protocol.SymbolKind {
	switch k {
	case ide.SymbolVariable:
		return protocol.SymbolKindVariable
	case ide.SymbolConstant:
		return protocol.SymbolKindConstant
	case ide.SymbolBlock:
		return protocol.SymbolKindNamespace
	case ide.SymbolTask:
		return protocol.SymbolKindEvent
	case ide.SymbolWorkflow:
		return protocol.SymbolKindModule
	case ide.SymbolSignal:
		return protocol.SymbolKindEvent
	case ide.SymbolTimer:
		return protocol.SymbolKindEvent
	}
	return protocol.SymbolKindFunction
}

// encodeTokens writes semantic tokens in the protocol's relative encoding (line delta, start
// delta, length, type, modifiers; lengths and starts in UTF-16 units).
func encodeTokens(doc *ide.Document, ts []ide.SemToken) []uint32 {
	sort.SliceStable(ts, func(i, j int) bool { return ts[i].Range.Start.Offset < ts[j].Range.Start.Offset })
	out := make([]uint32, 0, 5*len(ts))
	var line, char uint32
	for _, t := range ts {
		s, e := positionOf(doc, t.Range.Start.Offset), positionOf(doc, t.Range.End.Offset)
		if e.Line != s.Line || e.Character <= s.Character {
			continue
		}
		dl := s.Line - line
		dc := s.Character
		if dl == 0 {
			dc = s.Character - char
		}
		out = append(out, dl, dc, e.Character-s.Character, uint32(t.Type), uint32(t.Modifiers))
		line, char = s.Line, s.Character
	}
	return out
}

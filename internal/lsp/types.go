package lsp

import (
	"encoding/json"

	"go.lsp.dev/protocol"
)

// changeEvent is a content change of textDocument/didChange: a range edit, or the whole text
// when Range is absent (protocol v0.12.0 cannot tell the two apart).
type changeEvent struct {
	Range *protocol.Range `json:"range,omitempty"`
	Text  string          `json:"text"`
}

// didChangeParams are the parameters of textDocument/didChange.
type didChangeParams struct {
	TextDocument   protocol.VersionedTextDocumentIdentifier `json:"textDocument"`
	ContentChanges []changeEvent                            `json:"contentChanges"`
}

// serverCapabilities adds the capabilities protocol v0.12.0 does not declare.
type serverCapabilities struct {
	protocol.ServerCapabilities
	InlayHintProvider      bool                   `json:"inlayHintProvider,omitempty"`
	SemanticTokensProvider *semanticTokensOptions `json:"semanticTokensProvider,omitempty"`
}

// initializeResult is the result of initialize.
type initializeResult struct {
	Capabilities serverCapabilities   `json:"capabilities"`
	ServerInfo   *protocol.ServerInfo `json:"serverInfo,omitempty"`
}

// semanticTokensOptions declares semantic tokens with their legend.
type semanticTokensOptions struct {
	Legend semanticTokensLegend `json:"legend"`
	Range  bool                 `json:"range"`
	Full   bool                 `json:"full"`
}

// semanticTokensLegend names the token types and modifiers by index.
type semanticTokensLegend struct {
	TokenTypes     []string `json:"tokenTypes"`
	TokenModifiers []string `json:"tokenModifiers"`
}

// inlayHintParams are the parameters of textDocument/inlayHint (LSP 3.17).
type inlayHintParams struct {
	TextDocument protocol.TextDocumentIdentifier `json:"textDocument"`
	Range        protocol.Range                  `json:"range"`
}

// inlayHint is one inlay hint (LSP 3.17).
type inlayHint struct {
	Position     protocol.Position `json:"position"`
	Label        string            `json:"label"`
	Kind         int               `json:"kind,omitempty"` // 1 type, 2 parameter
	PaddingLeft  bool              `json:"paddingLeft,omitempty"`
	PaddingRight bool              `json:"paddingRight,omitempty"`
}

// Inlay hint kinds of the protocol.
const (
	inlayKindType      = 1
	inlayKindParameter = 2
)

// parameterInformation has a plain string label (protocol v0.12.0's type has none).
type parameterInformation struct {
	Label         string                  `json:"label"`
	Documentation *protocol.MarkupContent `json:"documentation,omitempty"`
}

// signatureInformation is one signature of a signature help result.
type signatureInformation struct {
	Label           string                  `json:"label"`
	Documentation   *protocol.MarkupContent `json:"documentation,omitempty"`
	Parameters      []parameterInformation  `json:"parameters,omitempty"`
	ActiveParameter uint32                  `json:"activeParameter"`
}

// signatureHelp is the result of textDocument/signatureHelp (always sending the active
// parameter, which v0.12.0 omits when it is 0).
type signatureHelp struct {
	Signatures      []signatureInformation `json:"signatures"`
	ActiveSignature uint32                 `json:"activeSignature"`
	ActiveParameter uint32                 `json:"activeParameter"`
}

// completionItem is one completion item, with an explicit text edit.
type completionItem struct {
	Label            string                      `json:"label"`
	Kind             protocol.CompletionItemKind `json:"kind,omitempty"`
	Detail           string                      `json:"detail,omitempty"`
	Documentation    *protocol.MarkupContent     `json:"documentation,omitempty"`
	SortText         string                      `json:"sortText,omitempty"`
	FilterText       string                      `json:"filterText,omitempty"`
	InsertTextFormat protocol.InsertTextFormat   `json:"insertTextFormat,omitempty"`
	TextEdit         *protocol.TextEdit          `json:"textEdit,omitempty"`
}

// completionList is the result of textDocument/completion.
type completionList struct {
	IsIncomplete bool             `json:"isIncomplete"`
	Items        []completionItem `json:"items"`
}

// cancelParams are the parameters of $/cancelRequest.
type cancelParams struct {
	ID any `json:"id"`
}

// Error codes of the Language Server Protocol that jsonrpc2 v0.10.0 does not name.
const (
	codeRequestCancelled = -32800
	codeRequestFailed    = -32803
)

// initializeParams are the parts of initialize's parameters the server reads. They are
// decoded leniently: the client capabilities are read field by field, so that a client
// sending a shape this server does not expect still gets a session.
type initializeParams struct {
	RootURI          string `json:"rootUri"`
	RootPath         string `json:"rootPath"`
	WorkspaceFolders []struct {
		URI string `json:"uri"`
	} `json:"workspaceFolders"`
	Capabilities          json.RawMessage `json:"capabilities"`
	InitializationOptions json.RawMessage `json:"initializationOptions"`
}

// clientCapabilities are the client capabilities the server uses.
type clientCapabilities struct {
	Workspace struct {
		Configuration         bool `json:"configuration"`
		DidChangeWatchedFiles struct {
			DynamicRegistration bool `json:"dynamicRegistration"`
		} `json:"didChangeWatchedFiles"`
		CodeLens struct {
			RefreshSupport bool `json:"refreshSupport"`
		} `json:"codeLens"`
	} `json:"workspace"`
	TextDocument struct {
		Completion struct {
			CompletionItem struct {
				SnippetSupport bool `json:"snippetSupport"`
			} `json:"completionItem"`
		} `json:"completion"`
	} `json:"textDocument"`
	Window struct {
		WorkDoneProgress bool `json:"workDoneProgress"`
	} `json:"window"`
}

// registration is one dynamic registration of client/registerCapability.
type registration struct {
	ID              string `json:"id"`
	Method          string `json:"method"`
	RegisterOptions any    `json:"registerOptions,omitempty"`
}

// fileWatcher is one watcher of workspace/didChangeWatchedFiles registration options.
type fileWatcher struct {
	GlobPattern string `json:"globPattern"`
}

// progress is the value of a $/progress notification for work done progress.
type progress struct {
	Kind    string `json:"kind"` // "begin", "report" or "end"
	Title   string `json:"title,omitempty"`
	Message string `json:"message,omitempty"`
}

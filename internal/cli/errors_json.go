package cli

import (
	"encoding/json"
	"strings"
)

// errorMessage reads an execution's error object ({code?, message, ...}) as "code: message".
func errorMessage(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var e struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	}
	if json.Unmarshal(raw, &e) != nil || (e.Code == "" && e.Message == "") {
		return strings.Join(strings.Fields(string(raw)), " ")
	}
	if e.Code == "" {
		return e.Message
	}
	return e.Code + ": " + e.Message
}

// Package workflows embeds the quickstart's workflow sources, so the quickstart's programs find
// them wherever they run from.
package workflows

import "embed"

// FS holds the .flow files of this folder.
//
//go:embed *.flow
var FS embed.FS

// Package workflows embeds the fan-out example's workflow sources.
package workflows

import "embed"

// FS holds the .flow files of this folder.
//
//go:embed *.flow
var FS embed.FS

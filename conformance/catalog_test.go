package conformance

import (
	"strings"
	"testing"

	"github.com/rhythmflow/rhythm/lang/catalog"
)

// specBuiltins lists every built-in that spec §6–8 names (and §12.19's sort), as qualified
// catalogue names.
var specBuiltins = strings.Fields(`
	Inputs Context Context.executionId Context.workflow Context.version Context.startedAt Context.parentId
	Task.run Workflow.run Timer.delay Timer.until Signal.next
	Promise.all Promise.allSettled Promise.any Promise.race Promise.any_kv Promise.race_kv
	Math.abs Math.ceil Math.floor Math.round Math.trunc Math.sign Math.min Math.max Math.pow Math.sqrt
	Math.log Math.log2 Math.log10 Math.exp Math.PI Math.E Math.random
	Date.now Time.now JSON.stringify JSON.parse
	Object.keys Object.values Object.entries Object.fromEntries Object.assign Array.isArray
	String Number Boolean parseInt parseFloat isNaN Number.isInteger
	string.length string.at string.charAt string.includes string.indexOf string.lastIndexOf
	string.startsWith string.endsWith string.slice string.substring string.toUpperCase
	string.toLowerCase string.trim string.trimStart string.trimEnd string.padStart string.padEnd
	string.repeat string.replace string.replaceAll string.split string.concat
	array.length array.at array.concat array.flat array.includes array.indexOf array.lastIndexOf
	array.join array.slice array.reverse array.push array.pop array.shift array.unshift array.splice
	array.sort console.log`)

// TestCatalogueHasSpecBuiltins pins §8 "Each built-in has a signature in the catalogue": every
// built-in the spec names is in the one table.
func TestCatalogueHasSpecBuiltins(t *testing.T) {
	t.Parallel()
	for _, name := range specBuiltins {
		if _, ok := catalog.Lookup(name); !ok {
			t.Errorf("catalog.Lookup(%q): missing", name)
		}
	}
}

// Package conformance holds the spec-conformance suite of the Flow language: one test per
// sentence of /spec/language.md (§1–8, §10–12), run through the public APIs only
// (memrun.Run, lang.Analyze, format.Source). It has no code of its own, only tests.
//
// Cases live in testdata/*.txtar. A case is a group of archive files sharing a NAME prefix:
//
//	NAME.spec         the spec section and sentence the case checks (required)
//	NAME.flow         the program (required)
//	NAME.mocks.json   mocks for memrun (optional)
//	NAME.inputs.json  the workflow's Inputs (optional)
//	NAME.options.json {"maxSteps": N, "maxSize": N} (optional)
//	NAME.known.json   {"tasks": [...], "workflows": [...]}: the registry the checker knows (optional)
//	NAME.CHILD.child.flow a child workflow CHILD, next to the program, run for real by
//	                  Workflow.run("CHILD") when it has no mock (optional)
//	NAME.want         a run's result: `completed JSON` (the output, compared byte for byte after
//	                  compaction, so key order and number forms count) or `failed JSON` (an
//	                  object whose keys must all be in the error with equal values; a string
//	                  value "~text" only requires the error's string to contain text)
//	NAME.calls        the run's calls list, as JSON (optional, exact)
//	NAME.logs         the run's log lines, one per line (optional, exact)
//	NAME.diags        expected diagnostics of lang.Analyze, one per line: `LINE[:COL][-ENDLINE:ENDCOL]
//	                  SEVERITY CODE [fix]` (the end is exclusive; fix: the diagnostic suggests a
//	                  fix); every line must be matched and no other error may be reported;
//	                  `none`: no diagnostic at all
//	NAME.fmt          the expected output of format.Source (or `refused` for a refusal)
//
// Every run case runs twice, straight through and with a snapshot at every suspension, and
// both results must be identical (the spec's invariant). Cases the implementation does not
// pass yet live in testdata/failing/, run with `go test ./conformance/ -args -dir
// testdata/failing`.
package conformance

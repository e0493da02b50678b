#!/usr/bin/env bash
# The project's whole test suite: vet, the grammar checks (regenerate grammar/src with the
# tree-sitter CLI and require no difference; corpus and highlight tests), every Go test under the
# race detector (PostgreSQL-backed ones on throwaway clusters, the headless Neovim LSP test), the
# editor extension tests and package, and a run of the goja comparison benchmarks. Installs the
# tree-sitter CLI with scripts/install-tree-sitter.sh when absent. Needs PostgreSQL server
# binaries, Neovim, Node 20 + npm, Go and a C compiler (.ci/run installs them on a fresh machine).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== go vet"
go vet ./...

echo "== grammar"
bash grammar/check.sh

echo "== go test -race"
go test -race -count=1 -timeout 8m ./...

echo "== editors (VS Code extension tests and package, headless Neovim)"
sh editors/check.sh --package

echo "== benchmark module (builds, and each benchmark runs once with its result checked)"
(cd bench/goja && go vet ./... && go test -count=1 -run '^$' -bench . -benchtime 1x ./...)
(cd bench/queues && go vet ./...)

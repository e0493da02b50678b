#!/usr/bin/env bash
# The project's whole test suite: vet, every Go test under the race detector, and the grammar
# checks (regenerate grammar/src with the tree-sitter CLI and require no difference; corpus and
# highlight tests). Installs the tree-sitter CLI with scripts/install-tree-sitter.sh when absent.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== go vet"
go vet ./...

echo "== grammar"
bash grammar/check.sh

echo "== go test -race"
go test -race -count=1 ./...

echo "== benchmark module (builds, and each benchmark runs once with its result checked)"
(cd bench/goja && go vet ./... && go test -count=1 -run '^$' -bench . -benchtime 1x ./...)

#!/bin/sh
# Checks every query file with the Neovim on PATH (0.7-era runtimes load parsers up to ABI 14,
# so the parser is regenerated for ABI 14 in a temporary copy of the grammar).
# Usage: check-queries.sh TREE_SITTER_CLI
set -eu
ts=$1
grammar=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r "$grammar/grammar.js" "$grammar/tree-sitter.json" "$grammar/src" "$tmp/"
(cd "$tmp" && "$ts" generate --abi 14 >/dev/null)
${CC:-cc} -shared -fPIC -O1 -I "$tmp/src" "$tmp/src/parser.c" "$tmp/src/scanner.c" -o "$tmp/flow.so"
status=0
FLOW_PARSER="$tmp/flow.so" FLOW_GRAMMAR="$grammar" \
  nvim --headless -u NONE -c "luafile $grammar/test/neovim/check-queries.lua" >"$tmp/out" 2>&1 || status=$?
tr '\r' '\n' <"$tmp/out" | grep -v '^$' || true
if [ "$status" -ne 0 ]; then
  echo "check-queries.sh: Neovim rejected a query (exit $status)" >&2
  exit 1
fi

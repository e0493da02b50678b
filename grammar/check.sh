#!/bin/sh
# Regenerates the Flow parser, fails if the committed grammar/src differs from what
# grammar.js produces, then runs the corpus and highlight tests.
#
# The tree-sitter CLI is taken from $TREE_SITTER, else PATH, else /opt/tree-sitter-cli/bin,
# else installed with scripts/install-tree-sitter.sh into ${XDG_CACHE_HOME:-$HOME/.cache}.
# `node` must be on PATH (tree-sitter generate evaluates grammar.js with it).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)

ts=${TREE_SITTER:-}
if [ -z "$ts" ]; then
  if command -v tree-sitter >/dev/null 2>&1; then
    ts=$(command -v tree-sitter)
  elif [ -x /opt/tree-sitter-cli/bin/tree-sitter ]; then
    ts=/opt/tree-sitter-cli/bin/tree-sitter
  else
    dest=${XDG_CACHE_HOME:-$HOME/.cache}/tree-sitter-cli
    if [ ! -x "$dest/bin/tree-sitter" ]; then
      "$root/scripts/install-tree-sitter.sh" "$dest"
    fi
    ts=$dest/bin/tree-sitter
  fi
fi
command -v node >/dev/null 2>&1 || { echo "check.sh: node is required on PATH" >&2; exit 1; }

cd "$here"
echo "== $("$ts" --version)"
echo "== tree-sitter generate"
"$ts" generate
sh "$here/bindings/go/hash.sh"
node "$here/nodes.js"
generated="grammar/src grammar/bindings/go/grammar_hash.go grammar/NODES.md"
# shellcheck disable=SC2086
if ! git -C "$root" diff --exit-code --stat -- $generated; then
  echo "check.sh: generated files are out of date: run 'tree-sitter generate', bindings/go/hash.sh and node nodes.js in grammar/ and commit" >&2
  exit 1
fi
# shellcheck disable=SC2086
if [ -n "$(git -C "$root" status --porcelain -- $generated)" ]; then
  git -C "$root" status --porcelain -- $generated >&2
  echo "check.sh: generated files are not committed" >&2
  exit 1
fi
echo "== tree-sitter test"
"$ts" test

if command -v nvim >/dev/null 2>&1 && command -v "${CC:-cc}" >/dev/null 2>&1; then
  echo "== Neovim query check ($(nvim --version | head -1))"
  sh "$here/test/neovim/check-queries.sh" "$ts"
else
  echo "== Neovim query check skipped: nvim or a C compiler is not installed"
fi

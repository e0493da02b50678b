#!/bin/sh
# Headless Neovim end-to-end test of editors/neovim: filetype detection, setup(), the language
# server attaching, diagnostics, completion, hover and edits; setup() with Neovim 0.11's API,
# nvim-lspconfig and nvim-treesitter (recording stand-ins).
#
#   RHYTHM_LSP=/path/to/rhythm-lsp editors/neovim/test/run.sh
#
# Without RHYTHM_LSP the server is built from this repository first (go build ./cmd/rhythm-lsp).
# Needs nvim (0.7 or newer) on PATH, or NVIM=/path/to/nvim. Also checks that the plugin's copies
# of the tree-sitter queries match grammar/queries.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
nvim=${NVIM:-nvim}

"$here/../scripts/sync-queries.sh" --check

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
if [ -z "${RHYTHM_LSP:-}" ]; then
  (cd "$root" && go build -o "$tmp/rhythm-lsp" ./cmd/rhythm-lsp)
  RHYTHM_LSP="$tmp/rhythm-lsp"
fi
export RHYTHM_LSP

env="HOME=$tmp XDG_CONFIG_HOME=$tmp/config XDG_DATA_HOME=$tmp/data XDG_STATE_HOME=$tmp/state"

# setup() on the paths this Neovim cannot take itself (0.11 API, lspconfig, nvim-treesitter).
env $env timeout 60 "$nvim" --headless -u "$here/init.lua" -i NONE -c "luafile $here/setup_test.lua"

# The test data is copied so that edits and state never touch the repository.
cp -R "$here/testdata" "$tmp/work"
cd "$tmp/work"
env $env timeout 60 "$nvim" --headless -u "$here/init.lua" -i NONE -n undeclared.flow \
  -c "luafile $here/lsp_test.lua"

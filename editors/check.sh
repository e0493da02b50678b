#!/bin/sh
# Everything CI checks for editors/, in one command (run from anywhere):
#
#   editors/check.sh            # VS Code tests + headless Neovim test
#   editors/check.sh --package  # also build the linux-x64 .vsix with the bundled server
#
# Needs node >= 20 with npm, nvim (Debian's 0.7.2 is enough), go and a C compiler. RHYTHM_LSP may
# name an already built server; otherwise one is built into a temporary folder.
set -eu
editors=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$editors/.." && pwd)
package=0
[ "${1:-}" = "--package" ] && package=1

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
if [ -z "${RHYTHM_LSP:-}" ]; then
  echo "== go build ./cmd/rhythm-lsp"
  (cd "$root" && go build -o "$tmp/rhythm-lsp" ./cmd/rhythm-lsp)
  RHYTHM_LSP="$tmp/rhythm-lsp"
fi
export RHYTHM_LSP

echo "== editors/vscode: npm ci"
cd "$editors/vscode"
npm ci --no-audit --no-fund
echo "== editors/vscode: npm test"
npm test
if [ $package = 1 ]; then
  echo "== editors/vscode: npm run package"
  npm run package
fi

echo "== editors/neovim: test/run.sh"
"$editors/neovim/test/run.sh"
echo "editors: all checks passed"

#!/bin/sh
# Checks that the Emacs (eglot) configuration printed in docs/editors.md works: the first
# ```elisp block of the page is loaded into a batch Emacs, which opens a .flow file with an
# undeclared variable and must receive the diagnostic from rhythm-lsp.
#
#   RHYTHM_LSP=/path/to/rhythm-lsp editors/emacs/test/run.sh
#
# Needs Emacs 28+ with eglot (Debian: apt-get install -y emacs-nox elpa-eglot). Without
# RHYTHM_LSP the server is built first.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$tmp/bin" "$tmp/work"
if [ -n "${RHYTHM_LSP:-}" ]; then
  cp "$RHYTHM_LSP" "$tmp/bin/rhythm-lsp"
else
  (cd "$root" && go build -o "$tmp/bin/rhythm-lsp" ./cmd/rhythm-lsp)
fi
awk '/^```elisp/ { inside = 1; next } /^```/ { if (inside) exit } inside' "$root/docs/editors.md" >"$tmp/work/snippet.el"
if ! [ -s "$tmp/work/snippet.el" ]; then
  echo "run.sh: no elisp block in docs/editors.md" >&2
  exit 1
fi
cp "$root/editors/neovim/test/testdata/undeclared.flow" "$here/eglot-test.el" "$tmp/work/"
cd "$tmp/work"
status=0
HOME="$tmp" PATH="$tmp/bin:$PATH" timeout 60 emacs --batch -Q -l eglot-test.el >"$tmp/out" 2>&1 || status=$?
grep -v '^Loading' "$tmp/out" || true
exit $status

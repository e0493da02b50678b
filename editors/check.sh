#!/bin/sh
# Everything CI checks for editors/, in one command (run from anywhere):
#
#   editors/check.sh            # VS Code tests + headless Neovim test
#   editors/check.sh --package  # also build the .vsix files with the bundled server
#
# Needs node >= 20 with npm, nvim (Debian's 0.7.2 is enough), go and a C compiler. RHYTHM_LSP may
# name an already built server; otherwise one is built into a temporary folder.
#
# --package builds the host's .vsix (linux-x64) and, with their C cross compilers installed (the
# server uses cgo), those of win32-x64 (x86_64-w64-mingw32-gcc), linux-arm64
# (aarch64-linux-gnu-gcc) and alpine-x64 (musl-gcc); `RHYTHM_CROSS=require` makes a missing one
# an error (CI installs them). Each packaged server that this machine can run is started and
# must answer the LSP handshake (linux-arm64 through qemu-aarch64-static).
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
  targets="--target linux-x64"
  for spec in win32-x64:x86_64-w64-mingw32-gcc linux-arm64:aarch64-linux-gnu-gcc alpine-x64:musl-gcc; do
    target=${spec%%:*}
    cc=${spec#*:}
    if command -v "$cc" >/dev/null 2>&1; then
      targets="$targets --target $target"
      export "CC_$(echo "$target" | tr 'a-z-' 'A-Z_')=$cc"
    elif [ "${RHYTHM_CROSS:-}" = require ]; then
      echo "editors: $cc not found: it builds the $target server (apt-get install the cross compiler)" >&2
      exit 1
    else
      echo "== editors/vscode: $target skipped ($cc not installed)"
    fi
  done
  echo "== editors/vscode: npm run package $targets"
  # shellcheck disable=SC2086 # one word per target flag
  npm run package -- $targets
  version=$(node -p 'require("./package.json").version')
  for vsix in dist/*-"$version".vsix; do
    target=$(basename "$vsix" .vsix)
    target=${target#rhythm-}
    target=${target%-"$version"}
    rm -rf "$tmp/vsix" && mkdir -p "$tmp/vsix"
    (cd "$tmp/vsix" && unzip -q "$editors/vscode/$vsix")
    bin="$tmp/vsix/extension/bin/$target/rhythm-lsp"
    case $target in
      linux-x64|alpine-x64) node scripts/smoke-server.mjs "$bin" ;;
      linux-arm64)
        if command -v qemu-aarch64-static >/dev/null 2>&1; then
          node scripts/smoke-server.mjs qemu-aarch64-static -L /usr/aarch64-linux-gnu "$bin"
        elif [ "${RHYTHM_CROSS:-}" = require ]; then
          echo "editors: qemu-aarch64-static not found: it runs the linux-arm64 server" >&2
          exit 1
        fi ;;
      win32-x64)
        file "$bin.exe" | grep -q 'PE32+ executable.*x86-64' || { echo "editors: $vsix: the server is not a Windows x64 executable" >&2; exit 1; } ;;
    esac
  done
fi

echo "== editors/neovim: test/run.sh"
"$editors/neovim/test/run.sh"
echo "editors: all checks passed"

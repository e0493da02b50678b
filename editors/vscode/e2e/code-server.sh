#!/bin/sh
# Opt-in end-to-end test of the extension in a real VS Code (code-server in headless Chromium).
# Not part of CI: it downloads several hundred megabytes and takes minutes.
#
#   editors/vscode/e2e/code-server.sh
#
# What it does:
#   1. installs chromium and libkrb5-dev with apt-get when missing (needs root; code-server's
#      native modules build against libkrb5);
#   2. installs Node 24 (code-server's engine), code-server 4 and playwright-core from npm into
#      $RHYTHM_E2E_DIR (default ~/.cache/rhythm-e2e), outside the repository;
#   3. builds the platform .vsix with `npm run package` (bundling rhythm-lsp) and installs it;
#   4. starts code-server on 127.0.0.1 without authentication on a workspace holding a .flow
#      file with an undeclared variable;
#   5. drives it with drive.mjs: the file opens in language mode Rhythm with TextMate colours,
#      the server reports the undeclared variable (error squiggle and Problems count),
#      completion after `Math.fl` offers `floor`, the Rhythm commands are in the palette, Restart
#      brings the diagnostics back, Run Workflow validates its inputs and runs the CLI as a task,
#      and the server's "Run" code lens invokes it.
# Exits non-zero on any failure; screenshots of failures go to $RHYTHM_E2E_DIR/shots/, the
# server's log to $RHYTHM_E2E_DIR/rhythm-lsp.log.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
ext=$(cd "$here/.." && pwd)
work=${RHYTHM_E2E_DIR:-$HOME/.cache/rhythm-e2e}
port=${RHYTHM_E2E_PORT:-18080}
mkdir -p "$work"

if ! command -v chromium >/dev/null 2>&1 || ! [ -e /usr/include/krb5.h ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get install -y chromium libkrb5-dev
  else
    echo "code-server.sh: install chromium and libkrb5-dev first (sudo apt-get install -y chromium libkrb5-dev)" >&2
    exit 2
  fi
fi

# code-server's install script needs its own Node (24) on PATH, and refuses root unless
# unsafe-perm is set.
if ! [ -x "$work/node_modules/node/bin/node" ]; then
  npm install --prefix "$work" --no-audit --no-fund node@24
fi
export PATH="$work/node_modules/node/bin:$work/node_modules/.bin:$PATH"
if ! [ -x "$work/node_modules/.bin/code-server" ]; then
  npm_config_unsafe_perm=true npm install --prefix "$work" --no-audit --no-fund code-server@4 playwright-core@1
fi
node --version

(cd "$ext" && npm run package)
mkdir -p "$work/bin"
(cd "$ext/../.." && go build -o "$work/bin/rhythm" ./cmd/rhythm)
vsix=$(ls -t "$ext"/dist/rhythm-*.vsix | head -n 1)

user="$work/user"
exts="$work/extensions"
ws="$work/workspace"
rm -rf "$user" "$ws" "$work/rhythm-lsp.log"
mkdir -p "$user/User" "$user/Machine" "$ws"
cat >"$user/User/settings.json" <<JSON
{
  "rhythm.cli.path": "$work/bin/rhythm",
  "rhythm.server.args": ["-log", "$work/rhythm-lsp.log"],
  "rhythm.trace.server": "messages",
  "security.workspace.trust.enabled": false,
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "telemetry.telemetryLevel": "off",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false
}
JSON
# code-server is a remote window: settings of machine scope (paths of executables) are read from
# the machine's settings, not the user's.
cp "$user/User/settings.json" "$user/Machine/settings.json"
cat >"$ws/undeclared.flow" <<'FLOW'
// A workflow with one undeclared variable (`missing`).
const order = await Task.run("charge_card", { amount: 10 })
const cents = Math.floor(order.amount * 100)
console.log(missing, cents)
FLOW

code-server --user-data-dir "$user" --extensions-dir "$exts" --install-extension "$vsix" --force

code-server --auth none --bind-addr "127.0.0.1:$port" --disable-telemetry --disable-update-check \
  --user-data-dir "$user" --extensions-dir "$exts" "$ws" >"$work/code-server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT INT TERM

i=0
until curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; do
  i=$((i + 1))
  if [ $i -gt 120 ]; then
    echo "code-server.sh: code-server did not start; log:" >&2
    cat "$work/code-server.log" >&2
    exit 1
  fi
  sleep 0.5
done

NODE_PATH="$work/node_modules" RHYTHM_E2E_URL="http://127.0.0.1:$port/?folder=$ws" \
  RHYTHM_E2E_SHOTS="$work/shots" node "$here/drive.mjs"

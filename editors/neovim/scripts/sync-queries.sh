#!/bin/sh
# Copies the Neovim tree-sitter queries of the grammar into this plugin's runtime folder
# (queries/flow/), or with --check fails when the copies differ from the grammar's files.
#
#   editors/neovim/scripts/sync-queries.sh          # refresh the copies
#   editors/neovim/scripts/sync-queries.sh --check  # CI: exit 1 when they have drifted
#
# Sources: grammar/queries/neovim/*.scm (Neovim capture names), then the files of
# grammar/queries/ that have no Neovim variant because they are identical for Neovim (folds.scm).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
root=$(cd "$here/../.." && pwd)
grammar="$root/grammar/queries"
dest="$here/queries/flow"
check=0
[ "${1:-}" = "--check" ] && check=1

sources() {
  for f in "$grammar"/neovim/*.scm; do echo "$f"; done
  for f in folds.scm; do
    [ -f "$grammar/neovim/$f" ] || echo "$grammar/$f"
  done
}

status=0
mkdir -p "$dest"
expected=""
for src in $(sources); do
  name=$(basename "$src")
  expected="$expected $name"
  if [ $check = 1 ]; then
    if ! cmp -s "$src" "$dest/$name"; then
      echo "editors/neovim/queries/flow/$name differs from ${src#"$root"/}; run editors/neovim/scripts/sync-queries.sh" >&2
      status=1
    fi
  else
    cp "$src" "$dest/$name"
  fi
done
for f in "$dest"/*.scm; do
  [ -e "$f" ] || continue
  name=$(basename "$f")
  case " $expected " in
    *" $name "*) ;;
    *)
      if [ $check = 1 ]; then
        echo "editors/neovim/queries/flow/$name has no source in grammar/queries" >&2
        status=1
      else
        rm "$f"
      fi
      ;;
  esac
done
exit $status

#!/usr/bin/env bash
# Build the site of REV (default: main) and of the working tree, and compare every file:
# a restructuring must leave the site byte-identical. Usage: bash tools/same-site.sh [REV]
set -euo pipefail
cd "$(dirname "$0")/.."
rev=${1:-main}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/base"
git archive "$rev" | tar -x -C "$tmp/base"
export NO_MKDOCS_2_WARNING=1 SOURCE_DATE_EPOCH=1700000000 SITE_URL=http://127.0.0.1:8000/
# The base is built with its own src/ ahead of the installed (editable) lectern.
(cd "$tmp/base" && PYTHONPATH="$tmp/base/src" "$OLDPWD/.venv/bin/mkdocs" build --strict -q --site-dir "$tmp/before")
.venv/bin/mkdocs build --strict -q --site-dir "$tmp/after"
if diff -r -q "$tmp/before" "$tmp/after"; then
  echo "same site: $(find "$tmp/after" -type f | wc -l) files identical ($rev and the working tree)"
else
  exit 1
fi

#!/usr/bin/env bash
# Build REF (default main) and the working tree with this venv and list the files that differ.
# REF's own code is put first on the path (PYTHONPATH), and jieba 0.42.1 beside it when REF still
# names the jieba distribution. Usage: bash tools/compare-with-main.sh [REF]
set -euo pipefail
ref=${1:-main}
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git -C "$root" archive "$ref" | tar -x -C "$tmp" --one-top-level=old
env=(NO_MKDOCS_2_WARNING=1 SOURCE_DATE_EPOCH=1700000000 SITE_URL=http://127.0.0.1:8000/)
path="$tmp/old/src"
if grep -q '^jieba==' "$tmp/old/requirements.lock"; then
  "$root/.venv/bin/pip" install -q --no-deps --target "$tmp/jieba" "$(grep '^jieba==' "$tmp/old/requirements.lock")"
  path="$path:$tmp/jieba"
fi
(cd "$tmp/old" && env "${env[@]}" PYTHONPATH="$path" "$root/.venv/bin/python" -m mkdocs build -q --strict --site-dir "$tmp/site-old")
(cd "$root" && env "${env[@]}" "$root/.venv/bin/mkdocs" build -q --strict --site-dir "$tmp/site-new")
diff -rq "$tmp/site-old" "$tmp/site-new" | sed "s|$tmp/||g" || true

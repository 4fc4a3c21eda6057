#!/usr/bin/env bash
# make verify: a build from the checked-out sources must give pkg/ exactly
# as committed. It runs scripts/build-pkg.sh (which skips the build only
# when pkg/ was built here from the same inputs and is unchanged since:
# scripts/build-inputs.sh), then compares every file of pkg/ with the
# committed one, by git blob id. Untracked or deleted files count too; the
# build's stamp (pkg/.build-inputs, ignored by git) does not.
# On a difference it prints one line listing the files and exits 1.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/build-pkg.sh

if ! git rev-parse --verify -q HEAD >/dev/null; then
  echo "verify: no commit to compare pkg/ with" >&2
  exit 1
fi
# Tracked files whose content differs from HEAD (or that are deleted), and
# files in pkg/ that HEAD does not have.
changed=$(git diff --no-renames --name-only HEAD -- pkg/)
untracked=$(git ls-files --others --exclude-standard -- pkg/)
differ=$(printf '%s\n%s\n' "$changed" "$untracked" | sed '/^$/d' | LC_ALL=C sort -u | paste -sd' ' -)
if [ -n "$differ" ]; then
  echo "verify: a fresh build differs from the committed pkg/ in: $differ; run make build and commit pkg/" >&2
  exit 1
fi
echo "verify: pkg/ is what the sources build ($(git ls-files -- pkg/ | wc -l) files, as committed)"

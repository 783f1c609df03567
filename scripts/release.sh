#!/usr/bin/env bash
# `pnpm release`: version, build and publish with changesets. See "Releasing" in the README.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "release: $*" >&2; exit 1; }
[ "$(git rev-parse --abbrev-ref HEAD)" = main ] || fail "releases are cut from main; you are on $(git rev-parse --abbrev-ref HEAD)"
[ -z "$(git status --porcelain)" ] || fail "the work tree has uncommitted changes; commit or stash them first"

# Bumps versions, writes every package's CHANGELOG.md (the private app and emulator too) and consumes .changeset/*.md.
pnpm exec changeset version
if [ -z "$(git status --porcelain)" ]; then
  echo "release: no changesets, nothing to release"
  exit 0
fi
pnpm install --lockfile-only --silent
git add -A
git commit -q -m "Release: $(node -p 'require("./packages/api/package.json").version') of @hss-reports/api"

# What is published must build, pass publint and attw, and survive the registry round-trip test.
pnpm exec turbo run build lint test --filter=@hss-reports/api
# pnpm publish (catalog: and workspace: rewritten) with access restricted, then tags every released package.
pnpm exec changeset publish
echo "release: published and tagged; push with: git push --follow-tags"

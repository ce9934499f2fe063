#!/bin/sh
# The seed data is consistent (data/seed/check-seed.sh) and the generated
# processes/steps are what gen-processes.sh makes from the templates now.
set -eu
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

sh data/seed/check-seed.sh
cp -R data/seed "$tmp/seed"
sh "$tmp/seed/gen-processes.sh" "$tmp/seed" 2>/dev/null
for f in processes.csv steps.csv; do
	if ! cmp -s "data/seed/$f" "$tmp/seed/$f"; then
		echo "t0050: data/seed/$f is stale: run data/seed/gen-processes.sh" >&2
		exit 1
	fi
done
echo "t0050: seed consistent and generated files up to date"

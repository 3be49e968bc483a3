#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# layering.sh - tools/ never depends on selftests/: no file under tools/
# includes, sources, links or runs anything of selftests/ or of its build
# outputs. Tools, benchmarks and the demo share code through the swap lab
# (tools/lib), which the selftests use too. Runs on the host (check.sh);
# prints each offending line and fails if there is one.
#
# Only documentation may name selftests/: Markdown files, captured example
# output, and comments.
set -u
cd "$(dirname "$0")/.." || exit 2

hits=$(grep -rnI 'selftests' tools/ --exclude='*.md' --exclude='*_example.txt' |
	grep -vE '^[^:]+:[0-9]+:[[:space:]]*(#|//|/\*|\*)')
if [ -n "$hits" ]; then
	echo "tools/ depends on selftests/:"
	sed 's/^/  /' <<<"$hits"
	exit 1
fi
echo "no file under tools/ uses selftests/"

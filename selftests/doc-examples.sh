#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# doc-examples.sh [-l] - run every example command of the documentation,
# as documented, inside the VM (the tools suite runs it). -l only lists
# them, with where each comes from.
#
# An example is a command line of vswapctl, vswapstat, bpftool or bpftrace
# (or a mkdir/rm of a bpffs path next to them):
#   - in a fenced block of README.md, bpf/README.md, tools/vswap/README.md
#     or tools/bpftrace/README.md, with or without a "# " prompt; a usage
#     synopsis (with [OPTIONS] or UPPER-CASE placeholders) is not one;
#   - in the header comment of a policy (bpf/*.bpf.c), "\" continuations
#     joined;
#   - under EXAMPLES in the --help of vswapctl and vswapstat.
# The examples of a README run in order, as a reader would type them; the
# examples of a header comment or of --help are alternatives, each loaded
# on its own (after a `vswapctl unload`). An example whose documented output
# (the next line of its block) is an error must fail; every other one must
# succeed; a tool that runs until Ctrl-C must print its "Hit Ctrl-C" banner
# (within a minute) and stop cleanly on Ctrl-C. Every cgroup an example names is created first.
# Tools run from $VSWAP_BUILD; build/ in a path is $VSWAP_BUILD.
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
. "$repo/tools/lib/swaplab.sh"
tools="vswapctl|vswapstat|bpftool|bpftrace"

# FILE<TAB>LINE<TAB>seq|alt<TAB>must-fail(0|1)<TAB>COMMAND, for a Markdown file.
from_markdown() {
	awk -v file="$1" -v tools="$tools" '
	function flush() { if (cmd != "") print file "\t" line "\tseq\t" fail "\t" cmd; cmd = "" }
	/^```/ { flush(); inblock = !inblock; next }
	!inblock { next }
	{
		text = $0
		prompt = sub(/^# /, "", text)
		if (text ~ "^(" tools ")( |$)" || text ~ /^(mkdir -p|rm) \/sys\/fs\/bpf/) {
			flush()
			sub(/[ \t]+# .*$/, "", text)
			if (text ~ /\[-|[ \t][A-Z][A-Z]+([ \t.\]]|$)/)
				next		# a usage synopsis
			cmd = text; line = NR; fail = 0
			next
		}
		# The documented output of the last command: an error?
		if (cmd != "" && !prompt && $0 ~ /(already|cannot|error|no policy|not a )/)
			fail = 1
		if (!prompt)
			flush()
	}
	END { flush() }' "$1"
}

# The example of a policy's header comment.
from_policy() {
	awk -v file="$1" -v tools="$tools" '
	/^ \*\// { exit }
	{ text = $0; sub(/^ \*[ \t]*/, "", text) }
	cont { cmd = cmd " " text; line = line }
	!cont && text ~ "^(" tools ") " { cmd = text; line = NR }
	{ cont = cmd != "" && cmd ~ /\\$/; if (cont) sub(/[ \t]*\\$/, "", cmd) }
	!cont && cmd != "" { print file "\t" line "\talt\t0\t" cmd; cmd = "" }' "$1"
}

# The EXAMPLES of a tool's --help.
from_help() {
	"$LAB_BUILD/tools/$1" --help 2>&1 | awk -v file="$1 --help" -v tools="$tools" '
	/^EXAMPLES:/ { on = 1; next }
	on && /^  / { text = $0; sub(/^ +/, "", text); sub(/[ \t]+# .*$/, "", text)
		if (text ~ "^(" tools ") ") print file "\t" NR "\talt\t0\t" text; next }
	on { on = 0 }'
}

examples() {
	local f
	for f in README.md bpf/README.md tools/vswap/README.md tools/bpftrace/README.md; do
		from_markdown "$f"
	done
	for f in bpf/*.bpf.c; do
		from_policy "$f"
	done
	from_help vswapctl
	from_help vswapstat
}

# run_example FAIL COMMAND: 0 if it did what its documentation says. A tool
# that traces until Ctrl-C gets one after its banner and one more interval.
run_example() {
	local fail=$1 cmd=$2 out rc cg pid i
	for cg in $(grep -oE '/sys/fs/cgroup/[A-Za-z0-9._/-]+' <<<"$cmd"); do
		mkdir -p "$cg"
	done
	cmd=${cmd//build\//$LAB_BUILD/}
	out=$(mktemp /tmp/example.XXXXXX)
	(cd "$repo" && PATH="$LAB_BUILD/tools:$LAB_BUILD/bpftool:$PATH" exec bash -c "$cmd") \
		>"$out" 2>&1 &
	pid=$!
	for i in $(seq 600); do
		kill -0 $pid 2>/dev/null || break
		if [ "$i" -gt 50 ] && grep -q 'Hit Ctrl-C' "$out"; then
			sleep 6
			pkill -INT -P $pid
			kill -INT $pid 2>/dev/null
			break
		fi
		sleep 0.1
	done
	bounded_wait $pid 30
	rc=$?
	head -n 5 "$out" | sed 's/^/    | /'
	grep -q 'Hit Ctrl-C' "$out" && [ "$rc" -ge 128 ] && rc=0	# stopped by us
	rm -f "$out"
	if [ "$fail" = 1 ]; then
		[ "$rc" != 0 ]
	else
		[ "$rc" = 0 ]
	fi
}

cd "$repo" || exit 2
if [ "${1:-}" = -l ]; then
	examples
	exit 0
fi
failed=0
total=0
last=
while IFS=$'\t' read -r file line kind fail cmd; do
	total=$((total + 1))
	# Each file starts with no policy; alternatives each start alone.
	if [ "$file" != "$last" ] ||
	   { [ "$kind" = alt ] && [[ $cmd == "vswapctl load "* ]] && [[ $cmd != *--replace* ]]; }; then
		"$LAB_BUILD/tools/vswapctl" unload >/dev/null 2>&1
	fi
	last=$file
	echo "$file:$line: $cmd$([ "$fail" = 1 ] && echo '   (documented to fail)')"
	run_example "$fail" "$cmd" </dev/null || { echo "  FAIL: not as documented"; failed=$((failed + 1)); }
done < <(examples)
"$LAB_BUILD/tools/vswapctl" unload >/dev/null 2>&1
rm -rf /sys/fs/bpf/vswap
echo "$((total - failed)) of $total examples ran as documented"
[ "$total" -gt 0 ] && [ "$failed" = 0 ]

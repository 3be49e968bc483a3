#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# mutants.sh [MUTANT...] - mutation testing of the kernel series (make mutants).
#
# Each tools/mutants/NN-NAME.patch breaks one invariant of vswap with a
# one-line change to the kernel tree. Its header names the invariant, the
# suites of selftests/run.sh to run (Suites:) and the tests that must catch
# it (Tests:, a run.sh regex). For each mutant (all, or those named):
#
#   1. apply it to the kernel tree (KDIR/linux), which must be clean: the
#      developer's own uncommitted work is never touched;
#   2. build the kernel incrementally;
#   3. boot it and run the selected tests;
#   4. restore the tree.
#
# A mutant is killed when a test fails, the kernel reports a problem, or
# the run times out; it survives when every selected test passes. A
# survivor means a missing test. At the end the tree's own kernel is built
# again, and the report (build/mutants/report) gives the mutation score.
#
# Environment: KDIR, KOBJ, BUILD as in the top-level Makefile;
# MUTANT_TIMEOUT (600) seconds per VM run.
set -uo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
ktree=${KDIR:-/var/tmp/vswap-kernel}/linux
kobj=${KOBJ:-${KDIR:-/var/tmp/vswap-kernel}/obj}
out=${BUILD:-$repo/build}/mutants
limit=${MUTANT_TIMEOUT:-600}
kmake=(env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -C "$ktree" O="$kobj" -j"$(($(nproc) + 1))")

case "${1:-}" in
-h|--help) sed -n '3,23s/^# \?//p' "$0"; exit 0 ;;
esac

die() { echo "mutants: $*" >&2; exit 2; }
[ -d "$ktree/.git" ] || die "no kernel tree at $ktree: run 'make kernel' first"
[ -r "$kobj/.config" ] || die "no kernel build in $kobj: run 'make kernel' first"
[ -z "$(git -C "$ktree" status --porcelain --untracked-files=no)" ] ||
	die "the kernel tree $ktree has uncommitted changes: commit or stash them first"

header() { sed -n "s/^$2: //p" "$1" | head -n 1; }

if [ $# -gt 0 ]; then
	mutants=()
	for m in "$@"; do
		f=$(ls "$repo"/tools/mutants/*"$m"*.patch 2>/dev/null | head -n 1)
		[ -n "$f" ] || die "no mutant matches '$m'"
		mutants+=("$f")
	done
else
	mutants=("$repo"/tools/mutants/*.patch)
fi

applied=
restore() {
	[ -n "$applied" ] && git -C "$ktree" apply -R "$applied"
	applied=
}
trap 'restore; exit 130' INT TERM

mkdir -p "$out"
report=$out/report
: >"$report"
killed=0 survived=0 broken=0
for patch in "${mutants[@]}"; do
	name=$(basename "$patch" .patch)
	dir=$out/$name
	rm -rf "$dir"
	mkdir -p "$dir"
	suites=$(header "$patch" Suites)
	tests=$(header "$patch" Tests)
	echo "MUTANT  $name: $(header "$patch" Invariant)"
	git -C "$ktree" apply "$patch" || die "$name does not apply to $ktree"
	applied=$patch
	start=$(date +%s)
	if ! "${kmake[@]}" bzImage >"$dir/build.log" 2>&1; then
		verdict="broken (does not build: $dir/build.log)"
		broken=$((broken + 1))
	else
		"$repo/tools/vm/run-vm.sh" -k "$kobj/arch/x86/boot/bzImage" -q -t "$limit" \
			-o "$dir/vm" -- env SUITES="$suites" selftests/run.sh "$tests" \
			>"$dir/run.log" 2>&1
		rc=$?
		result=$(grep -aE '^[0-9]+ passed, [0-9]+ failed' "$dir/vm/console.log" | tail -n 1)
		case $rc in
		0)
			if [ -z "$result" ] || [ "${result%% *}" = 0 ]; then
				verdict="broken (no test ran: $dir/vm/console.log)"
				broken=$((broken + 1))
			else
				verdict="SURVIVED ($result)"
				survived=$((survived + 1))
			fi ;;
		124) verdict="killed (the run timed out)"; killed=$((killed + 1)) ;;
		126) verdict="killed (the kernel reported a problem)"; killed=$((killed + 1)) ;;
		*) verdict="killed (${result:-exit $rc})"; killed=$((killed + 1)) ;;
		esac
	fi
	restore
	printf '  %-40s %s, %ds\n' "$name" "$verdict" $(($(date +%s) - start)) | tee -a "$report"
done

echo "MUTANTS rebuilding the tree's own kernel"
"${kmake[@]}" bzImage >"$out/rebuild.log" 2>&1 || die "rebuilding the kernel failed: $out/rebuild.log"
total=$((killed + survived + broken))
echo "mutation score: $killed of $total killed, $survived survived, $broken broken" | tee -a "$report"
[ "$survived" = 0 ] && [ "$broken" = 0 ]

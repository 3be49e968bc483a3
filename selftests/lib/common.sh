# SPDX-License-Identifier: GPL-2.0
# Steps that several suites share. Source it after tools/lib/swaplab.sh
# and lib/tap.sh; $BIN is the directory of the selftest programs.

PATTERNS="compressible incompressible zero mixed"
THP=/sys/kernel/mm/transparent_hugepage

# integrity CONFIG ARGS...: swap_integrity on configuration CONFIG, which
# the caller has set up.
integrity() { local config=$1; shift; "$BIN/swap_integrity" -c "$config" "$@"; }

# with_thp SIZE CMD...: run CMD with only large folios of SIZE on: PMD
# THPs (2M) or 64K mTHPs.
with_thp() {
	local size=$1 pmd rc
	shift
	pmd=$(sed 's/.*\[\(.*\)\].*/\1/' "$THP/hugepages-2048kB/enabled")
	if [ "$size" = 2M ]; then
		echo madvise >"$THP/hugepages-2048kB/enabled"
	else
		echo never >"$THP/hugepages-2048kB/enabled"
		echo madvise >"$THP/hugepages-64kB/enabled"
	fi
	"$@"
	rc=$?
	echo never >"$THP/hugepages-64kB/enabled"
	echo "$pmd" >"$THP/hugepages-2048kB/enabled"
	return $rc
}

# disk_matrix CONFIG: every pattern and both eviction paths on a
# configuration with a disk, and large folios, which go to the disk whole
# (zswap takes none).
disk_matrix() {
	local config=$1 pattern evict
	swap_setup "$config" || { echo "Bail out! cannot set up $config"; exit 1; }
	for pattern in $PATTERNS; do
		for evict in pageout reclaim; do
			tap_run "integrity/$config/$pattern/$evict" \
				integrity "$config" -p "$pattern" -e "$evict" -s 64M
		done
	done
	tap_run "thp/$config/pmd-2M" with_thp 2M integrity "$config" -t 2M
	tap_run "thp/$config/mthp-64K" with_thp 64K integrity "$config" -t 64K
}

# fork_test CONFIG: swapped-out memory stays right across fork and COW.
fork_test() { swap_setup "$1" && "$BIN/swap_fork"; }

# vswap_leaks: every slot is freed when its last user goes, and so is the
# metadata.
vswap_leaks() {
	vswap_settled || {
		echo "vswap used is $(vswap_counter used), not 0;" \
		     "processes hold $(processes_swap_pages) swap entries"
		return 1
	}
	# Cluster objects go with their last slot: none may be left once no
	# slot is (other processes may still hold some, see vswap_settled).
	[ "$(vswap_counter used)" != 0 ] || [ "$(vswap_counter clusters)" = 0 ] ||
		{ echo "$(vswap_counter clusters) cluster objects left"; return 1; }
	# With no swap device on, every zswap entry is a virtual slot's: a
	# slot that left zswap freed its compressed copy (tools/mutants/07).
	if [ "$(wc -l </proc/swaps)" = 1 ] &&
	   [ "$(zswap_counter stored_pages)" != "$(vswap_counter zswap)" ]; then
		echo "zswap holds $(zswap_counter stored_pages) pages, but only" \
		     "$(vswap_counter zswap) virtual slots are in zswap"
		return 1
	fi
	echo "used $(vswap_counter used) (processes hold $(processes_swap_pages)), clusters" \
	     "$(vswap_counter clusters), metadata $(vswap_counter metadata_bytes) bytes"
}

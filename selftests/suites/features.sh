# SPDX-License-Identifier: GPL-2.0
# Suite: kernel features that create, move or read swap entries on their
# own paths (userfaultfd's UFFDIO_MOVE, KSM), each with vswap off and on in
# the same boot. Sourced by run.sh.

feature_test() { swap_setup "$1" && "$BIN/$2"; } # CONFIG PROGRAM

for config in legacy-zswap+disk vswap-zswap+disk vswap-disk; do
	case " $(swap_configs | tr '\n' ' ') " in *" $config "*) ;; *) continue ;; esac
	tap_run "features/$config/uffd-move-swap-ptes" feature_test "$config" swap_uffd_move
	tap_run "features/$config/ksm-merges-swapped-pages" feature_test "$config" swap_ksm
done

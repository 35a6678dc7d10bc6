# SPDX-License-Identifier: GPL-2.0-only
# The host terminal: raw while the guest runs, restored on every way out.
for mode in ctrl-a-x sigterm poweroff sigquit seccomp; do
	eval "t_term_${mode//-/_}() {
		LAST=term-$mode
		timeout -k 5 \"\$TIMEOUT\" python3 \"$(dirname "${BASH_SOURCE[0]}")/py/term_restore.py\" \
			\"\$LKVM\" $mode >\"\$TMP/term-$mode.out\" 2>\"\$TMP/term-$mode.err\"
	}"
	check "terminal_restored_after_$mode" "t_term_${mode//-/_}"
done

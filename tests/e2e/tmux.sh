# Helpers for the tests that drive upskill in a real terminal, sourced after
# lib.sh: a tmux server of the test's own, and waits for what the window
# named "up" shows (never fixed sleeps).
command -v tmux >/dev/null || fail "tmux is not installed"
sock="$WORK/tmux.sock"
t() { tmux -S "$sock" "$@"; }
trap 't kill-server 2>/dev/null' EXIT
# The server stays up with no session left: a test that kills its only
# session and starts the next one at once would otherwise meet a server
# still exiting ("server exited unexpectedly").
t start-server \; set-option -g exit-empty off || fail "tmux server"
# screen: what the window shows now (not what scrolled off).
screen() { t capture-pane -p -t up; }
# wait_for TEXT: waits up to 5 s (WAIT_TENTHS) for TEXT on the screen.
wait_for() {
	for _ in $(seq "${WAIT_TENTHS:-50}"); do
		screen | grep -qF -- "$1" && return 0
		sleep 0.1
	done
	screen >&2
	fail "timed out waiting for [$1]"
}
# wait_last LINE: waits until the last line shown (blank lines aside, and
# trailing spaces) is LINE: the program is waiting for input there.
wait_last() {
	for _ in $(seq "${WAIT_TENTHS:-50}"); do
		[ "$(screen | sed 's/ *$//; /^$/d' | tail -1)" = "$1" ] && return 0
		sleep 0.1
	done
	screen >&2
	fail "timed out waiting for the prompt [$1]"
}
# enter TEXT: types TEXT, waits until the terminal shows it on the last
# line, then presses Enter. A wait_last for the prompt after it cannot then
# be met by the prompt that was there before the command ran (under
# valgrind the echo itself can take a while).
enter() {
	t send-keys -t up -l -- "$1"
	for _ in $(seq "${WAIT_TENTHS:-50}"); do
		case "$(screen | sed 's/ *$//; /^$/d' | tail -1)" in
		*"$1")
			t send-keys -t up Enter
			return 0
			;;
		esac
		sleep 0.1
	done
	screen >&2
	fail "timed out waiting for the echo of [$1]"
}

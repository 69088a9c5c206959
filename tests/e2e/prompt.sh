# The real readline prompt in a terminal (tmux): completion, Ctrl-C,
# history kept across sessions, Ctrl-D to leave.
. tests/e2e/lib.sh
command -v tmux >/dev/null || fail "tmux is not installed"

sock="$WORK/tmux.sock"
t() { tmux -S "$sock" "$@"; }
screen() { t capture-pane -p -t up; }
# wait_for TEXT: waits up to 5 s for TEXT to appear on the screen.
wait_for() {
	for _ in $(seq 50); do
		screen | grep -qF -- "$1" && return 0
		sleep 0.1
	done
	screen >&2
	fail "timed out waiting for [$1]"
}
trap 't kill-server 2>/dev/null' EXIT

up learner add "Priya Shah" >/dev/null
t new-session -d -s up -x 100 -y 30 \
	"env XDG_STATE_HOME='$XDG_STATE_HOME' NO_COLOR=1 '$UPSKILL' --db '$DB' --courses courses; sleep 30"
wait_for "upskill>"

# Tab completes a command, its subcommand, and a learner name (quoted).
t send-keys -t up "who" Tab
wait_for "upskill> whoami"
t send-keys -t up Enter
wait_for "nobody is signed in"
t send-keys -t up "lea" Tab " l" Tab Enter
wait_for "Priya Shah  staff"
t send-keys -t up "login Pr" Tab Enter
wait_for "signed in as Priya Shah (staff)"

# Ctrl-C cancels the line being typed and leaves the prompt running.
t send-keys -t up "learner add Nobody" C-c
sleep 0.3
t send-keys -t up "whoami" Enter
wait_for "Priya Shah (staff)"
expect_eq "Ctrl-C cancelled the line" 0 "$(sql "SELECT count(*) FROM learners WHERE name = 'Nobody'")"

# Ctrl-D leaves cleanly.
t send-keys -t up C-d
sleep 0.5
t send-keys -t up "" # the pane is still there because of the sleep
pgrep -f -- "--db $DB" >/dev/null && fail "upskill still running after Ctrl-D"

# History was kept: it holds the lines typed, in the XDG state folder.
hist="$XDG_STATE_HOME/upskill/history"
[ -f "$hist" ] || fail "no history file at $hist"
grep -qx "whoami" "$hist" || fail "history lacks 'whoami': $(cat "$hist")"
grep -q "Nobody" "$hist" && fail "a cancelled line went into history"
true

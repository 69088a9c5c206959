# Colour only on a terminal, never with NO_COLOR, never when piped; text
# wraps to the terminal's width.
. tests/e2e/lib.sh
. tests/e2e/tmux.sh
esc=$(printf '\033')

unset NO_COLOR
out=$("$UPSKILL" --db "$DB" --courses courses help)
case "$out" in *"$esc"*) fail "escape codes in piped output" ;; esac

# run_in_terminal WIDTH ENV...: runs 'upskill show policy-basics' in a
# terminal WIDTH columns wide and prints the screen with its escapes.
run_in_terminal() {
	local width=$1
	shift
	t new-session -d -s c -x "$width" -y 50 \
		"env $* TERM=xterm-256color '$UPSKILL' --db '$DB' --courses courses show policy-basics; echo DONE; sleep 30"
	# Wait for the command to finish (slowly under valgrind), then read.
	for _ in $(seq 300); do
		t capture-pane -p -t c | grep -q '^DONE' && break
		sleep 0.1
	done
	t capture-pane -e -p -t c | grep -v '^DONE'
	t kill-session -t c
}
screen=$(run_in_terminal 60 NO_COLOR=)
case "$screen" in *"$esc["*) ;; *) fail "no colour on a terminal: $screen" ;; esac
longest=$(printf '%s\n' "$screen" | sed "s/$esc\[[0-9;]*m//g" | awk '{ if (length > n) n = length } END { print n }')
[ "$longest" -le 60 ] || fail "a line of $longest columns in a 60-column terminal"

screen=$(run_in_terminal 80 NO_COLOR=1)
case "$screen" in *"$esc[1"* | *"$esc[3"*) fail "colour despite NO_COLOR: $screen" ;; esac
true

# The real readline prompt in a terminal (tmux): completion, Ctrl-C,
# history kept across sessions, Ctrl-D to leave.
. tests/e2e/lib.sh
. tests/e2e/tmux.sh
# wait_idle: waits until the prompt is back and waiting (its last line),
# so that a key sent next reaches readline, not a command still running.
wait_idle() { wait_last "upskill>"; }

# The first run offers to create the consultant; the passphrase is typed
# twice and never shown.
t new-session -d -s up -x 100 -y 30 \
	"env -u UPSKILL_PASSPHRASE XDG_STATE_HOME='$XDG_STATE_HOME' NO_COLOR=1 '$UPSKILL' --db '$DB' --courses courses; sleep 30"
wait_for "Consultant's name (Enter to skip):"
t send-keys -t up "Cat" Enter
wait_for "New passphrase for Cat:"
# One too short is refused and asked for again, not dropped.
t send-keys -t up "short" Enter
wait_for "Try again."
wait_last "New passphrase for Cat:"
t send-keys -t up "$UPSKILL_PASSPHRASE" Enter
wait_for "The same again:"
t send-keys -t up "$UPSKILL_PASSPHRASE" Enter
wait_for "signed in as Cat (consultant)"
screen | grep -qF "battery" && fail "the passphrase was echoed: $(screen)"
t send-keys -t up "learner add 'Priya Shah'" Enter
wait_for "added staff 'Priya Shah'"
wait_for "set-up code for 'Priya Shah': "
code=$(screen | sed -n "s/^set-up code for 'Priya Shah': \([A-Z0-9-]*\) .*/\1/p")
[ -n "$code" ] || fail "no set-up code shown: $(screen)"
t send-keys -t up "logout" Enter
wait_for "signed out Cat"

# Tab completes a command, its subcommand, and a learner name (quoted).
t send-keys -t up "who" Tab
wait_for "upskill> whoami"
t send-keys -t up Enter
wait_for "nobody is signed in"
t send-keys -t up "login Cat" Enter
wait_for "Passphrase for Cat:"
t send-keys -t up "$UPSKILL_PASSPHRASE" Enter
wait_for "signed in as Cat (consultant)"
t send-keys -t up "lea" Tab " l" Tab Enter
wait_for "Priya Shah  staff"
screen | grep -qF "battery" && fail "the passphrase was echoed: $(screen)"
t send-keys -t up "login Pr" Tab Enter
# Her first sign-in: the code, then a passphrase of her own, not echoed.
wait_for "Passphrase for Priya Shah:"
t send-keys -t up "$code" Enter
wait_for "New passphrase for Priya Shah:"
t send-keys -t up "priya's tulip garden" Enter
wait_for "The same again:"
t send-keys -t up "priya's tulip garden" Enter
wait_for "signed in as Priya Shah (staff)"
screen | grep -qF "tulip" && fail "her passphrase was echoed: $(screen)"

# Ctrl-C cancels the line being typed and leaves the prompt running.
wait_idle
t send-keys -t up "learner add Nobody"
wait_for "upskill> learner add Nobody"
t send-keys -t up C-c
sleep 0.3
t send-keys -t up "whoami" Enter
wait_for "Priya Shah (staff)"
expect_eq "Ctrl-C cancelled the line" 0 "$(sql "SELECT count(*) FROM learners WHERE name = 'Nobody'")"
expect_eq "the passphrase is stored hashed" "\$argon2id\$" "$(sql "SELECT substr(passphrase, 1, 10) FROM learners WHERE name = 'Cat'")"

# Ctrl-D leaves cleanly.
wait_idle
t send-keys -t up C-d
for _ in $(seq "${WAIT_TENTHS:-50}"); do
	pgrep -f -- "--db $DB" >/dev/null || break
	sleep 0.1
done
pgrep -f -- "--db $DB" >/dev/null && fail "upskill still running after Ctrl-D: $(screen; pgrep -af -- "--db $DB")"

# History was kept: it holds the lines typed, in the XDG state folder.
hist="$XDG_STATE_HOME/upskill/history"
[ -f "$hist" ] || fail "no history file at $hist"
grep -qx "whoami" "$hist" || fail "history lacks 'whoami': $(cat "$hist")"
grep -q "Nobody" "$hist" && fail "a cancelled line went into history"
grep -q "battery" "$hist" && fail "a passphrase went into history"

# A quiz at the real prompt: a module id completed with Tab, Ctrl-C at a
# question (back to the prompt, answers kept), then the terminal closed
# (SIGHUP) mid-quiz: nothing given is lost.
DB="$WORK/quiz.db"
C=tests/e2e/courses
org
staff Sam
t new-session -d -s q -x 100 -y 40 \
	"env XDG_STATE_HOME='$XDG_STATE_HOME' NO_COLOR=1 UPSKILL_SEED=1 '$UPSKILL' --db '$DB' --courses tests/e2e/courses"
qscreen() { t capture-pane -p -t q; }
qwait() {
	for _ in $(seq "${WAIT_TENTHS:-50}"); do
		qscreen | grep -qF -- "$1" && return 0
		sleep 0.1
	done
	qscreen >&2
	fail "timed out waiting for [$1]"
}
qwait "upskill>"
t send-keys -t q "login Sam" Enter
qwait "signed in as Sam"
t send-keys -t q "sta" Tab "bas" Tab
qwait "upskill> start basics"
t send-keys -t q Enter
qwait "page 1 of 2"
t send-keys -t q Enter
qwait "page 2 of 2"
t send-keys -t q Enter
qwait "Question 1 of 8"
t send-keys -t q "b" Enter
qwait "Speed shows real people are listening."
# Ctrl-C with an answer typed clears it and asks again; a second Ctrl-C,
# on the empty line, leaves the quiz.
t send-keys -t q "a b"
qwait "answer> a b"
t send-keys -t q C-c
qwait "^C"
sleep 0.3
qscreen | grep -qF "Stopped with" && fail "Ctrl-C over typed text left the quiz: $(qscreen)"
expect_eq "nothing answered by Ctrl-C" 1 "$(sql 'SELECT count(*) FROM answers')"
t send-keys -t q C-c
qwait "Stopped with 1 of 8 answered"
t send-keys -t q "whoami" Enter
qwait "Sam (staff)"
t send-keys -t q "quiz basics" Enter
qwait "Resuming your attempt at 'Replying basics': 1 of 8 answered."
t send-keys -t q "a b" Enter
qwait "Question 3 of 8"
pid=$(pgrep -f -- "--db $DB")
[ -n "$pid" ] || fail "upskill is not running"
t kill-session -t q
for _ in $(seq "${WAIT_TENTHS:-50}"); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$pid" 2>/dev/null && fail "upskill still running after its terminal closed"
expect_eq "answers kept after SIGHUP" "speed|1.0
good-reply|1.0" "$(sql "SELECT question_id, $(real fraction) FROM answers ORDER BY id")"
expect_eq "attempt open to resume" 1 "$(sql 'SELECT count(*) FROM attempts WHERE finished_at IS NULL')"

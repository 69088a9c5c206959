# Bad input at the prompt, in scripts and one-shot: lines of 1 MB, invalid
# UTF-8, control characters (NUL, escape sequences, carriage returns), names
# made of quotes, semicolons and SQL, empty input, end of input at every
# place upskill asks for something, unknown commands and wrong argument
# counts. Each gets one short error line; nothing crashes (exit status 0 or
# 1, or 2 for a bad global option; never a signal); and nothing half-written reaches the record: no
# learner with a bad name, no answer for input that did not parse, no
# acknowledgement without "I agree", and the database still verifies.
. tests/e2e/lib.sh
C=tests/e2e/courses
upc() { "$UPSKILL" --db "$DB" --courses "$C" "$@"; }

# feed NAME ARGS…: runs upc ARGS… with stdin from $WORK/NAME.in, output in
# $WORK/NAME.out and .err, exit status in $st; a signal fails the test.
feed() {
	local name=$1
	shift
	# Every line runs, so each bad one is seen (a script stops at its
	# first failed line by default).
	upc --keep-going "$@" <"$WORK/$name.in" >"$WORK/$name.out" 2>"$WORK/$name.err"
	st=$?
	[ "$st" -lt 128 ] || fail "$name: killed by signal $((st - 128)): $(head -c 2000 "$WORK/$name.err")"
	[ "$st" -le 2 ] || fail "$name: exit status $st"
}
# one-shot NAME ARGS…: the same for a one-shot command with no input.
oneshot() {
	local name=$1
	shift
	: >"$WORK/$name.in"
	feed "$name" "$@"
}
# errors NAME: the error lines it printed.
errors() { without_notes <"$WORK/$1.err"; }
# longest NAME: the length of the longest line it printed, on either stream.
longest() { cat "$WORK/$1.out" "$WORK/$1.err" | awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }'; }
# A megabyte on one line, without a newline.
head -c 1000000 /dev/zero | tr '\0' x >"$WORK/mb"

org
staff Ann

# ---- Lines of a megabyte --------------------------------------------------

# As a command: one error, quoting only the start of it.
{ cat "$WORK/mb"; printf '\nwhoami\n'; } >"$WORK/long-cmd.in"
feed long-cmd
expect_eq "long command: status" 1 "$st"
expect_eq "long command: one error" 1 "$(errors long-cmd | wc -l)"
expect_in "long command: which" "error: line 1: unknown command (not repeated" "$(errors long-cmd)"
[ "$(longest long-cmd)" -lt 400 ] || fail "long command: error line of $(longest long-cmd) characters"
expect_eq "long command: next line runs" "nobody is signed in" "$(head -1 "$WORK/long-cmd.out")"

# As a learner name, bare and quoted; 100 bytes is the most a name may have.
{
	printf 'login cat\nlearner add '; cat "$WORK/mb"
	printf '\nlearner add "'; cat "$WORK/mb"; printf '"\n'
	printf 'learner add %s\n' "$(printf 'n%.0s' $(seq 101))"
	printf 'learner add %s\n' "$(printf 'm%.0s' $(seq 100))"
} >"$WORK/long-name.in"
feed long-name
expect_eq "long name: status" 1 "$st"
expect_eq "long name: errors" "error: line 2: a learner name is at most 100 bytes (this one is 1000000)
error: line 3: a learner name is at most 100 bytes (this one is 1000000)
error: line 4: a learner name is at most 100 bytes (this one is 101)" "$(errors long-name)"
expect_eq "long name: 100 bytes is fine" 1 "$(sql "SELECT count(*) FROM learners WHERE length(name) = 100")"
expect_eq "long name: nothing longer" 0 "$(sql "SELECT count(*) FROM learners WHERE length(name) > 100")"

# As the answer to each of the eight questions (one of each type), each
# followed by the right answer: every megabyte is refused with a short
# message and asked again, and only the right answers are recorded.
right=(b "a b" f "your name" 24 "c a b" "1b 2a" a)
{
	printf 'login ann\nstart basics\n\n\n'
	for a in "${right[@]}"; do cat "$WORK/mb"; printf '\n%s\n' "$a"; done
} >"$WORK/long-answer.in"
feed long-answer
expect_eq "long answers: status" 0 "$st"
expect_eq "long answers: no errors" "" "$(errors long-answer)"
[ "$(longest long-answer)" -lt 200 ] || fail "long answers: a line of $(longest long-answer) characters"
expect_in "long answers: quoted short" "'xxxxxxxxxxxxxxxxxxxxxxxx…' is not one of the choices a–c" "$(cat "$WORK/long-answer.out")"
expect_in "long answers: short answer too long" "the answer is too long" "$(cat "$WORK/long-answer.out")"
expect_in "long answers: passed" "Result: 8 of 8 points, 100.0%" "$(cat "$WORK/long-answer.out")"
expect_eq "long answers: eight right answers kept" "8|8.0" "$(sql "SELECT count(*), $(real 'sum(fraction)') FROM answers")"
expect_eq "long answers: nothing long stored" 0 "$(sql "SELECT count(*) FROM answers WHERE length(response) > 20")"

# One-shot: an argument of 100 kB (the kernel caps one at 128 kB).
long=$(head -c 100000 "$WORK/mb")
oneshot long-oneshot-cmd "$long"
expect_eq "one-shot long command: status" 1 "$st"
expect_eq "one-shot long command: one error" 1 "$(errors long-oneshot-cmd | wc -l)"
[ "$(longest long-oneshot-cmd)" -lt 400 ] || fail "one-shot long command: a line of $(longest long-oneshot-cmd)"
oneshot long-oneshot-name --as Cat learner add "$long"
expect_eq "one-shot long name" "error: a learner name is at most 100 bytes (this one is 100000)" "$(errors long-oneshot-name)"
oneshot long-oneshot-module --as Ann start "$long"
expect_eq "one-shot long module: status" 1 "$st"
expect_eq "one-shot long module: one error" 1 "$(errors long-oneshot-module | wc -l)"
[ "$(longest long-oneshot-module)" -lt 400 ] || fail "one-shot long module: a line of $(longest long-oneshot-module)"

# ---- Invalid UTF-8 ---------------------------------------------------------

# Ann has passed basics, so her quiz here is the true/false one of 'rules'.
printf 'login cat\nlearner add \xff\xfe\nlearner add "Jos\xe9 Latin"\n\xff\xfe\nlogout\nlogin ann\nstart rules\n\n\xff\xfe\nt\n' >"$WORK/utf8.in"
feed utf8
expect_eq "utf-8: status" 1 "$st"
expect_eq "utf-8: errors" "error: line 2: learner name is not valid UTF-8 (byte 1)
error: line 3: learner name is not valid UTF-8 (byte 4)
error: line 4: unknown command (not repeated, in case the line was a passphrase; 'help' lists them)" "$(errors utf8)"
expect_in "utf-8: answer refused, shown safely" "'??' is not true or false; type t or f" "$(cat "$WORK/utf8.out")"
expect_in "utf-8: then answered" "Result: 1 of 1 points" "$(cat "$WORK/utf8.out")"
# No invalid byte is ever printed back.
for f in utf8.out utf8.err; do
	iconv -f UTF-8 -t UTF-8 "$WORK/$f" >/dev/null 2>&1 || fail "utf-8: $f is not valid UTF-8"
done

# ---- Control characters ----------------------------------------------------

# A NUL byte in a line: the line is refused whole, not cut short at the NUL
# (which would add a learner named 'Nul', or answer 'a').
printf 'login cat\nlearner add Nul\0Name\nlogout\nlogin ann\nstart basics\na\0b\nb\nq\n' >"$WORK/nul.in"
feed nul
expect_eq "NUL: status" 1 "$st"
expect_eq "NUL: errors" "error: line 2: the line holds a NUL byte; it was ignored
error: line 6: the line holds a NUL byte; it was ignored" "$(errors nul)"
expect_eq "NUL: no learner" 0 "$(sql "SELECT count(*) FROM learners WHERE name LIKE 'Nul%'")"

# A NUL byte in a passphrase read from a file descriptor: refused, not cut
# short (the passphrase would silently become "correct horse").
printf 'correct horse\0 battery staple\n' >"$WORK/nulpass"
env -u UPSKILL_PASSPHRASE "$UPSKILL" --db "$WORK/nulpass.db" --courses "$C" --passphrase-fd 3 \
	init Pat 3<"$WORK/nulpass" >/dev/null 2>"$WORK/nulpass.err"
expect_eq "NUL in passphrase: status" 1 $?
expect_eq "NUL in passphrase" "error: the passphrase on file descriptor 3 holds a NUL byte" "$(errors nulpass)"
expect_eq "NUL in passphrase: nobody created" 0 "$(sqlite3 "$WORK/nulpass.db" 'SELECT count(*) FROM learners')"

# Escape sequences and other control characters: refused in names, never
# echoed back to the terminal.
esc=$'\e[2J\e[31m'
{
	printf 'login cat\n'
	printf '%s\n' "${esc}foo" "learner ${esc}" "learner add \"Red${esc}Name\"" \
		"learner add \"bell$(printf '\a')\"" "learner add \"a$(printf '\r')b\"" \
		"learner add \"tab$(printf '\t')name\"" "learner add \"del$(printf '\177')\""
} >"$WORK/ctrl.in"
feed ctrl
expect_eq "control: status" 1 "$st"
expect_eq "control: errors" "error: line 2: unknown command (not repeated, in case the line was a passphrase; 'help' lists them)
error: line 3: unknown subcommand 'learner ^[[2J^[[31m' (one of: add, list, rename, deactivate, activate, reset, grant)
error: line 4: learner name contains a control character
error: line 5: learner name contains a control character
error: line 6: learner name contains a control character
error: line 7: learner name contains a control character
error: line 8: learner name contains a control character" "$(errors ctrl)"
# At a lesson page and a question.
{
	printf 'login ann\nstart rules\n%s\n\n' "${esc}x"
} >"$WORK/ctrl-learn.in"
feed ctrl-learn
expect_in "control: page command" "'^[[2J^[[31mx' is not a page command" "$(cat "$WORK/ctrl-learn.out")"
for f in ctrl.out ctrl.err ctrl-learn.out ctrl-learn.err; do
	grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$WORK/$f" && fail "control: $f holds a control character: $(cat -v "$WORK/$f")"
done

# A script with CRLF line ends runs as if it had LF.
printf 'login ann\r\nwhoami\r\n' >"$WORK/crlf.in"
feed crlf
expect_eq "CRLF: status" 0 "$st"
expect_in "CRLF: signed in" "Ann (staff)" "$(cat "$WORK/crlf.out")"

# ---- Quotes, semicolons and SQL in names ----------------------------------

names=("Robert'); DROP TABLE learners;--" "x\"; DELETE FROM events; --" "O'Neil; Kim" \
	"' OR '1'='1" "Zoë \"Z\" Ångström")
{
	printf 'login cat\n'
	for n in "${names[@]}"; do
		q=${n//\\/\\\\}
		printf 'learner add "%s"\n' "${q//\"/\\\"}"
	done
	printf 'learner list\n'
} >"$WORK/sql.in"
feed sql
expect_eq "SQL names: status" 0 "$st"
expect_eq "SQL names: no errors" "" "$(errors sql)"
for n in "${names[@]}"; do
	expect_in "SQL names: listed" "$n" "$(cat "$WORK/sql.out")"
	expect_eq "SQL names: stored exactly" 1 "$(sql "SELECT count(*) FROM learners WHERE name = '${n//\'/\'\'}'")"
done
# Their first sign-ins, with the set-up codes the consultant was given.
code_of() { grep -F "set-up code for '$1': " "$WORK/sql.out" | sed 's/.*: \([A-Z0-9-]*\) (.*/\1/'; }
printf 'login "%s"\nwhoami\n' "${names[3]}" >"$WORK/sql-login.in"
UPSKILL_NEW_PASSPHRASE="$UPSKILL_PASSPHRASE" UPSKILL_PASSPHRASE="$(code_of "${names[3]}")" feed sql-login
expect_in "SQL names: sign in by such a name" "' OR '1'='1 (staff)" "$(cat "$WORK/sql-login.out")"
UPSKILL_NEW_PASSPHRASE="$UPSKILL_PASSPHRASE" UPSKILL_PASSPHRASE="$(code_of "${names[0]}")" \
	oneshot sql-oneshot --as "${names[0]}" whoami
expect_eq "SQL names: one-shot --as" "Robert'); DROP TABLE learners;-- (staff)" "$(head -1 "$WORK/sql-oneshot.out")"

# ---- Empty input -----------------------------------------------------------

: >"$WORK/empty.in"
feed empty
expect_eq "empty script: status" 0 "$st"
expect_eq "empty script: silent" "" "$(cat "$WORK/empty.out" "$WORK/empty.err")"
printf '\n   \n\t\n# a comment\n\n' >"$WORK/blank.in"
feed blank
expect_eq "blank lines: status" 0 "$st"
expect_eq "blank lines: silent" "" "$(cat "$WORK/blank.out" "$WORK/blank.err")"
oneshot empty-word ""
expect_eq "empty command word" "error: unknown command '' ('help' lists them)" "$(errors empty-word)"
oneshot empty-sub learner ""
expect_eq "empty subcommand" "error: unknown subcommand 'learner ' (one of: add, list, rename, deactivate, activate, reset, grant)" "$(errors empty-sub)"
oneshot empty-name --as Cat learner add ""
expect_eq "empty name" "error: a learner name cannot be empty" "$(errors empty-name)"

# ---- End of input wherever upskill is waiting for some ----------------------

# Passphrases: signing in, the first consultant, a new consultant. Nothing
# is created when the passphrase never comes.
unset_pass() { env -u UPSKILL_PASSPHRASE -u UPSKILL_NEW_PASSPHRASE "$@"; }
printf 'login cat\n' >"$WORK/eof-login.in"
unset_pass "$UPSKILL" --db "$DB" --courses "$C" <"$WORK/eof-login.in" >"$WORK/eof-login.out" 2>"$WORK/eof-login.err"
expect_eq "EOF at sign-in passphrase: status" 1 $?
expect_eq "EOF at sign-in passphrase" "error: line 1: no passphrase given" "$(errors eof-login)"
printf 'init Pat\n' | unset_pass "$UPSKILL" --db "$WORK/new.db" --courses "$C" >/dev/null 2>"$WORK/eof-init.err"
expect_eq "EOF at first passphrase: status" 1 $?
expect_eq "EOF at first passphrase" "error: line 1: no passphrase given" "$(errors eof-init)"
expect_eq "EOF at first passphrase: nobody created" 0 "$(sqlite3 "$WORK/new.db" 'SELECT count(*) FROM learners')"
printf 'login cat\n%s\nlearner add Zed --role consultant\n' "$UPSKILL_PASSPHRASE" |
	unset_pass "$UPSKILL" --db "$DB" --courses "$C" >/dev/null 2>"$WORK/eof-new.err"
expect_eq "EOF at new passphrase: status" 1 $?
expect_eq "EOF at new passphrase" "error: line 3: no passphrase given" "$(errors eof-new)"
expect_eq "EOF at new passphrase: Zed not added" 0 "$(sql "SELECT count(*) FROM learners WHERE name = 'Zed'")"

# A lesson page, then each of the eight questions (one of each type) in
# turn, then between the last answer and the result: every stop keeps what
# was given and nothing more.
staff Eve
printf 'login eve\nstart basics\n' >"$WORK/eof-page.in"
feed eof-page
expect_eq "EOF at a page: status" 0 "$st"
expect_in "EOF at a page" "Stopped at page 1 of 2; 'start basics' picks up here." "$(cat "$WORK/eof-page.out")"
eve="(SELECT id FROM learners WHERE name = 'Eve')"
printf 'login eve\nstart basics\n\n\n' >"$WORK/eof-q.in"
for i in 0 1 2 3 4 5 6 7; do
	[ "$i" -gt 0 ] && printf 'login eve\nquiz basics\n%s\n' "${right[$((i - 1))]}" >"$WORK/eof-q.in"
	feed eof-q
	expect_eq "EOF at question $((i + 1)): status" 0 "$st"
	expect_eq "EOF at question $((i + 1)): no errors" "" "$(errors eof-q)"
	expect_in "EOF at question $((i + 1))" "Stopped with $i of 8 answered" "$(cat "$WORK/eof-q.out")"
	expect_eq "EOF at question $((i + 1)): answers kept" "$i" \
		"$(sql "SELECT count(*) FROM answers JOIN attempts a ON a.id = attempt_id WHERE a.learner_id = $eve")"
done
printf 'login eve\nquiz basics\na\n' >"$WORK/eof-last.in"
feed eof-last
expect_in "last answer finishes" "Result: 8 of 8 points" "$(cat "$WORK/eof-last.out")"
expect_eq "finished once" 1 "$(sql "SELECT count(*) FROM attempts WHERE learner_id = $eve AND finished_at IS NOT NULL")"

# Passed already: the lessons read again, then end of input where it asks
# whether to spend another attempt: no attempt is started.
printf 'login eve\nstart basics\n\n\n' >"$WORK/eof-again.in"
feed eof-again
expect_in "EOF at take-again" "Take the quiz again? [y/N]" "$(cat "$WORK/eof-again.out")"
expect_eq "EOF at take-again: no new attempt" 1 "$(sql "SELECT count(*) FROM attempts WHERE learner_id = $eve")"

# One-shot quiz with nothing on standard input.
oneshot eof-oneshot --as Eve start rules
expect_eq "one-shot start: status" 0 "$st"
expect_in "one-shot start stops at the page" "Stopped at page 1 of 1" "$(cat "$WORK/eof-oneshot.out")"

# The policy text shown, then end of input or anything but "I agree": no
# acknowledgement. "I agree" in any case, with a closing full stop, is one.
ack_count() { sql "SELECT count(*) FROM acknowledgements WHERE learner_id = $eve"; }
for reply in EOF "" "no" "I agree not to" "I agreed" "I disagree" "yes" "agree" "I agree, but"; do
	if [ "$reply" = EOF ]; then
		printf 'login eve\nack rules\n' >"$WORK/ack.in"
	else
		printf 'login eve\nack rules\n%s\n' "$reply" >"$WORK/ack.in"
	fi
	feed ack
	expect_eq "ack [$reply]: status" 0 "$st"
	expect_in "ack [$reply]: shown" "Move the details to a private message." "$(cat "$WORK/ack.out")"
	expect_in "ack [$reply]: refused" "Not acknowledged." "$(cat "$WORK/ack.out")"
	expect_eq "ack [$reply]: nothing recorded" 0 "$(ack_count)"
done
n=0
for reply in "I agree" "i AGREE" "  I agree.  "; do
	printf 'login eve\nack rules\n%s\n' "$reply" >"$WORK/ack.in"
	feed ack
	n=$((n + 1))
	expect_in "ack [$reply]" "Acknowledged version 1.0 of 'rules'" "$(cat "$WORK/ack.out")"
	expect_eq "ack [$reply]: recorded" "$n" "$(ack_count)"
done
expect_eq "every acknowledgement is an event" "$(sql 'SELECT count(*) FROM acknowledgements')" \
	"$(sql "SELECT count(*) FROM events WHERE kind = 'ack'")"

# ---- Unknown commands and wrong argument counts -----------------------------

cat >"$WORK/usage.in" <<'EOF'
login cat
frobnicate
lo
learner
learner add
show a b c
learner frob x
login
whoami a b
start
start a b
quiz
ack
ack a b
verify a b
logout now
whoami now
learner list --bogus
learner add Kim --role
validate
EOF
feed usage
expect_eq "usage: status" 1 "$st"
expect_eq "usage: one error per bad line" 19 "$(errors usage | wc -l)"
expect_eq "usage: errors name their lines" "$(seq 2 20)" "$(errors usage | sed -n 's/^error: line \([0-9]*\): .*/\1/p')"
expect_eq "usage: a few exactly" "error: line 2: unknown command (not repeated, in case the line was a passphrase; 'help' lists them)
error: line 3: ambiguous command 'lo': could be login, logout
error: line 5: learner add: missing argument (usage: learner add NAME [--role staff|consultant])
error: line 6: show: too many arguments (usage: show MODULE)" \
	"$(errors usage | sed -n '1,2p;4,5p')"
for args in "frobnicate" "learner" "learner add" "start" "start a b" "login" "ack a b" "logout x"; do
	# shellcheck disable=SC2086
	oneshot usage-oneshot $args
	expect_eq "one-shot '$args': status" 1 "$st"
	expect_eq "one-shot '$args': one error line" 1 "$(errors usage-oneshot | wc -l)"
	expect_in "one-shot '$args': error" "error: " "$(errors usage-oneshot)"
done
oneshot bad-global --bogus
expect_eq "bad global option: status" 2 "$st"
expect_eq "bad global option: says which" "upskill: unknown option '--bogus'" "$(errors bad-global | head -1)"

# ---- The record after all this ----------------------------------------------

expect_eq "integrity" ok "$(integrity)"
expect_eq "learners" "$(printf '%s\n' Ann Cat Eve "$(printf 'm%.0s' $(seq 100))" "${names[@]}" | LC_ALL=C sort)" \
	"$(sql 'SELECT name FROM learners' | LC_ALL=C sort)"
expect_eq "no name with a control character" 0 \
	"$(sql "SELECT count(*) FROM learners WHERE $(has_control name)")"
sql 'SELECT name FROM learners' | iconv -f UTF-8 -t UTF-8 >/dev/null 2>&1 || fail "a name is not valid UTF-8"
expect_eq "every answer is an event" "$(sql 'SELECT count(*) FROM answers')" \
	"$(sql "SELECT count(*) FROM events WHERE kind = 'answer'")"
expect_eq "no long or control answer" 0 \
	"$(sql "SELECT count(*) FROM answers WHERE length(response) > 20 OR $(has_control response)")"
out=$(upc verify) || fail "verify: $out"
expect_in "verify" "record intact:" "$out"

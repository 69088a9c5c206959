# Crash safety: a scripted session (a consultant adds a member of staff, who
# reads the lessons of 'basics', answers each of its eight questions, passes
# 'rules' and acknowledges its policy; then the consultant moves her through
# the stages of a duty, logs her practice and hands the duty over) is killed
# with SIGKILL
#  - after each line, while it waits for the next: after each answer, on
#    each lesson page, with the policy text shown but not agreed to, just
#    after agreeing, after each step towards the handover and after it;
#  - during each line, while it waits for the database (another connection
#    holds the write lock), so the record it was about to write is lost;
#  - between the last answer's commit and the attempt's finish (its output
#    blocks on a full pipe there).
# After every kill the record must hold: integrity check ok; every answer
# whose feedback reached the output is in the record, and likewise every
# result, acknowledgement, stage move, practice session and handover shown;
# each answer, acknowledgement, practice session, attempt start and finish
# has its event and no event lacks its row; a duty's stage is the one its
# last event moved it to; the duty plan is loaded whole or not at all;
# verify passes.
# Then the session carries on from wherever it stopped to the same end as
# an uninterrupted one, with no question answered twice.
. tests/e2e/lib.sh
C=tests/e2e/courses
upc() { "$UPSKILL" --db "$DB" --courses "$C" "$@"; }
# Scripts type every passphrase on its own line, as a script without the
# environment variable does; the consultant's passphrase is Ann's own too.
P="$UPSKILL_PASSPHRASE"
upscript() { env -u UPSKILL_PASSPHRASE "$UPSKILL" --db "$DB" --courses "$C" "$@"; }

# The session, one script line each: the consultant's first three, the
# staff member's, then the consultant's again. The duty 'replies' comes from
# the plan in tests/e2e/courses/duties, loaded on first use.
right=(b "a b" f "your name" 24 "c a b" "1b 2a" a)
# Ann's set-up code is the one this record's first 'learner add' gives:
# codes on a test record come from UPSKILL_SEED, and it is learnt below.
script=("login cat" "$P" "learner add Ann" logout "login ann" CODE "$P" "start basics" "" ""
	"${right[@]}" "start rules" "" t "ack rules" "I agree" progress logout "login cat" "$P"
	"duty stage Ann replies observing" "duty log Ann replies 'session 1'"
	"duty log Ann replies 'session 2'" "duty stage Ann replies assisted"
	"duty stage Ann replies independent" "handover replies Ann --note ready" "duty list")
# The first line about the duty.
for duty_from in $(seq 1 ${#script[@]}); do
	[ "${script[$((duty_from - 1))]}" = "duty stage Ann replies observing" ] && break
done
# What upskill has done once it has taken each line, for messages.
done_=("consultant's name typed" "consultant signed in" "staff added" "signed out"
	"staff's name typed" "set-up code typed" "staff chose a passphrase" "lesson page 1 shown"
	"lesson page 2 shown" "question 1 shown" "answer 1" "answer 2" "answer 3" "answer 4"
	"answer 5" "answer 6" "answer 7" "answer 8 and the result" "rules page shown"
	"rules question shown" "rules passed" "policy text shown, not agreed" "agreed"
	"progress shown" "staff signed out" "consultant's name typed" "consultant signed in again"
	"plan loaded, observing"
	"first session logged" "second session logged" "assisted" "independent" "handed over"
	"duties listed")

# Which kill points: CRASH_POINTS=all (make crash-loop) takes every one;
# by default (make test, make check) a sample with each kind of line in it:
# the consultant signing in, staff added, her passphrase chosen, a lesson
# page, the first, a middle and the last answer with the result, the rules
# passed, the policy shown and agreed to, a sign-in again, the duty plan
# loaded, practice logged, a stage move, the handover and after it. Under
# valgrind (make valgrind), where every run is slow, fewer.
if [ "${CRASH_POINTS:-}" = all ]; then
	sample=all
elif [ -n "${UPSKILL_VALGRIND:-}" ]; then
	sample=" 2 8 15 19 20 24 29 "
else
	sample=" 2 3 7 8 11 14 18 21 22 23 27 28 29 31 33 34 "
fi
sampled() { [ "$sample" = all ] || [[ "$sample" == *" $1 "* ]]; }

# Lines after which upskill waits for a passphrase without printing
# anything: a kill there is not told apart from one before the line.
secret_next=" 1 5 26 "

org
cp "$DB" "$WORK/template.db"
printf '%s\n' "${script[@]:0:3}" | upscript >"$WORK/add.out" 2>&1 || fail "adding Ann: $(cat "$WORK/add.out")"
code=$(sed -n "s/^set-up code for 'Ann': \([A-Z0-9-]*\) .*/\1/p" "$WORK/add.out")
[ -n "$code" ] || fail "no set-up code for Ann: $(cat "$WORK/add.out")"
script[5]=$code
cp "$DB" "$WORK/with-ann.db"

# fresh FROM: the test database starts again from line FROM of the script:
# 1 is just after 'init', 5 is with Ann added, her set-up code unused
# (which saves checking the consultant's passphrase each time). Sets $from and $ann_before.
fresh() {
	from=$1
	rm -f "$DB" "$DB-wal" "$DB-shm"
	if [ "$from" = 1 ]; then
		cp "$WORK/template.db" "$DB"
		ann_before=0
	else
		cp "$WORK/with-ann.db" "$DB"
		ann_before=1
	fi
}

# started: upskill in the background on the test database, reading the
# FIFO $WORK/in through descriptor 3, output in $WORK/out and $WORK/err.
# Its output unbuffered (stdbuf), so whatever it prints reaches the file at
# once and an answer's feedback shown before its commit would be caught
# (ASan must then allow a library loaded ahead of it). exec, so $pid is
# upskill itself.
# The output files are emptied here, before the process starts: its own
# redirections empty them only once it runs, which may be after fed has
# read the size of the last run's output, and then fed waits for growth
# that never comes.
started() {
	rm -f "$WORK/in"
	mkfifo "$WORK/in"
	: >"$WORK/out"
	: >"$WORK/err"
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
		exec_unbuffered env -u UPSKILL_PASSPHRASE "$UPSKILL" --db "$DB" --courses "$C" <"$WORK/in" >"$WORK/out" 2>"$WORK/err" &
	pid=$!
	exec 3>"$WORK/in"
}
exec_unbuffered() { exec stdbuf -o0 "$@"; }
command -v stdbuf >/dev/null || fail "stdbuf (coreutils) is missing"
stopped() {
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	exec 3>&-
}

# waiting: sets $state to where upskill sleeps: "input", "other" (asleep
# elsewhere: the busy wait for the database, a full output pipe) or
# "running". Builtins only: this runs every few milliseconds.
waiting() {
	local w='' s='' _
	read -r _ _ s _ <"/proc/$pid/stat" 2>/dev/null
	if [ "$s" != S ]; then
		state=running
		return
	fi
	read -r w <"/proc/$pid/wchan" 2>/dev/null
	case "$w" in
	*pipe_write*) state=other ;;
	*pipe*) state=input ;;
	0 | "")
		# No wchan from this kernel: the system call it sleeps in,
		# read(0, ...) on x86-64 or arm64, means input.
		read -r w <"/proc/$pid/syscall" 2>/dev/null
		case "$w" in
		"0 0x0 "* | "63 0x0 "*) state=input ;;
		*) state=other ;;
		esac
		;;
	*) state=other ;;
	esac
}
# nap: a 5 ms pause without starting a process (a read that times out on a
# FIFO nobody writes to).
mkfifo "$WORK/nap"
exec 9<>"$WORK/nap"
nap() { read -r -t 0.005 -u 9 || :; }

# printed: how many bytes upskill has written, on either stream (notes
# such as "signed in as" go to standard error).
printed() { echo $(($(stat -c %s "$WORK/out") + $(stat -c %s "$WORK/err"))); }
# fed FROM TO: writes script lines FROM..TO (from 1) in one write, then
# waits until upskill has printed more and is back waiting for input. It
# reads them all in one go and flushes its output before each read, so
# that means every line was taken.
fed() {
	local size
	size=$(printed)
	printf '%s\n' "${script[@]:$(($1 - 1)):$(($2 - $1 + 1))}" >&3
	for _ in $(seq "${FEED_NAPS:-6000}"); do
		waiting
		if [ "$state" = input ] && [ "$(printed)" -gt "$size" ]; then
			return 0
		fi
		kill -0 "$pid" 2>/dev/null || fail "upskill died at lines $1-$2: $(cat "$WORK/err")"
		nap
	done
	fail "lines $1-$2 not taken: $(tail -5 "$WORK/out") $(cat "$WORK/err")"
}

# checked WHERE HOW: the record after a kill. HOW is "exact" when what was
# shown is all that was done, "shown" when more may have been done.
checked() {
	local where=$1 how=$2 out integrity fk answers results acks ann
	local lost_answer_events lost_ack_events answer_events ack_events attempts starts finishes
	local moves sessions handovers lost_practice_events practice_events duties duty_adds
	local stage last_move
	out=$(upc verify 2>&1) || fail "$where: verify: $out"
	IFS='|' read -r integrity fk answers results acks ann lost_answer_events lost_ack_events \
		answer_events ack_events attempts starts finishes moves sessions handovers \
		lost_practice_events practice_events duties duty_adds stage last_move <<<"$(sql "SELECT
		(SELECT group_concat(integrity_check) FROM pragma_integrity_check),
		(SELECT count(*) FROM pragma_foreign_key_check),
		(SELECT count(*) FROM answers),
		(SELECT count(*) FROM attempts WHERE finished_at IS NOT NULL),
		(SELECT count(*) FROM acknowledgements),
		(SELECT count(*) FROM learners WHERE name = 'Ann'),
		(SELECT count(*) FROM answers t LEFT JOIN events e ON e.id = t.event_id AND e.kind = 'answer' WHERE e.id IS NULL),
		(SELECT count(*) FROM acknowledgements t LEFT JOIN events e ON e.id = t.event_id AND e.kind = 'ack' WHERE e.id IS NULL),
		(SELECT count(*) FROM events WHERE kind = 'answer'),
		(SELECT count(*) FROM events WHERE kind = 'ack'),
		(SELECT count(*) FROM attempts),
		(SELECT count(*) FROM events WHERE kind = 'attempt.start'),
		(SELECT count(*) FROM events WHERE kind = 'attempt.finish'),
		(SELECT count(*) FROM events WHERE kind = 'duty.stage'),
		(SELECT count(*) FROM duty_practice),
		(SELECT count(*) FROM events WHERE kind = 'duty.handover'),
		(SELECT count(*) FROM duty_practice t LEFT JOIN events e ON e.id = t.event_id AND e.kind = 'duty.practice' WHERE e.id IS NULL),
		(SELECT count(*) FROM events WHERE kind = 'duty.practice'),
		(SELECT count(*) FROM duties),
		(SELECT count(*) FROM events WHERE kind = 'duty.add'),
		(SELECT coalesce(max(stage), 0) FROM duty_stages WHERE duty_id = 'replies'),
		(SELECT coalesce((SELECT CASE json_extract(data, '$.to') WHEN 'observing' THEN 1
			WHEN 'assisted' THEN 2 WHEN 'independent' THEN 3 WHEN 'handed over' THEN 4 END
			FROM events WHERE kind IN ('duty.stage', 'duty.handover') AND subject = 'replies'
			ORDER BY id DESC LIMIT 1), 0))")"
	expect_eq "$where: integrity" ok "$integrity"
	expect_eq "$where: foreign keys" 0 "$fk"

	# What was shown is in the record.
	shown_and_recorded "$where" "$how" answers '^(Right\.|Partly right|Not right\.)' "$answers"
	shown_and_recorded "$where" "$how" results '^Result: ' "$results"
	shown_and_recorded "$where" "$how" acknowledgements '^Acknowledged version ' "$acks"
	shown_and_recorded "$where" "$how" "staff added" "^added staff 'Ann'" $((ann - ann_before))
	shown_and_recorded "$where" "$how" "stage moves" "^Ann: 'replies' .* -> " "$moves"
	shown_and_recorded "$where" "$how" "practice sessions" "^logged a supervised session" "$sessions"
	shown_and_recorded "$where" "$how" "handovers" "^handed 'replies' over to Ann" "$handovers"

	# Every row that mirrors an event has it, and the other way round.
	expect_eq "$where: each answer has its event" 0 "$lost_answer_events"
	expect_eq "$where: each acknowledgement has its event" 0 "$lost_ack_events"
	expect_eq "$where: each answer event has its answer" "$answers" "$answer_events"
	expect_eq "$where: each ack event has its acknowledgement" "$acks" "$ack_events"
	expect_eq "$where: each attempt has its start event" "$attempts" "$starts"
	expect_eq "$where: each finish has its event" "$results" "$finishes"
	expect_eq "$where: each practice session has its event" 0 "$lost_practice_events"
	expect_eq "$where: each practice event has its session" "$sessions" "$practice_events"
	expect_eq "$where: the stage is the last one moved to" "$last_move" "$stage"
	expect_eq "$where: each duty has its event" "$duty_adds" "$duties"
	case "$duties" in 0 | 3) ;; *) fail "$where: the plan was loaded in part: $duties duties" ;; esac
}
# shown_and_recorded WHERE HOW WHAT PATTERN RECORDED
shown_and_recorded() {
	local shown
	shown=$(grep -cE "$4" "$WORK/out")
	if [ "$2" = exact ]; then
		expect_eq "$1: $3 shown and recorded" "$shown" "$5"
	else
		[ "$5" -ge "$shown" ] || fail "$1: $shown $3 shown, $5 recorded"
	fi
}

# resumed WHERE TO: carries the session on from what the record holds to
# the end of the staff member's part (TO is "learning") or to the end
# ("all"), then checks it ended there as the uninterrupted session does.
# (Learning alone spares signing the consultant in, which is slow on
# purpose, where the session never reached the duty.)
resumed() {
	local where=$1 to=$2 ann basics_done basics_answered rules_passed rules_open rules_answered acks
	local stage sessions setup
	IFS='|' read -r ann setup basics_done basics_answered rules_passed rules_open rules_answered acks \
		stage sessions <<<"$(sql "SELECT
		(SELECT count(*) FROM learners WHERE name = 'Ann'),
		(SELECT count(*) FROM learners WHERE name = 'Ann' AND setup = 1),
		(SELECT count(*) FROM attempts WHERE module_id = 'basics' AND finished_at IS NOT NULL),
		(SELECT count(*) FROM answers JOIN attempts a ON a.id = attempt_id WHERE a.module_id = 'basics'),
		(SELECT count(*) FROM attempts WHERE module_id = 'rules' AND passed = 1),
		(SELECT count(*) FROM attempts WHERE module_id = 'rules' AND finished_at IS NULL),
		(SELECT count(*) FROM answers JOIN attempts a ON a.id = attempt_id WHERE a.module_id = 'rules'),
		(SELECT count(*) FROM acknowledgements),
		(SELECT coalesce(max(stage), 0) FROM duty_stages WHERE duty_id = 'replies'),
		(SELECT count(*) FROM duty_practice)")"
	if [ "$ann" = 0 ]; then
		staff Ann
	fi
	{
		echo "login ann"
		# Her set-up code and own passphrase if the first sign-in was
		# not done, or just the passphrase.
		if [ "$setup" = 1 ]; then printf '%s\n' "$code" "$P"; else echo "$P"; fi
		if [ "$basics_done" = 0 ]; then
			# Blank lines turn pages; at a question they only show how to
			# answer, so two are safe wherever the reading stopped.
			printf '%s\n' "start basics" "" "" "${right[@]:$basics_answered}"
		fi
		if [ "$rules_passed" = 0 ]; then
			echo "start rules"
			[ "$rules_open" = 0 ] && echo ""
			[ "$rules_answered" = 0 ] && echo t
		fi
		[ "$acks" = 0 ] && printf '%s\n' "ack rules" "I agree"
		if [ "$to" = all ]; then
			printf '%s\n' logout "login cat" "$P"
			[ "$stage" -lt 1 ] && echo "duty stage Ann replies observing"
			for i in $(seq $((sessions + 1)) 2); do
				echo "duty log Ann replies 'session $i'"
			done
			[ "$stage" -lt 2 ] && echo "duty stage Ann replies assisted"
			[ "$stage" -lt 3 ] && echo "duty stage Ann replies independent"
			[ "$stage" -lt 4 ] && echo "handover replies Ann --note ready"
		fi
	} >"$WORK/rest"
	upscript <"$WORK/rest" >"$WORK/rest.out" 2>&1 ||
		fail "$where: carrying on failed: $(cat "$WORK/rest.out")"
	if [ "$to" = learning ]; then duty="0|0|"; else duty="4|2|Ann"; fi
	expect_eq "$where: carried on to the end" "1|1|8.0|100.0|8|8|1|1|$duty" "$(sql "SELECT
		(SELECT count(*) FROM attempts WHERE module_id = 'basics'),
		count(*), max(score), max(percent),
		(SELECT count(*) FROM answers JOIN attempts a ON a.id = attempt_id WHERE a.module_id = 'basics'),
		(SELECT count(DISTINCT question_id) FROM answers JOIN attempts a ON a.id = attempt_id WHERE a.module_id = 'basics'),
		(SELECT count(*) FROM attempts WHERE module_id = 'rules' AND passed = 1),
		(SELECT count(*) FROM acknowledgements),
		(SELECT coalesce(max(stage), 0) FROM duty_stages WHERE duty_id = 'replies'),
		(SELECT count(*) FROM duty_practice),
		(SELECT l.name FROM duty_stages d JOIN learners l ON l.id = d.learner_id WHERE d.stage = 4)
		FROM attempts WHERE module_id = 'basics' AND passed = 1")"
	checked "$where, carried on" shown
}

# An uninterrupted run first, for reference.
fresh 1
printf '%s\n' "${script[@]}" | upscript >"$WORK/out" 2>"$WORK/err" || fail "uninterrupted run: $(cat "$WORK/err")"
expect_eq "uninterrupted run: no errors" "" "$(without_notes <"$WORK/err")"
checked "uninterrupted run" exact
expect_eq "uninterrupted run: events" 32 "$(sql 'SELECT count(*) FROM events')"

# Killed after line k, waiting for the next, for every k.
n=${#script[@]}
for k in $(seq 1 "$n"); do
	sampled "$k" || continue
	[[ "$secret_next" == *" $k "* ]] && continue
	where="killed after line $k (${done_[$((k - 1))]})"
	fresh $((k < 5 ? 1 : 5))
	started
	fed "$from" "$k"
	stopped
	expect_eq "$where: no errors" "" "$(without_notes <"$WORK/err")"
	checked "$where" exact
	if [ "$k" -lt "$duty_from" ]; then resumed "$where" learning; else resumed "$where" all; fi
done

# Killed during line k, while it waits for the write lock another
# connection holds: whatever line k was about to write is lost whole.
lock_held() {
	rm -f "$WORK/lock" "$WORK/lock.out"
	mkfifo "$WORK/lock"
	sqlite3 -batch "$DB" <"$WORK/lock" >"$WORK/lock.out" 2>&1 &
	lockpid=$!
	exec 4>"$WORK/lock"
	# A writer waits for the lock like any other (the shell has no busy
	# handler of its own): once, on a loaded machine, BEGIN IMMEDIATE met a
	# lock held for an instant and failed at once.
	echo ".timeout 5000" >&4
	echo "BEGIN IMMEDIATE; SELECT 'locked';" >&4
	for _ in $(seq 1000); do
		[ "$(<"$WORK/lock.out")" = locked ] && return 0
		nap
	done
	fail "could not take the write lock: $(cat "$WORK/lock.out")"
}
lock_released() {
	echo "ROLLBACK;" >&4
	exec 4>&-
	wait "$lockpid"
}
writers=0
for k in $(seq 2 "$n"); do
	sampled "$k" || continue
	# A line that waits for a passphrase prints nothing, so it is taken
	# in silence; it is not a line to hold the lock during either.
	[[ "$secret_next" == *" $k "* ]] && continue
	where="killed during line $k ('${script[$((k - 1))]}')"
	fresh $((k < 6 ? 1 : 5))
	started
	if [[ "$secret_next" == *" $((k - 1)) "* ]]; then
		[ $((k - 2)) -ge "$from" ] && fed "$from" $((k - 2))
		printf '%s\n' "${script[$((k - 2))]}" >&3
	else
		fed "$from" $((k - 1))
	fi
	lock_held
	size=$(stat -c %s "$WORK/out")
	printf '%s\n' "${script[$((k - 1))]}" >&3
	# Either it blocks on the lock, or the line writes nothing and it
	# is soon back waiting for input.
	for _ in $(seq "${FEED_NAPS:-6000}"); do
		waiting
		[ "$state" = other ] && break
		[ "$state" = input ] && [ "$(stat -c %s "$WORK/out")" -gt "$size" ] && break
		nap
	done
	if [ "$state" = other ]; then
		writers=$((writers + 1))
		# Give the busy wait a moment, to show it really waits (between
		# its naps it may be running, but not back at the input).
		sleep 0.05
		waiting
		[ "$state" != input ] || fail "$where: did not stay waiting for the lock"
	fi
	stopped
	lock_released
	expect_eq "$where: no errors" "" "$(without_notes <"$WORK/err")"
	checked "$where" exact
	# Carrying on is not tried again: what line k was to write is lost
	# whole, so the record is as the kill after line k - 1 left it, and
	# that one was carried on from above.
done
# The lines that write: the consultant's passphrase twice (failed sign-ins
# forgotten), the staff added, her set-up code (likewise) and the passphrase
# she chose, each page turn, each answer, the rules page, its answer, the
# acknowledgement, each stage move, practice session and the handover. (Signing in writes nothing: only publishing makes a policy
# version count.)
[ "$sample" = all ] && expect_eq "lines that waited for the lock" 24 "$writers"

# Killed between the last answer's commit and the finish of the attempt:
# the last question has 200 kB of feedback and nothing reads the output,
# so upskill blocks on the full pipe just after committing the answer.
long="$WORK/long-courses"
mkdir -p "$long"
cp "$C/rules.xml" "$long/"
xml=$(<"$C/basics.xml")
printf '%s\n' "${xml/<\/scenario>/<feedback>$(printf 'word %.0s' $(seq 40000))</feedback></scenario>}" \
	>"$long/basics.xml"
where="killed between the last answer and the finish"
fresh 4
rm -f "$WORK/in" "$WORK/outpipe"
mkfifo "$WORK/in" "$WORK/outpipe"
env -u UPSKILL_PASSPHRASE "$UPSKILL" --db "$DB" --courses "$long" <"$WORK/in" >"$WORK/outpipe" 2>"$WORK/err" &
pid=$!
exec 3>"$WORK/in" 5<"$WORK/outpipe"
printf '%s\n' "${script[@]:4:14}" >&3
for _ in $(seq 2000); do
	waiting
	[ "$state" = other ] && [ "$(sql 'SELECT count(*) FROM answers')" = 8 ] && break
	nap
done
expect_eq "$where: all eight answered" 8 "$(sql 'SELECT count(*) FROM answers')"
stopped
exec 5<&-
: >"$WORK/out"
expect_eq "$where: no errors" "" "$(without_notes <"$WORK/err")"
expect_eq "$where: attempt left open" 1 "$(sql 'SELECT count(*) FROM attempts WHERE finished_at IS NULL')"
checked "$where" shown
out=$(printf 'login ann\nquiz basics\n' | "$UPSKILL" --db "$DB" --courses "$long" 2>&1) ||
	fail "$where: resuming: $out"
expect_in "$where: resumed straight to the result" "Result: 8 of 8 points, 100.0%" "$out"
checked "$where, finished" shown
expect_eq "$where: finished once" 1 "$(sql "SELECT count(*) FROM events WHERE kind = 'attempt.finish'")"

# Nothing lost: an answer is in the record before its feedback shows, so
# killing the process with SIGKILL mid-quiz loses no answer given, and the
# attempt resumes with the same questions, in the same order, at the first
# one not answered (its stored seed wins over any new one).
. tests/e2e/lib.sh
C=tests/courses/good
upc() { "$UPSKILL" --db "$DB" --courses "$C" "$@"; }

org
staff Kim
mkfifo "$WORK/in"
# Started directly (not through the upc function), so $! is upskill itself.
UPSKILL_SEED=7 "$UPSKILL" --db "$DB" --courses "$C" <"$WORK/in" >"$WORK/out" 2>&1 &
pid=$!
exec 3>"$WORK/in"
# Seed 7 asks the scenario first (b is right), then the numeric one.
printf 'login kim\nstart example-basics\n\nb\n24\n' >&3
for _ in $(seq 100); do
	[ "$(sql 'SELECT count(*) FROM answers' 2>/dev/null)" = 2 ] && break
	sleep 0.05
done
expect_eq "two answers recorded while running" 2 "$(sql 'SELECT count(*) FROM answers')"
kill -9 $pid
wait $pid 2>/dev/null
exec 3>&-
grep -q "Right." "$WORK/out" || fail "no feedback was shown: $(cat "$WORK/out")"

expect_eq "integrity after SIGKILL" ok "$(integrity)"
expect_eq "attempt still open" 1 "$(sql 'SELECT count(*) FROM attempts WHERE finished_at IS NULL')"
plan=$(sql 'SELECT plan FROM attempts')
seed=$(sql 'SELECT seed FROM attempts')
expect_eq "seed stored" 7 "$seed"
expect_eq "answers kept" "reply-viral|1.0
reply-hours|1.0" "$(sql "SELECT question_id, $(real fraction) FROM answers ORDER BY id")"
expect_eq "each answer is an event" 2 "$(sql "SELECT count(*) FROM events WHERE kind = 'answer'")"

# Resume under another seed: the stored one decides.
out=$(printf 'login kim\nquiz example-basics\nf\nq\n' | UPSKILL_SEED=8 upc 2>&1)
expect_in "resumed" "Resuming your attempt at 'Replying to comments': 2 of 7 answered." "$out"
expect_in "same third question" "Question 3 of 7 (true/false)
Deleting a critical but fair comment is the safest response." "$out"
expect_eq "plan unchanged" "$plan" "$(sql 'SELECT plan FROM attempts')"
expect_eq "third answer kept" 3 "$(sql 'SELECT count(*) FROM answers')"
expect_eq "still one attempt" 1 "$(sql 'SELECT count(*) FROM attempts')"

# EOF in the middle of a question keeps the attempt too.
out=$(printf 'login kim\nstart example-basics\n' | upc 2>&1)
expect_in "start resumes the quiz" "Resuming your attempt at 'Replying to comments': 3 of 7 answered." "$out"
expect_in "EOF stops cleanly" "Stopped with 3 of 7 answered" "$out"

# The lesson page reached is remembered.
C=tests/e2e/courses
staff Lee
printf 'login lee\nstart basics\n\nq\n' | upc >/dev/null 2>&1
expect_eq "page saved" 1 "$(sql "SELECT page FROM lesson_progress WHERE module_id = 'basics'")"
out=$(printf 'login lee\nstart basics\nq\n' | upc 2>&1)
expect_in "page remembered" "Picking up where you left off, at page 2 of" "$out"

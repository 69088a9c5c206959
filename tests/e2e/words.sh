# What a learner types that is not an answer: the words the prompt
# understands ("quit", "exit", "help"…, in any case) are never graded, even
# at a short-answer question where any text would do; a module passed
# already is taken again only when asked for (a [y/N] question at a
# terminal, --again in a script), so no attempt is spent by mistake; and a
# head hash given short, as reports print it, is found, not taken for a
# record cut back.
. tests/e2e/lib.sh
. tests/e2e/tmux.sh
C="$WORK/courses"
mkdir -p "$C"
cp tests/e2e/courses/basics.xml "$C/"
org
staff Sam
upc() { "$UPSKILL" --db "$DB" --courses "$C" "$@"; }
right=(b "a b" f "your name" 24 "c a b" "1b 2a" a)

# Question 4 is a short answer: "quit", "EXIT", "q" and "Help" there leave
# the quiz or show help, and nothing of them is kept as an answer.
out=$(printf 'login Sam\nstart basics\n\n\n%s\n%s\n%s\nquit\n' "${right[@]:0:3}" | upc 2>&1) ||
	fail "'quit' at a short answer: $out"
expect_in "'quit' leaves the quiz" "Stopped with 3 of 8 answered" "$out"
for word in EXIT q; do
	out=$(printf 'login Sam\nquiz basics\n%s\n' "$word" | upc 2>&1) || fail "'$word': $out"
	expect_in "'$word' leaves the quiz" "Stopped with 3 of 8 answered" "$out"
done
out=$(printf 'login Sam\nquiz basics\nHelp\nexit\n' | upc 2>&1) || fail "help and exit: $out"
expect_eq "'Help' shows how to answer" 1 "$(grep -c '^type your answer$' <<<"$out")"
expect_in "'exit' leaves" "Stopped with 3 of 8 answered" "$out"
expect_eq "three answers, none of them a word" "3|" \
	"$(sql "SELECT count(*), coalesce(max(CASE WHEN lower(response) IN ('quit', 'exit', 'q', 'help') THEN response END), '') FROM answers")"
expect_eq "the attempt stays open" 1 "$(sql 'SELECT count(*) FROM attempts WHERE finished_at IS NULL')"
out=$(printf 'login Sam\nquiz basics\n%s\n' "${right[@]:3}" | upc 2>&1) || fail "finishing: $out"
expect_in "passed" "Result: " "$out"
expect_eq "one attempt, passed" "1|1" "$(sql 'SELECT count(*), sum(passed) FROM attempts')"

# Passed: in a script, 'quiz' says so and spends nothing; --again takes it.
out=$(printf 'login Sam\nquiz basics\n' | upc 2>&1) && fail "quiz after a pass ran: $out"
expect_in "quiz after a pass, in a script" \
	"error: line 2: you have passed 'basics' already; 'quiz basics --again' takes it again" "$out"
expect_eq "no attempt spent" 1 "$(sql 'SELECT count(*) FROM attempts')"

# At a terminal it asks, and No (or Enter) keeps the pass without an attempt.
t new-session -d -s up -x 100 -y 30 \
	"env -u UPSKILL_PASSPHRASE XDG_STATE_HOME='$XDG_STATE_HOME' NO_COLOR=1 '$UPSKILL' --db '$DB' --courses '$C'; sleep 30"
wait_for "upskill>"
t send-keys -t up "login Sam" Enter
wait_for "Passphrase for Sam:"
t send-keys -t up "$UPSKILL_PASSPHRASE" Enter
wait_for "signed in as Sam"
t send-keys -t up "quiz basics" Enter
wait_for "You have passed 'basics' already. Take the quiz again? [y/N]"
t send-keys -t up Enter
wait_for "Not taken: your pass stands."
# The question is still there to read: nothing was written over it.
screen | grep -qxF "You have passed 'basics' already. Take the quiz again? [y/N]" ||
	fail "the question was written over: $(screen)"
expect_eq "No spends no attempt" 1 "$(sql 'SELECT count(*) FROM attempts')"
t send-keys -t up "quiz basics" Enter
wait_for "Take the quiz again? [y/N]"
t send-keys -t up "y" Enter
wait_for "Question 1 of 8"
t send-keys -t up "q" Enter
wait_for "Stopped with 0 of 8 answered"
expect_eq "Yes begins a second attempt" 2 "$(sql 'SELECT count(*) FROM attempts')"
# review pages a question at a time: Enter for the next, b for the one
# before, as the lesson pager does.
last_question() { screen | grep -o '^Question [0-9] of 8' | tail -1; }
t send-keys -t up "review basics" Enter
wait_for "[Enter] next, [b] back, [q] stop >"
expect_eq "review starts at the first" "Question 1 of 8" "$(last_question)"
t send-keys -t up Enter
for _ in $(seq "${WAIT_TENTHS:-50}"); do [ "$(last_question)" = "Question 2 of 8" ] && break; sleep 0.1; done
expect_eq "Enter: the next" "Question 2 of 8" "$(last_question)"
t send-keys -t up b Enter
for _ in $(seq "${WAIT_TENTHS:-50}"); do [ "$(last_question)" = "Question 1 of 8" ] && break; sleep 0.1; done
expect_eq "b: the one before" "Question 1 of 8" "$(last_question)"
t send-keys -t up q Enter
wait_last "upskill>"
t kill-session -t up

# review --wrong shows only what was missed; all right, it says so.
out=$(printf 'login Sam\nreview basics --wrong\n' | upc 2>&1) || fail "review --wrong: $out"
expect_in "nothing missed" "Every answer was right: nothing to look at again." "$out"
expect_eq "no question shown" "" "$(grep '^Question ' <<<"$out")"

# A head hash given short (as reports print it, with or without "...", in
# either case) is found; one that is not hex, or too short, is refused as
# such; a prefix no event has is the alarm it always was.
head=$(sql 'SELECT hash FROM events ORDER BY id DESC LIMIT 1')
n=$(sql 'SELECT count(*) FROM events')
for given in "${head:0:8}" "${head:0:16}..." "$(echo "${head:0:12}" | tr a-f A-F)" "$head"; do
	out=$(as_cat verify "$given" 2>&1) || fail "verify $given: $out"
	expect_in "verify $given" "is event $n of the record" "$out"
done
out=$(as_cat verify 1234567 2>&1) && fail "a 7-digit head was taken: $out"
expect_eq "too short" "error: verify: '1234567' is not a head hash (8 to 64 hex digits)" "$out"
out=$(as_cat verify notahash 2>&1) && fail "a word was taken for a head: $out"
expect_in "not hex" "is not a head hash" "$out"
out=$(as_cat verify 00000000 2>&1) && fail "an unknown head passed: $out"
expect_in "unknown head" "head 00000000 is not in the record" "$out"

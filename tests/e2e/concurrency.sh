# Several people at once on one database: eight members of staff (sixteen
# under make test-pg),
# each in their own upskill process, take the 'basics' quiz over several
# rounds and acknowledge the policy each round, while a consultant adds
# people and reads the compliance report, and verify runs again and again.
# Every process must exit 0 with nothing about a locked or busy database
# (or any error) reaching anyone; no answer may be lost or doubled; every
# answer, attempt and acknowledgement must have its event; and the event
# chain must still verify. Eight processes opening a new database at once,
# and eight racing to create its first consultant, must also go cleanly.
. tests/e2e/lib.sh
C="$WORK/courses"
mkdir -p "$C"
# Unlimited attempts, so each round is a fresh attempt.
sed 's/<quiz pass="60" attempts="2">/<quiz pass="60">/' tests/e2e/courses/basics.xml >"$C/basics.xml"
cp tests/e2e/courses/rules.xml "$C/"
grep -q '<quiz pass="60">' "$C/basics.xml" || fail "could not lift the attempts limit"
upc() { "$UPSKILL" --db "$DB" --courses "$C" "$@"; }

staff=(Ann Bo Cy Di Ed Flo Gus Hal)
# make test-pg runs sixteen learners at once (CONCURRENT_STAFF=16).
if [ "${CONCURRENT_STAFF:-8}" = 16 ]; then
	staff+=(Ivy Jo Kit Lu Mo Ned Oz Pip)
fi
# Under valgrind (make valgrind) every run is slow: fewer tries and rounds.
if [ -n "${UPSKILL_VALGRIND:-}" ]; then
	trials=2 burst=1 paced=1 patience=900
else
	trials=12 burst=2 paced=3 patience=60
fi
right=(b "a b" f "your name" 24 "c a b" "1b 2a" a)

# ---- Eight processes opening a new database at once ------------------------

# Each waits on its own FIFO, so all open the file at the same moment; the
# clash this once lost is narrow, so try a dozen new files.
for i in 1 2 3 4 5 6 7 8; do
	mkfifo "$WORK/open$i"
done
for trial in $(seq $trials); do
	newdb[trial]=$(new_db "new$trial")
done
for trial in $(seq $trials); do
	for i in 1 2 3 4 5 6 7 8; do
		"$UPSKILL" --db "${newdb[$trial]}" --courses "$C" <"$WORK/open$i" >"$WORK/open$i.out" 2>&1 &
		pids[i]=$!
	done
	for i in 1 2 3 4 5 6 7 8; do
		exec {fd}>"$WORK/open$i"
		fds[i]=$fd
	done
	for i in 1 2 3 4 5 6 7 8; do
		echo verify >&"${fds[$i]}"
	done
	for i in 1 2 3 4 5 6 7 8; do
		fd=${fds[$i]}
		exec {fd}>&-
	done
	for i in 1 2 3 4 5 6 7 8; do
		wait "${pids[$i]}" || fail "opening a new database at once: $(cat "$WORK/open$i.out")"
		expect_in "opening a new database at once" "record intact: 1 event, head " \
			"$(cat "$WORK/open$i.out")"
	done
done

# ---- Eight processes racing to create the first consultant -----------------

for i in 1 2 3 4 5 6 7 8; do
	upc init "Cat$i" >"$WORK/init$i.out" 2>"$WORK/init$i.err" &
	pids[i]=$!
done
won=0
for i in 1 2 3 4 5 6 7 8; do
	if wait "${pids[$i]}"; then
		won=$((won + 1))
		winner=Cat$i
	else
		expect_eq "init race: the others refused" \
			"error: init: this organisation has a consultant already; sign in as one to add people" \
			"$(cat "$WORK/init$i.err")"
	fi
done
expect_eq "init race: one first consultant" 1 "$won"
expect_eq "init race: one consultant in the record" "$winner" "$(sql "SELECT name FROM learners")"

# ---- Eight learners, a consultant and verify, all at once -----------------

{
	echo "login $winner"
	printf 'learner add %s\n' "${staff[@]}"
} | upc >"$WORK/setup.out" 2>"$WORK/setup.err" || fail "adding staff: $(cat "$WORK/setup.err")"
# Each signs in once with their set-up code and chooses the scripts' passphrase.
for who in "${staff[@]}"; do
	code=$(sed -n "s/^set-up code for '$who': \([A-Z0-9-]*\) .*/\1/p" "$WORK/setup.out")
	own=$UPSKILL_PASSPHRASE
	UPSKILL_NEW_PASSPHRASE="$own" UPSKILL_PASSPHRASE="$code" upc --as "$who" whoami >/dev/null ||
		fail "first sign-in of $who"
done

# script I FROM TO [meet]: learner I's rounds FROM..TO, each a full attempt
# (the first answer wrong in every other round, so grades differ) and an
# acknowledgement; the first round reads the lessons first. With "meet",
# halfway through each attempt a line "#meet K" tells the feeder to hold
# the rest until every learner has begun their Kth attempt of the phase.
script() {
	echo "login ${staff[$1]}"
	for r in $(seq "$2" "$3"); do
		if [ "$r" = 1 ]; then printf '%s\n' "start basics" "" ""; else echo "quiz basics --again"; fi
		if [ $((($1 + r) % 2)) = 1 ]; then echo a; else echo b; fi
		printf '%s\n' "${right[@]:1:3}"
		[ "${4:-}" = meet ] && echo "#meet $((r - $2 + 1))"
		printf '%s\n' "${right[@]:4}" "ack rules" "I agree"
	done
	echo progress
}
# meet K: waits until all learners have begun K attempts since event
# $first_phase (or patience runs out; the checks after the run then fail).
meet() {
	local deadline=$(($(date +%s) + patience))
	while [ "$(sql "SELECT count(*) FROM events WHERE kind = 'attempt.start'
		AND id > $first_phase")" -lt $(($1 * ${#staff[@]})) ]; do
		[ "$(date +%s)" -lt $deadline ] || return
		sleep 0.05
	done
}
# The consultant adds people and reads the report meanwhile.
consultant_script() {
	echo "login $winner"
	for j in $(seq "$1" "$2"); do
		echo "learner add New$j"
		echo "report compliance --format csv"
	done
}

alive() { [ -e "/proc/$1" ] && [ "$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null)" != Z ]; }

# together PHASE PAUSE: runs the learners' and the consultant's scripts
# ($WORK/PHASE-*.in) at once, each process on its own FIFO, fed a line every
# PAUSE seconds (0: all at once, the hardest case for the lock); verify runs
# again and again meanwhile. Then checks every process did well.
together() {
	local phase=$1 pause=$2 name p running checks start
	local -a pids feeders
	for name in "${!staff[@]}" consultant; do
		rm -f "$WORK/fifo-$name"
		mkfifo "$WORK/fifo-$name"
		"$UPSKILL" --db "$DB" --courses "$C" <"$WORK/fifo-$name" \
			>"$WORK/$phase-$name.out" 2>"$WORK/$phase-$name.err" &
		pids+=($!)
	done
	start=$(date +%s)
	for name in "${!staff[@]}" consultant; do
		if [ "$pause" = 0 ]; then
			cat "$WORK/$phase-$name.in" >"$WORK/fifo-$name" &
		else
			while IFS= read -r line; do
				case $line in
				'#meet '*) meet "${line#\#meet }" ;;
				*)
					printf '%s\n' "$line"
					sleep "$pause"
					;;
				esac
			done <"$WORK/$phase-$name.in" >"$WORK/fifo-$name" &
		fi
		feeders+=($!)
	done
	checks=0
	while :; do
		running=0
		for p in "${pids[@]}"; do
			alive "$p" && running=1
		done
		[ $running = 0 ] && break
		out=$(upc verify 2>&1) || fail "$phase: verify during the run: $out"
		checks=$((checks + 1))
		[ $(($(date +%s) - start)) -lt $patience ] || fail "$phase: still running after $patience s"
	done
	[ "$checks" -ge 1 ] || fail "$phase: verify never ran alongside the others"
	for p in "${feeders[@]}"; do
		wait "$p"
	done
	for p in "${!pids[@]}"; do
		wait "${pids[$p]}" || fail "$phase: process $p: exit status $?"
	done
	# Nothing went wrong that anyone saw.
	for f in "$WORK/$phase"-*.out "$WORK/$phase"-*.err; do
		if grep -qiE 'locked|busy|error' "$f"; then
			fail "$(basename "$f"): $(grep -iE 'locked|busy|error' "$f" | head -3)"
		fi
	done
	for name in "${!staff[@]}"; do
		expect_eq "$phase: ${staff[$name]}: results" "$rounds_now" \
			"$(grep -c '^Result: ' "$WORK/$phase-$name.out")"
		expect_eq "$phase: ${staff[$name]}: acknowledged" "$rounds_now" \
			"$(grep -c '^Acknowledged version ' "$WORK/$phase-$name.out")"
	done
	expect_eq "$phase: consultant's reports" 5 \
		"$(grep -c '^learner,policy,version,state,until,reason' "$WORK/$phase-consultant.out")"
}

# Two rounds with every script given at once: each process takes the
# write lock as fast as it can, so the others wait on it.
rounds_now=$burst
for i in "${!staff[@]}"; do
	script "$i" 1 $burst >"$WORK/burst-$i.in"
done
consultant_script 1 5 >"$WORK/burst-consultant.in"
together burst 0

# Three rounds fed a line at a time, about ten milliseconds apart, as
# people type (only faster), meeting halfway through each attempt: signing
# in takes each process a different time, and without the meeting a slow
# start could let one learner's attempts run alone, after the others'.
rounds_now=$paced
for i in "${!staff[@]}"; do
	script "$i" $((burst + 1)) $((burst + paced)) meet >"$WORK/paced-$i.in"
done
consultant_script 6 10 >"$WORK/paced-consultant.in"
first_phase=$(sql 'SELECT max(id) FROM events')
first_paced=$first_phase
together paced 0.01
# The learners really ran together: attempts during which another
# learner wrote to the record.
overlapped=$(sql "SELECT count(*) FROM events s JOIN events f
	ON s.kind = 'attempt.start' AND f.kind = 'attempt.finish'
	AND $(json f.data attempt) = $(json s.data attempt)
	WHERE s.id > $first_paced AND EXISTS (SELECT 1 FROM events o
	WHERE o.id > s.id AND o.id < f.id AND o.learner_id <> s.learner_id)")
# Each round, every learner but the last to begin saw another begin.
[ "$overlapped" -ge $(((${#staff[@]} - 1) * paced)) ] ||
	fail "the learners did not overlap ($overlapped attempts)"
rounds=$((burst + paced))

# Nothing lost, nothing doubled.
n=${#staff[@]}
expect_eq "attempts: all finished and passed" "$((n * rounds))|$((n * rounds))" \
	"$(sql 'SELECT count(*), sum(passed) FROM attempts WHERE finished_at IS NOT NULL')"
expect_eq "no attempt left open" 0 "$(sql 'SELECT count(*) FROM attempts WHERE finished_at IS NULL')"
expect_eq "answers" $((n * rounds * 8)) "$(sql 'SELECT count(*) FROM answers')"
expect_eq "each attempt has its eight answers" "" \
	"$(sql 'SELECT attempt_id FROM answers GROUP BY attempt_id HAVING count(*) <> 8 OR count(DISTINCT question_id) <> 8')"
# Learner i answered the first question wrong in rounds r where i + r is
# odd.
for i in "${!staff[@]}"; do
	wrong=0
	for r in $(seq 1 $rounds); do
		[ $(((i + r) % 2)) = 1 ] && wrong=$((wrong + 1))
	done
	echo "${staff[$i]}|$rounds|$((rounds * 8 - wrong)).0"
done | LC_ALL=C sort >"$WORK/expected-scores"
expect_eq "each learner's attempts and score" "$(cat "$WORK/expected-scores")" \
	"$(sql "SELECT l.name, count(*), $(real "sum(a.score)") FROM attempts a JOIN learners l ON l.id = a.learner_id GROUP BY l.name" | LC_ALL=C sort)"
expect_eq "acknowledgements" $((n * rounds)) "$(sql 'SELECT count(*) FROM acknowledgements')"
expect_eq "learners" $((1 + n + 10)) "$(sql 'SELECT count(*) FROM learners')"

# Every record has its event, the chain holds, the file is sound.
expect_eq "events by kind" "ack|$((n * rounds))
answer|$((n * rounds * 8))
attempt.finish|$((n * rounds))
attempt.start|$((n * rounds))
learner.add|$((1 + n + 10))
learner.credential|$((1 + 2 * n + 10))
module.publish|2
record.test|1" "$(sql 'SELECT kind, count(*) FROM events GROUP BY kind ORDER BY kind')"
expect_eq "event ids without gaps" "1|$(sql 'SELECT count(*) FROM events')" "$(sql 'SELECT min(id), max(id) FROM events')"
expect_eq "integrity" ok "$(integrity)"
out=$(upc verify) || fail "verify: $out"
expect_in "verify" "record intact: $(sql 'SELECT count(*) FROM events') events" "$out"

# Refreshers: a pass gives each question answered a card; nothing is due
# the next day; the questions are due after their interval; refresh asks
# them, the next due moves out after a right answer and comes sooner
# after a wrong one; progress counts them; report retention shows them;
# a pass, the attempts and compliance are as they were; verify replays
# every card and finds a changed one.
. tests/e2e/lib.sh
C="$WORK/courses"
mkdir -p "$C"
cp tests/e2e/courses/rules.xml "$C/"
cat >"$C/memo.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<module id="memo" version="1.0" topic="engagement" minutes="5">
  <title>Remembering replies</title>
  <summary>Three questions to space.</summary>
  <lesson title="Replies">
    <p>Reply within a working day, sign it, and never delete fair criticism.</p>
  </lesson>
  <quiz pass="60">
    <truefalse id="day" answer="true">
      <prompt>A question should get an answer within a working day.</prompt>
    </truefalse>
    <truefalse id="delete" answer="false">
      <prompt>Deleting fair criticism is safest.</prompt>
    </truefalse>
    <multiple id="good">
      <prompt>Which make a good reply?</prompt>
      <choice correct="true">It answers the question</choice>
      <choice correct="true">It is signed</choice>
      <choice>It links to an offer</choice>
    </multiple>
  </quiz>
</module>
XML
upc() { "$UPSKILL" --db "$DB" --courses "$C" "$@"; }
at() { UPSKILL_NOW="$1" upc "${@:2}"; }
ann() { UPSKILL_NOW="$1" upc --as Ann "${@:2}" 2>/dev/null; }
cat_at() { UPSKILL_NOW="$1" as_cat "${@:2}" 2>/dev/null; }
# due QUESTION: Ann's card's last due time.
due() { sql "SELECT due_at FROM refresh_answers WHERE question_id = '$1' ORDER BY id DESC LIMIT 1"; }
org
staff Ann

# Nothing before a pass.
expect_eq "no refreshers yet" "No refreshers yet: they begin when you pass a module's quiz." \
	"$(ann 2026-03-02T09:30:00Z refresh)"
expect_eq "progress says nothing of them" "" "$(ann 2026-03-02T09:30:00Z progress | grep Refreshers)"

# Ann passes memo on 2 March, every answer right: each card is Good, due in
# two days (FSRS-6's first stability for Good is 2.3065 days).
printf 'login ann\nstart memo\n\nt\nf\na,b\n' | at 2026-03-02T10:00:00Z >/dev/null || fail "Ann's pass"
expect_eq "passed" "100.0|1" "$(sql "SELECT $(real percent), passed FROM attempts")"
attempts_before=$(sql "SELECT id, finished_at, $(real percent), passed, practice FROM attempts")
modules_before=$(cat_at 2026-03-10T12:00:00Z report modules --format csv)
compliance_before=$(cat_at 2026-03-10T12:00:00Z report compliance --format csv)
learners_before=$(cat_at 2026-03-10T12:00:00Z report learners --format csv)

# The next day: nothing due, and when the next is.
expect_eq "nothing the next day" \
	"Nothing to refresh now. The next refresher is due in 1 day (2026-03-04)." \
	"$(ann 2026-03-03T10:00:00Z refresh)"
expect_in "progress: the next" "Refreshers: none due now; the next on 2026-03-04." \
	"$(ann 2026-03-03T10:00:00Z progress)"
expect_eq "nothing written" 0 "$(sql 'SELECT count(*) FROM refresh_answers')"

# After the interval all three are due.
expect_in "progress: due" "Refreshers: 3 questions due now: 'refresh' asks them." \
	"$(ann 2026-03-04T10:00:00Z progress)"
out=$(upc --as Rolf refresh 2>&1) && fail "refresh by nobody: $out"
out=$(ann 2026-03-04T10:00:00Z refresh nosuch 2>&1; upc --as Ann refresh nosuch 2>&1) &&
	fail "refresh of no module: $out"
expect_in "no such module" "nosuch" "$out"
expect_eq "rules has none" "No refreshers on this module yet: they begin when you pass a module's quiz." \
	"$(ann 2026-03-04T10:00:00Z refresh rules)"

# Skipped stays due; 'q' stops with what was answered kept.
out=$(printf 'skip\nq\n' | ann 2026-03-04T10:00:00Z refresh memo)
expect_in "asked, oldest first, in module order" "Question 1 of 3 (true/false)" "$out"
expect_in "skipped" "Skipped; it stays due." "$out"
expect_in "stopped" "Refreshed 0: 0 right, 0 partly right, 0 not right; 1 skipped." "$out"
expect_in "still due" "3 more due now: 'refresh' asks them." "$out"
expect_eq "no hints" "no hints here: answer from memory" \
	"$(printf 'hint\nq\n' | ann 2026-03-04T10:00:00Z refresh | grep 'no hints')"

# Right, wrong, partly right.
out=$(printf 't\nt\na\n' | ann 2026-03-04T10:00:00Z refresh)
expect_in "intro" "Refreshers: 3 questions due. They keep what you learned fresh and never change a pass." "$out"
expect_in "from the module" "From 'memo' (Remembering replies), last asked 2026-03-02:" "$out"
expect_in "right, then spaced out" "Right.
Asked again in 11 days (2026-03-15)." "$out"
expect_in "summary" "Refreshed 3: 1 right, 1 partly right, 1 not right." "$out"
expect_eq "graded Good, Again, Hard" "day|3|2|1.0
delete|1|2|0.0
good|2|2|0.5" "$(sql "SELECT question_id, rating, elapsed_days, $(real fraction) FROM refresh_answers ORDER BY id")"
# The first interval was 2 days: a right answer moves the next out, a wrong
# one brings it sooner, partly right lands between.
expect_eq "right moves out" "2026-03-15T10:00:00Z" "$(due day)"
expect_eq "wrong comes sooner" "2026-03-05T10:00:00Z" "$(due delete)"
[[ "$(due good)" > "$(due delete)" && "$(due good)" < "$(due day)" ]] ||
	fail "partly right between: $(due good)"
expect_eq "one event each" "3|3" \
	"$(sql "SELECT count(*), count(DISTINCT event_id) FROM refresh_answers r JOIN events e ON e.id = r.event_id AND e.kind = 'refresh.answer' AND e.subject = 'memo'")"

# The wrong one is due the next day; asked again right, it moves out.
expect_in "one due" "Refreshers: 1 question due now: 'refresh' asks it." \
	"$(ann 2026-03-05T11:00:00Z progress)"
out=$(printf 'f\n' | ann 2026-03-05T11:00:00Z refresh)
expect_in "one asked" "Refreshers: 1 question due." "$out"
expect_in "one right" "Refreshed 1: 1 right, 0 partly right, 0 not right." "$out"
[[ "$(due delete)" > "2026-03-06T11:00:00Z" ]] || fail "right again moves out: $(due delete)"

# The pass, the attempts and compliance are as they were.
expect_eq "attempts unchanged" "$attempts_before" \
	"$(sql "SELECT id, finished_at, $(real percent), passed, practice FROM attempts")"
expect_eq "report modules unchanged" "$modules_before" "$(cat_at 2026-03-10T12:00:00Z report modules --format csv)"
expect_eq "compliance unchanged" "$compliance_before" "$(cat_at 2026-03-10T12:00:00Z report compliance --format csv)"
expect_eq "learners unchanged" "$learners_before" "$(cat_at 2026-03-10T12:00:00Z report learners --format csv)"
expect_in "still passed" "memo    passed       100%" "$(ann 2026-03-10T12:00:00Z progress)"

# report retention: per module, learners and questions spaced, due now,
# mean predicted recall now, refresher answers and how many were right.
csv=$(cat_at 2026-03-10T12:00:00Z report retention --format csv | tr -d '\r')
expect_eq "retention csv header" \
	"module,learners,questions,due_now,retention_percent,refresh_answers,refresh_right,right_percent" \
	"$(echo "$csv" | head -1)"
expect_in "memo's row" "memo,1,3,1," "$csv"
expect_in "memo's answers" ",4,2,50.0" "$csv"
expect_in "rules: nothing" "rules,0,0,0,,0,0," "$csv"
cat_at 2026-03-10T12:00:00Z report retention --format json >"$WORK/r.json"
python3 - "$WORK/r.json" <<'PY' || fail "retention json: $(cat "$WORK/r.json")"
import json, sys
doc = json.load(open(sys.argv[1]))
rows = {r["module"]: r for r in doc["rows"]}
m = rows["memo"]
assert (m["learners"], m["questions"], m["due_now"], m["refresh_answers"], m["refresh_right"]) == (1, 3, 1, 4, 2), m
assert 0 < m["retention_percent"] < 100, m
PY
out=$(cat_at 2026-03-10T12:00:00Z report retention --module memo)
expect_in "table" "RETENTION" "$out"
out=$(upc --as Ann report retention 2>&1) && fail "staff got report retention: $out"
# --learner: one person's cards (Ann has them all; Cat has none).
expect_eq "Ann's own" "$csv" \
	"$(cat_at 2026-03-10T12:00:00Z report retention --learner ann --format csv | tr -d '\r')"
expect_in "Cat's: none" "memo,0,0,0,,0,0," \
	"$(cat_at 2026-03-10T12:00:00Z report retention --learner Cat --format csv | tr -d '\r')"
out=$(UPSKILL_NOW=2026-03-10T12:00:00Z as_cat report retention --learner Zed 2>&1) && fail "--learner Zed: $out"
expect_eq "unknown learner" "error: report retention: --learner: no learner named 'Zed'" "$out"

# verify checks each row against its event and replays each card.
out=$(upc verify) || fail "verify: $out"
expect_in "intact" "record intact" "$out"
sql "UPDATE refresh_answers SET due_at = '2027-01-01T00:00:00Z' WHERE question_id = 'delete'" ||
	fail "the change was refused"
out=$(upc verify 2>&1) && fail "verify missed a changed due time: $out"
expect_in "changed row found" "refresher answer logged as event" "$out"

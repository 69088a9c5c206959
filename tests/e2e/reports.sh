# The consultant's reports through the real binary: staff are refused
# reports on other people and allowed their own history; a consultant gets
# every report; CSV opens in Python's csv module with quotes and commas in
# names; JSON is valid; --since and --module change the numbers as the
# record says they should; tables fit 80 columns.
. tests/e2e/lib.sh
C="$WORK/courses"
mkdir -p "$C"
cp tests/e2e/courses/*.xml "$C/"
cat >"$C/week.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<programme format="1" id="week">
  <title>Test week</title>
  <stage label="Day 1: Basics"><step module="basics"/></stage>
  <stage label="Day 2: Policy"><step module="rules"/></stage>
</programme>
XML
upc() { "$UPSKILL" --db "$DB" --courses "$C" "$@"; }
at() { UPSKILL_NOW="$1" upc "${@:2}"; }
# cat_at TIME ARGS…: one command as the consultant at TIME.
cat_at() { UPSKILL_NOW="$1" as_cat "${@:2}"; }
BO='Bo, "B" Li'

org
staff Ann
staff "$BO"
staff "Jane O'Neil"

# basics has no shuffling and UPSKILL_SEED fixes the rest, so these answers
# are known: everything right but the ordering and the matching (6 of 8,
# 75%, a pass at 60) ...
right='b\na,b\nf\nyour name\n24\nabc\n1a 2b\na\n'
# ... and everything wrong (0%).
wrong='a\nc\nt\nnope\n100\nabc\n1a 2b\nb\n'
printf "login ann\nstart basics\n\n\n$right" | at 2026-03-02T10:00:00Z >/dev/null ||
	fail "Ann's attempt"
printf "login 'Bo, \"B\" Li'\nstart basics\n\n\n$wrong" | at 2026-03-02T11:00:00Z >/dev/null ||
	fail "Bo's first attempt"
printf "login 'Bo, \"B\" Li'\nquiz basics\n$right" | at 2026-03-03T09:00:00Z >/dev/null ||
	fail "Bo's second attempt"
expect_eq "three attempts on record" "75.0|1
0.0|0
75.0|1" "$(sql "SELECT $(real percent), passed FROM attempts ORDER BY id")"

# Staff: refused reports on others, whether or not the name exists, and
# allowed their own history.
upc --as Ann report learners >/dev/null 2>"$WORK/err"
expect_eq "staff refused report learners: status" 1 $?
expect_eq "staff refused report learners" \
	"error: 'report learners' is for consultants; 'Ann' is signed in as staff" "$(cat "$WORK/err")"
for who in "$BO" nobody; do
	upc --as Ann report learner "$who" >"$WORK/out" 2>"$WORK/err"
	expect_eq "staff refused report learner $who: status" 1 $?
	expect_eq "staff refused report learner $who" \
		"error: staff can only see their own progress; 'progress' shows yours" "$(cat "$WORK/err")"
	expect_eq "nothing printed for $who" "" "$(cat "$WORK/out")"
done
printf 'login ann\nreport modules\nreport questions basics\nreport programme\n' | upc --keep-going \
	>/dev/null 2>"$WORK/err" && fail "a script of refused reports succeeded"
expect_eq "staff refused the rest" \
	"error: line 2: 'report modules' is for consultants; 'Ann' is signed in as staff
error: line 3: 'report questions' is for consultants; 'Ann' is signed in as staff
error: line 4: 'report programme' is for consultants; 'Ann' is signed in as staff" "$(without_notes <"$WORK/err")"
out=$(upc --as Ann report learner Ann) || fail "staff's own history: $out"
expect_in "own history" "History of Ann: 1 attempt, 0 acknowledgements" "$out"
expect_in "own attempt" "basics 1.0, attempt 1: started 2026-03-02 10:00, finished 2026-03-02 10:00, 75.0%, passed" "$out"
# Her own history as she saw it: each question's words, its answer lettered
# as shown in that attempt.
expect_in "own answers with their questions" "  2026-03-02 10:00  1.00  How soon should a question get an answer?
                          b) Within one working day" "$out"
expect_in "own lettering said" "Answers are lettered as they were shown in each attempt." "$out"
# A consultant's view of it: question ids, letters as in the module file.
out=$(as_cat report learner Ann) || fail "Cat's view of Ann: $out"
expect_in "answers lettered as in the module" "speed       1.00  b) Within one working day" "$out"
expect_in "module lettering said" "Answers are lettered as in the module file" "$out"
upc report learners >/dev/null 2>"$WORK/err" && fail "report learners with nobody signed in"
expect_eq "nobody signed in" "error: 'report learners' needs a signed-in consultant: 'upskill --as NAME report learners ...'" "$(cat "$WORK/err")"

# The consultant: every report; CSV through Python's csv module.
cat_at 2026-03-04T12:00:00Z report learners --format csv >"$WORK/learners.csv" || fail "report learners"
python3 - "$WORK/learners.csv" <<'PY' || fail "learners CSV: $(cat "$WORK/learners.csv")"
import csv, sys
raw = open(sys.argv[1], newline="").read()
assert raw.endswith("\r\n") and "\n" not in raw.replace("\r\n", ""), "CRLF line ends"
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
by = {r["learner"]: r for r in rows}
# Active staff only, by name; the consultant is not a learner here.
assert [r["learner"] for r in rows] == ["Ann", 'Bo, "B" Li', "Jane O'Neil"], rows
# Three modules: advanced, basics, rules.
assert (by["Ann"]["passed"], by["Ann"]["in_progress"], by["Ann"]["not_started"]) == ("1", "0", "2")
assert by["Ann"]["average_score"] == "75.0" and by["Ann"]["last_activity"] == "2026-03-02T10:00:00Z"
# Bo's best is his second attempt.
assert by['Bo, "B" Li']["average_score"] == "75.0", by['Bo, "B" Li']
assert by['Bo, "B" Li']["last_activity"] == "2026-03-03T09:00:00Z"
assert (by["Jane O'Neil"]["passed"], by["Jane O'Neil"]["not_started"]) == ("0", "3")
assert by["Jane O'Neil"]["average_score"] == "" and by["Jane O'Neil"]["last_activity"] == ""
assert {r["compliance"] for r in rows} == {"never trained"}
PY

# --since 3 March: only Bo's second attempt.
cat_at 2026-03-04T12:00:00Z report learners --since 2026-03-03 --format csv >"$WORK/since.csv"
python3 - "$WORK/since.csv" <<'PY' || fail "learners --since: $(cat "$WORK/since.csv")"
import csv, sys
by = {r["learner"]: r for r in csv.DictReader(open(sys.argv[1], newline=""))}
assert (by["Ann"]["passed"], by["Ann"]["not_started"], by["Ann"]["average_score"]) == ("0", "3", "")
assert (by['Bo, "B" Li']["passed"], by['Bo, "B" Li']["average_score"]) == ("1", "75.0")
PY

# report modules: basics has Ann (1 attempt) and Bo (2); both passed, so 3
# finished attempts for 2 passes. From 3 March only Bo's pass counts.
expect_eq "modules --module" "module,started,passed,failed,median_score,median_time_seconds,attempts_per_pass
basics,2,2,0,75.0,0,1.50" "$(cat_at 2026-03-04T12:00:00Z report modules --module basics --format csv | tr -d '\r')"
expect_eq "modules --module --since" "module,started,passed,failed,median_score,median_time_seconds,attempts_per_pass
basics,1,1,0,75.0,0,1.00" \
	"$(cat_at 2026-03-04T12:00:00Z report modules --module basics --since 2026-03-03 --format csv | tr -d '\r')"
out=$(cat_at 2026-03-04T12:00:00Z report modules --topic policy --format csv | tr -d '\r')
expect_eq "modules --topic" "module,started,passed,failed,median_score,median_time_seconds,attempts_per_pass
rules,0,0,0,,," "$out"

# report questions: speed right twice (Ann, Bo's second), wrong once (a);
# ranked Ann 75, Bo#2 75, Bo#1 0, so D = 1 - 0. The ordering question was
# wrong every time: 0%, D 0, confusing.
cat_at 2026-03-04T12:00:00Z report questions basics --format csv >"$WORK/questions.csv"
python3 - "$WORK/questions.csv" <<'PY' || fail "questions CSV: $(cat "$WORK/questions.csv")"
import csv, sys
by = {r["question"]: r for r in csv.DictReader(open(sys.argv[1], newline=""))}
assert list(by) == ["speed", "good-reply", "delete", "sign", "hours", "steps", "who", "viral"]
s = by["speed"]
assert (s["answered"], s["percent_correct"], s["discrimination"], s["flag"]) == ("3", "66.7", "1.00", "")
assert (s["wrong_answer_count"], s["most_chosen_wrong_answer"]) == ("1", "a) Within a week")
assert (by["steps"]["percent_correct"], by["steps"]["discrimination"], by["steps"]["flag"]) == ("0.0", "0.00", "confusing")
assert by["who"]["most_chosen_wrong_answer"].count(";") == 1, by["who"]
PY

# report learner, as the consultant: one row per answer, attempt columns
# repeated; Bo's name survives the round trip.
cat_at 2026-03-04T12:00:00Z report learner "$BO" --format csv >"$WORK/bo.csv" || fail "report learner Bo"
python3 - "$WORK/bo.csv" <<'PY' || fail "learner CSV: $(cat "$WORK/bo.csv")"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
assert len(rows) == 16 and {r["learner"] for r in rows} == {'Bo, "B" Li'}
assert [r["attempt"] for r in rows] == ["1"] * 8 + ["2"] * 8
assert {r["passed"] for r in rows[:8]} == {"no"} and {r["passed"] for r in rows[8:]} == {"yes"}
assert rows[0]["question"] == "speed" and rows[0]["answer"] == "a) Within a week"
PY

# report programme: day 1 is basics, day 2 rules.
expect_eq "programme" "learner,day_1_basics,day_2_policy,percent_passed,on_track
Ann,1/1,0/1,50.0,no
\"Bo, \"\"B\"\" Li\",1/1,0/1,50.0,no
Jane O'Neil,0/1,0/1,0.0,no" "$(cat_at 2026-03-04T12:00:00Z report programme --format csv | tr -d '\r')"
expect_in "programme on day 1" "Ann,1/1,0/1,50.0,yes" \
	"$(cat_at 2026-03-04T12:00:00Z report programme week --day 1 --format csv)"
# Without --day, today's day of the engagement: on its first day, day 1.
out=$(cat_at 2026-03-02T12:00:00Z report programme --format csv)
expect_in "the engagement's first day by default" "Ann,1/1,0/1,50.0,yes" "$out"
expect_in "Jane not on track on day 1" "Jane O'Neil,0/1,0/1,0.0,no" "$out"
expect_in "the day said" '"day": 1' "$(cat_at 2026-03-02T12:00:00Z report programme --format json)"

# Every report's JSON is valid, with the record's head.
for r in learners modules "questions basics" "learner Ann" programme; do
	# shellcheck disable=SC2086
	cat_at 2026-03-04T12:00:00Z report $r --format json >"$WORK/r.json" || fail "report $r --format json"
	python3 -m json.tool "$WORK/r.json" >/dev/null || fail "report $r: invalid JSON: $(cat "$WORK/r.json")"
	python3 - "$WORK/r.json" <<'PY' || fail "report $r: no record head"
import json, sys
r = json.load(open(sys.argv[1]))
assert isinstance(r["record_events"], int) and len(r["record_head"]) == 64 and r["rows"]
PY
done

# Tables fit 80 columns (the width when output is not a terminal).
for r in learners modules programme; do
	# shellcheck disable=SC2086
	cat_at 2026-03-04T12:00:00Z report $r >"$WORK/table" || fail "report $r"
	long=$(grep -v '^record_head: ' "$WORK/table" | awk 'length($0) > 80')
	expect_eq "report $r fits 80 columns" "" "$long"
done
expect_in "learners table" "Jane O'Neil       0      0      3               0s              never trained" \
	"$(cat_at 2026-03-04T12:00:00Z report learners)"

# The reports leave the record intact.
out=$(upc verify) || fail "verify after the reports: $out"

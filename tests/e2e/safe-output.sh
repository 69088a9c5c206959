# Safe output (issue 13): CSV cells a spreadsheet would run as formulas open
# as text starting with a single quote, while numbers stay numbers and JSON
# keeps the exact text; control characters in file names, names and typed
# text are shown as ^[ and never sent to the terminal; typed text with
# controls is refused; a look-alike of an existing name is warned about.
. tests/e2e/lib.sh
C="$WORK/courses"
mkdir -p "$C/duties"
cp tests/e2e/courses/*.xml "$C/"
cp tests/e2e/courses/duties/plan.xml "$C/duties/"
upc() { "$UPSKILL" --db "$DB" --courses "$C" "$@"; }
esc=$'\e'
# no_escape WHAT FILE: FILE holds no raw control character but newlines.
no_escape() {
	! LC_ALL=C grep -q $'[\x01-\x09\x0b-\x1f\x7f]' "$2" || fail "$1: a raw control character: $(cat -v "$2")"
	! LC_ALL=C grep -qP '\xc2[\x80-\x9f]' "$2" || fail "$1: a raw C1 control: $(cat -v "$2")"
}

# A course file whose name holds an escape that would set the window title.
bad="$C/bad${esc}]0;pwned$(printf '\a').xml"
printf '<module' >"$bad"

org
staff "+Plus"
staff "@At Home"

# ---- CSV ------------------------------------------------------------------

# Plus answers basics' short question with a formula (the fourth answer).
formula='=HYPERLINK("http://x","y")'
printf 'login +Plus\nstart basics\n\n\na\nc\nt\n%s\n100\nabc\n1a 2b\nb\n' "$formula" |
	upc >/dev/null 2>"$WORK/quiz.err" || fail "Plus's attempt: $(cat "$WORK/quiz.err")"

as_cat report questions basics --format csv >"$WORK/questions.csv" || fail "report questions"
python3 - "$WORK/questions.csv" "$formula" <<'PY' || fail "questions CSV: $(cat "$WORK/questions.csv")"
import csv, sys
by = {r["question"]: r for r in csv.DictReader(open(sys.argv[1], newline=""))}
assert by["sign"]["most_chosen_wrong_answer"] == "'" + sys.argv[2], by["sign"]
for r in by.values():
    if r["discrimination"]:
        float(r["discrimination"])  # numbers are not neutralised
PY
as_cat report questions basics --format json >"$WORK/questions.json" || fail "report questions json"
python3 - "$WORK/questions.json" "$formula" <<'PY' || fail "questions JSON: $(cat "$WORK/questions.json")"
import json, sys
rows = {r["question"]: r for r in json.load(open(sys.argv[1]))["rows"]}
assert rows["sign"]["most_chosen_wrong_answer"] == sys.argv[2], rows["sign"]
PY

as_cat report learners --format csv >"$WORK/learners.csv" || fail "report learners"
python3 - "$WORK/learners.csv" <<'PY' || fail "learners CSV: $(cat "$WORK/learners.csv")"
import csv, sys
names = [r["learner"] for r in csv.DictReader(open(sys.argv[1], newline=""))]
assert "'+Plus" in names and "'@At Home" in names, names
PY

# ---- Control characters shown, never sent ---------------------------------

upc courses >"$WORK/courses.out" 2>&1
expect_in "file name in courses" "bad^[]0;pwned^G.xml" "$(cat "$WORK/courses.out")"
no_escape "courses" "$WORK/courses.out"
upc validate "$bad" >"$WORK/validate.out" 2>&1
expect_in "file name in validate" "bad^[]0;pwned^G.xml:1:" "$(cat "$WORK/validate.out")"
no_escape "validate" "$WORK/validate.out"

# A C1 control (U+009B, a one-byte CSI on some terminals) in a course file
# is refused with its line.
printf '<?xml version="1.0" encoding="UTF-8"?>\n<module id="c1" version="1" topic="t">\n<title>A\xc2\x9b2J</title>\n</module>\n' >"$WORK/c1.xml"
upc validate "$WORK/c1.xml" >"$WORK/c1.out" 2>&1
expect_in "C1 in a title" "c1.xml:3: a control character (U+009B) in the text of <title>" \
	"$(cat "$WORK/c1.out")"

# Typed text with an escape is refused, and quoted back visibly.
{
	printf 'login cat\n'
	printf '%s\n' "learner add \"Red${esc}[31mName\"" "learner add \"C1$(printf '\xc2\x9b')x\"" \
		"duty add notes \"Notes${esc}]0;x\"" "duty add notes Notes --summary \"a${esc}[2Jb\"" \
		"duty log +Plus replies \"session${esc}[31m 1\"" "learner ${esc}[2J"
} >"$WORK/typed.in"
upc --keep-going <"$WORK/typed.in" >"$WORK/typed.out" 2>"$WORK/typed.err"
expect_eq "typed: errors" "error: line 2: learner name contains a control character
error: line 3: learner name contains a control character
error: line 4: the title contains a control character
error: line 5: the summary contains a control character
error: line 6: the note contains a control character
error: line 7: unknown subcommand 'learner ^[[2J' (one of: add, list, rename, deactivate, activate, reset, grant)" \
	"$(without_notes <"$WORK/typed.err")"
no_escape "typed" "$WORK/typed.out"
no_escape "typed errors" "$WORK/typed.err"
expect_eq "typed: nothing kept" "0|0" \
	"$(sql "SELECT (SELECT count(*) FROM duty_practice), (SELECT count(*) FROM duties WHERE id = 'notes')")"

# A name that holds an escape all the same (written before names were
# checked) is shown visibly by every table.
sql "UPDATE learners SET name = 'Old' || $(if is_pg; then echo chr; else echo char; fi)(27) || '[31mName' WHERE name = '@At Home'" ||
	fail "sqlite3 update"
for cmd in "learner list" "report learners"; do
	as_cat $cmd >"$WORK/table.out" 2>&1 || fail "$cmd: $(cat "$WORK/table.out")"
	expect_in "$cmd: name shown" "Old^[[31mName" "$(cat "$WORK/table.out")"
	no_escape "$cmd" "$WORK/table.out"
done

# ---- Look-alike names -----------------------------------------------------

staff "Anna"
# "Аnna" with a Cyrillic A: added, with a warning to the consultant.
as_cat learner add $'\xd0\x90nna' >"$WORK/alike.out" 2>"$WORK/alike.err" || fail "look-alike refused"
expect_eq "look-alike warning" "added staff 'Аnna'
warning: 'Аnna' looks like the existing name 'Anna'" "$(cat "$WORK/alike.out" "$WORK/alike.err" | grep -v '^set-up code')"
# A right-to-left override makes "\u202eeeL maS" show as "Sam Lee": refused.
out=$(as_cat learner add $'\u202eeeL maS' 2>&1) && fail "a direction override was accepted"
expect_in "direction override refused" "learner name contains a direction mark" "$out"
expect_eq "different name: no warning" "added staff 'Anne'" "$(as_cat learner add "Anne" 2>&1 | grep -v "^set-up code")"

# A module whose title looks like another's (Cyrillic о in "House"): the
# consultant publishing it is warned, before it counts.
sed -e 's|<title>House rules</title>|<title>H\xd0\xbeuse rules</title>|' -e 's/id="rules"/id="rules-2"/' \
	"$C/rules.xml" >"$C/rules2.xml"
grep -q 'id="rules-2"' "$C/rules2.xml" || fail "the look-alike module was not made"
out=$(as_cat publish rules-2 2>&1) || fail "publish rules-2: $out"
expect_in "look-alike title warned" "warning: the title of 'rules-2', 'Hоuse rules', looks like the title of 'rules'" "$out"
expect_in "and published" "published 'rules-2'" "$out"
out=$(as_cat publish rules 2>&1) || fail "publish rules: $out"
expect_in "warned the other way too" "looks like the title of 'rules-2'" "$out"
true

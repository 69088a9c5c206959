# lint and validate --strict on the fixture folder tests/e2e/courses/lint:
# every check's warning at its question's line, the count per check, a
# failing exit; nothing for a clean module; a file that does not load is
# an error naming it.
. tests/e2e/lib.sh
F=tests/e2e/courses/lint

out=$("$UPSKILL" --db "$DB" lint $F/again.xml $F/clean.xml $F/faulty.xml 2>"$WORK/err")
status=$?
expect_eq "lint exit status" 1 "$status"
expect_eq "lint stderr" "error: lint: 10 warnings" "$(cat "$WORK/err")"
cat >"$WORK/expected" <<END
$F/faulty.xml:12: question 'longest-a': choices very uneven in length (15 to 48 characters, more than 3 times) [uneven-choices]
$F/faulty.xml:12: question 'longest-a': the key is the longest choice, as in 3 of the module's 5 single-choice and scenario questions (more than 35%) [longest-key]
$F/faulty.xml:19: question 'longest-b': the key is the longest choice, as in 3 of the module's 5 single-choice and scenario questions (more than 35%) [longest-key]
$F/faulty.xml:19: question 'longest-b': nearly the same stem as 'dup' ($F/again.xml:10), similarity 0.80 [duplicate-stem]
$F/faulty.xml:25: question 'above': choice "None of the above" is an all/none-of-the-above option; write a mistake people really make instead [all-none-above]
$F/faulty.xml:31: question 'in-hint': the hint contains the key "Within one working day" [key-in-hint]
$F/faulty.xml:31: question 'in-hint': the key is the longest choice, as in 3 of the module's 5 single-choice and scenario questions (more than 35%) [longest-key]
$F/faulty.xml:38: question 'one-form': the short answer accepts 1 distinct form; accept at least 3 phrasings a reader of the lesson would write [short-forms]
$F/faulty.xml:43: question 'in-stem': the stem contains the key "To a private message" [key-in-stem]
$F/faulty.xml:49: question 'off': only 0 of the 6 words of its answer appear in the lessons (not: boosted, advertising, budget, require, quarterly, ...) [off-lessons]
10 warnings: longest-key 3 key-in-hint 1 key-in-stem 1 uneven-choices 1 all-none-above 1 duplicate-stem 1 short-forms 1 off-lessons 1
END
diff -u "$WORK/expected" - <<<"$out" >"$WORK/diff" || fail "lint output differs: $(cat "$WORK/diff")"

# Each line's number is the line of that question's element in the file.
for pair in longest-a:12 longest-b:19 above:25 in-hint:31 one-form:38 in-stem:43 off:49; do
	id=${pair%%:*} line=${pair##*:}
	got=$(grep -n "id=\"$id\"" $F/faulty.xml | cut -d: -f1)
	expect_eq "line of $id" "$line" "$got"
done

# A clean module: no warnings, success.
out=$("$UPSKILL" --db "$DB" lint $F/clean.xml) || fail "lint failed on a clean module: $out"
expect_eq "lint clean" "1 file: no warnings" "$out"

# Alone, again.xml has no duplicate: the stems are compared across the
# files given.
out=$("$UPSKILL" --db "$DB" lint $F/again.xml) || fail "lint failed on again.xml alone: $out"

# validate passes the faulty files; validate --strict does not.
out=$("$UPSKILL" --db "$DB" validate $F/faulty.xml) || fail "validate failed: $out"
expect_eq "validate" "1 file valid" "$out"
out=$("$UPSKILL" --db "$DB" validate --strict $F/faulty.xml 2>"$WORK/err") &&
	fail "validate --strict passed a faulty module"
expect_eq "validate --strict stderr" "error: validate: 9 lint warnings (--strict)" "$(cat "$WORK/err")"
expect_in "validate --strict warnings" "$F/faulty.xml:25: question 'above'" "$out"
out=$("$UPSKILL" --db "$DB" validate --strict $F/clean.xml) || fail "validate --strict failed: $out"
expect_eq "validate --strict clean" "1 file valid" "$out"

# A file that does not load: its problems, and failure, but the others
# are still linted.
out=$("$UPSKILL" --db "$DB" lint tests/courses/bad/check-single-two.xml $F/clean.xml 2>"$WORK/err") &&
	fail "lint passed a bad file"
expect_in "bad file named" "tests/courses/bad/check-single-two.xml:12:" "$out"
expect_in "bad file error" "error: lint: 1 problem in the files" "$(cat "$WORK/err")"

# From a script at the prompt too, the same warnings.
out=$(printf 'lint %s\n' $F/faulty.xml | "$UPSKILL" --db "$DB" --courses courses 2>&1)
expect_in "lint in a script" "$F/faulty.xml:49: question 'off'" "$out"
exit 0

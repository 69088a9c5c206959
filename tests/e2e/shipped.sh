# The shipped library: xmllint and upskill agree that every file is valid,
# and the library is what the product promises: at least two modules per
# topic plus handover, each with three or more lesson pages and twelve or
# more questions of at least four types; a policy module with its text; and
# the five-day programme.
. tests/e2e/lib.sh

xmllint --noout --schema courses/upskill-course.xsd courses/*.xml 2>"$WORK/xmllint" ||
	fail "xmllint: $(cat "$WORK/xmllint")"
out=$("$UPSKILL" --db "$DB" validate courses/*.xml) || fail "upskill validate: $out"
expect_eq "validate" "$(ls courses/*.xml | wc -l) files valid" "$out"

modules=0
for f in courses/*.xml; do
	root=$(xmllint --xpath 'name(/*)' "$f")
	[ "$root" = module ] || continue
	modules=$((modules + 1))
	lessons=$(xmllint --xpath 'count(/module/lesson)' "$f")
	questions=$(xmllint --xpath 'count(/module/quiz/*)' "$f")
	types=$(xmllint --xpath '/module/quiz/*' "$f" | grep -o '^<[a-z]*' | sort -u | wc -l)
	[ "$lessons" -ge 3 ] || fail "$f: $lessons lesson pages"
	[ "$questions" -ge 12 ] || fail "$f: $questions questions"
	[ "$types" -ge 4 ] || fail "$f: $types question types"
done
[ "$modules" -ge 9 ] || fail "only $modules modules"
for topic in strategy voice policy engagement; do
	n=$(grep -l "topic=\"$topic\"" courses/*.xml | wc -l)
	[ "$n" -ge 2 ] || fail "$n modules on $topic"
done
grep -q 'topic="handover"' courses/*.xml || fail "no handover module"
[ "$(xmllint --xpath 'count(/module/policy)' courses/policy-basics.xml)" = 1 ] ||
	fail "policy-basics carries no policy text"
[ "$(xmllint --xpath 'count(/programme/stage)' courses/week-setup.xml)" = 5 ] ||
	fail "the programme does not have five days"

# The catalogue loads every module with nothing skipped.
out=$("$UPSKILL" --db "$DB" --courses courses courses)
case "$out" in *"Not loaded"*) fail "shipped catalogue skipped files: $out" ;; esac
expect_in "catalogue count" "$modules modules." "$out"

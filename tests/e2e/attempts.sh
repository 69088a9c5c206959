# The allowance of attempts: three failed attempts lock a learner out; a
# report lists them; a consultant's grant (an event, with a reason) frees
# them; a year later, when the pass has run out, the refresher starts with
# a fresh allowance; grant refuses bad input with one line.
. tests/e2e/lib.sh
C="$WORK/courses"
mkdir -p "$C"
sed 's/<quiz pass="100">/<quiz pass="100" attempts="3">/' tests/e2e/courses/rules.xml >"$C/rules.xml"
cp tests/e2e/courses/advanced.xml "$C/"
upc() { "$UPSKILL" --db "$DB" --courses "$C" "$@"; }
at() { UPSKILL_NOW="$1" upc "${@:2}"; }
cat_at() { UPSKILL_NOW="$1" as_cat "${@:2}"; }

org
staff Ann Bo
printf 'login ann\nstart rules\n\nf\n' | at 2026-03-02T10:00:00Z
printf 'login ann\nquiz rules\nf\n' | at 2026-03-02T10:10:00Z
printf 'login ann\nquiz rules\nf\n' | at 2026-03-02T10:20:00Z
printf 'login ann\nquiz rules\nf\n' | at 2026-03-02T10:30:00Z
printf 'login ann\nprogress\ncourses\n' | at 2026-03-02T10:40:00Z
cat_at 2026-03-02T11:00:00Z learner grant ann rules --reason "talked it through"
cat_at 2026-03-02T11:00:00Z learner grant ann rules 0 --reason "x"
cat_at 2026-03-02T11:00:00Z learner grant ann rules 2
cat_at 2026-03-02T11:00:00Z learner grant bob rules --reason x
cat_at 2026-03-02T11:00:00Z learner grant ann nosuch --reason x
printf 'login ann\nquiz rules\nt\n' | at 2026-03-02T12:00:00Z
printf 'login ann\nprogress\n' | at 2027-03-03T10:40:00Z
printf 'login ann\nquiz rules\nf\n' | at 2027-03-03T10:50:00Z
upc verify
exit 1

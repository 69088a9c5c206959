# Editing a module keeps everyone's progress: new wording under the same
# question ids changes nothing recorded; a removed question's answer stays
# in the record, marked with the version it was given under.
. tests/e2e/lib.sh
C="$WORK/courses"
mkdir -p "$C"
cp tests/e2e/courses/basics.xml "$C/"
upc() { "$UPSKILL" --db "$DB" --courses "$C" "$@"; }

org
staff Ola
printf 'login ola\nstart basics\n\n\nb\na b\nq\n' | upc >/dev/null 2>&1
expect_eq "two answers" 2 "$(sql 'SELECT count(*) FROM answers')"

# New wording, same ids, new version.
sed -e 's/version="1.0"/version="1.1"/' \
	-e 's/How soon should a question get an answer?/How quickly should you answer a question?/' \
	-e 's/Which make a good reply?/Which of these make a good reply?/' \
	"$C/basics.xml" >"$C/basics.new" && mv "$C/basics.new" "$C/basics.xml"
out=$(printf 'login ola\nquiz basics\nq\n' | upc 2>&1)
expect_in "resumes after rewording" "Resuming your attempt at 'Replying basics': 2 of 8 answered." "$out"
expect_in "asks the third" "Question 3 of 8 (true/false)" "$out"

# Remove the first question (answered under 1.0).
python3 - "$C/basics.xml" <<'PY'
import re, sys
p = sys.argv[1]
s = open(p).read()
s = re.sub(r'<single id="speed">.*?</single>', '', s, flags=re.S)
s = s.replace('version="1.1"', 'version="1.2"')
open(p, 'w').write(s)
PY
"$UPSKILL" validate "$C/basics.xml" >/dev/null || fail "edited module does not validate"
out=$(printf 'login ola\nquiz basics\nq\n' | upc 2>&1)
expect_in "removal reported" "1 of its questions was removed. Answers given to them stay in the record." "$out"
expect_in "resumes with the rest" "1 of 7 answered" "$out"
expect_eq "old answer kept with its version" "speed|1.0" \
	"$(sql "SELECT question_id, module_version FROM answers WHERE question_id = 'speed'")"

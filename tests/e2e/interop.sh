# import and export: the GIFT test files of GIFT-grammar-PEG.js (MIT, see
# tests/interop/gift/LICENSE) import with the question counts its own
# parser's JSON gives per type, and what is written validates; every
# shipped module goes to Moodle XML and GIFT and back unchanged; a
# malformed file gets every error with line and column and nothing is
# written; a file with bad questions is written only with --skip-bad; an
# existing module file is never replaced.
. tests/e2e/lib.sh

# ----- the GIFT test files, against the reference parser's JSON -----
out="$WORK/gift"
mkdir -p "$out"
: >"$WORK/gift.log"
for f in tests/interop/gift/*.gift; do
	"$UPSKILL" --db "$DB" import "$f" --out "$out" --skip-bad >>"$WORK/gift.log" 2>&1 ||
		fail "import $f: $(cat "$WORK/gift.log")"
done
python3 - "$WORK/gift.log" <<'EOF' || fail "GIFT counts differ from the reference parser's"
import collections, glob, json, re, sys
ours = {}
for line in open(sys.argv[1]):
    m = re.match(r'^(tests/interop/gift/[^:]+\.gift): (\d+) questions?(?: \((.*)\))?'
                 r'(?:, (\d+) lesson pages?)?, (\d+) skipped, (\d+) refused$', line.strip())
    if not m:
        continue
    c = collections.Counter()
    for part in (m.group(3) or '').split(', '):
        if part:
            n, name = part.split(' ', 1)
            c[name] = int(n)
    c['pages'] = int(m.group(4) or 0)
    c['skipped'] = int(m.group(5))
    c['refused'] = int(m.group(6))
    ours[m.group(1)] = c
bad = 0
files = sorted(glob.glob('tests/interop/gift/*.gift'))
if len(ours) != len(files):
    print('summaries for', len(ours), 'of', len(files), 'files'); sys.exit(1)
# How the reference parser's types map onto upskill's.
for f in files:
    ref = collections.Counter(q['type'] for q in json.load(open(f[:-5] + '.json')))
    c = ours[f]
    want = {
        'true/false': ref['TF'], 'short answer': ref['Short'], 'numeric': ref['Numerical'],
        'matching': ref['Matching'], 'pages': ref['Description'], 'skipped': ref['Essay'],
    }
    got = {k: c[k] for k in want}
    mc = c['single choice'] + c['multiple response'] + c['refused']
    if got != want or mc != ref['MC']:
        print(f, 'ours', dict(c), 'reference', dict(ref)); bad = 1
tot = collections.Counter()
for c in ours.values():
    tot.update(c)
want = {'single choice': 26, 'multiple response': 4, 'true/false': 17, 'short answer': 19,
        'numeric': 14, 'matching': 4, 'pages': 7, 'skipped': 8, 'refused': 1}
if {k: tot[k] for k in want} != want:
    print('totals', dict(tot)); bad = 1
sys.exit(bad)
EOF
# The totals, so that a change in what is kept shows.
grep -c '^wrote ' "$WORK/gift.log" >"$WORK/n"
expect_eq "GIFT modules written" 39 "$(cat "$WORK/n")"
expect_in "the one refused" "escapeColon.gift:1:1: question 'Specify the seasons:' has 4 answers worth 100%" \
	"$(cat "$WORK/gift.log")"
expect_in "an essay skipped" "tests/interop/gift/essay1.gift:1: skipped essay question" \
	"$(cat "$WORK/gift.log")"
# Everything written is a module upskill loads.
n=$(ls "$out"/*.xml | wc -l)
v=$("$UPSKILL" --db "$DB" validate "$out"/*.xml) || fail "validate: $v"
expect_eq "validate" "$n files valid" "$v"

# ----- every shipped module, to Moodle XML and GIFT and back -----
for f in courses/*.xml; do
	[ "$(xmllint --xpath 'name(/*)' "$f")" = module ] || continue
	id=$(xmllint --xpath 'string(/module/@id)' "$f")
	for format in moodle gift; do
		ext=xml
		[ $format = gift ] && ext=gift
		rt="$WORK/rt-$format-$id"
		mkdir -p "$rt"
		up export "$id" --format $format >"$rt/first.$ext" || fail "export $id $format"
		up import "$rt/first.$ext" --out "$rt" >"$rt/log" 2>&1 || fail "import $id: $(cat "$rt/log")"
		[ -f "$rt/$id.xml" ] || fail "$id: no $id.xml after import: $(cat "$rt/log")"
		up validate "$rt/$id.xml" >/dev/null || fail "$id: the imported module does not validate"
		up export "$rt/$id.xml" --format $format >"$rt/second.$ext" || fail "export again $id"
		# The same file again, but for the module's title (Moodle's category
		# has only the id) and GIFT's notes of what it left out.
		grep -v -e '<info format' -e '<text><!\[CDATA\[<p>.*</p>\]\]></text>$' -e '^// not exported' -e '^$' "$rt/first.$ext" >"$rt/a" || true
		grep -v -e '<info format' -e '<text><!\[CDATA\[<p>.*</p>\]\]></text>$' -e '^// not exported' -e '^$' "$rt/second.$ext" >"$rt/b" || true
		diff -u "$rt/a" "$rt/b" >"$rt/diff" || fail "$id via $format changed: $(head -40 "$rt/diff")"
		# The question texts too: every prompt of the module is in the file.
		grep -c '<text><!\[CDATA\[<p>' "$rt/second.$ext" >/dev/null || [ $format = gift ] ||
			fail "$id: no texts"
		cmp -s <(grep '<text><!\[CDATA\[<p>' "$rt/first.$ext" | grep -v -F "$(xmllint --xpath 'string(/module/title)' "$f")") \
			<(grep '<text><!\[CDATA\[<p>' "$rt/second.$ext" | grep -v -F "$id") ||
			[ $format = gift ] || fail "$id: texts changed on the way back"
	done
done

# ----- a malformed file: every error, line and column, nothing written -----
bad="$WORK/bad"
mkdir -p "$bad"
cat >"$WORK/broken.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="truefalse">
    <name><text>One</name>
    <questiontext><text>a & b</text></questiontext>
  </question>
</quiz>
EOF
if up import "$WORK/broken.xml" --out "$bad" >"$WORK/o" 2>"$WORK/e"; then
	fail "a malformed file imported"
fi
n=$(grep -c "^$WORK/broken.xml:[0-9]*:[0-9]*: " "$WORK/o")
[ "$n" -ge 2 ] || fail "only $n XML errors listed: $(cat "$WORK/o")"
expect_in "the first error" "$WORK/broken.xml:4:27: " "$(cat "$WORK/o")"
expect_in "the second error" "$WORK/broken.xml:5:28: " "$(cat "$WORK/o")"
expect_in "nothing written" "nothing written" "$(cat "$WORK/e")"
[ -z "$(ls "$bad")" ] || fail "a malformed file wrote $(ls "$bad")"

# ----- bad questions: nothing without --skip-bad; the good ones with it -----
cat >"$WORK/mixed.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category"><category><text>$course$/top/Mixed Bag</text></category></question>
  <question type="multichoice">
    <name><text>Good one</text></name>
    <questiontext format="html"><text><![CDATA[<p>Pick <b>B</b>.</p><ul><li>really</li></ul>]]></text></questiontext>
    <single>true</single>
    <answer fraction="0"><text>A</text><feedback><text>No.</text></feedback></answer>
    <answer fraction="100"><text>B</text><feedback><text>Yes.</text></feedback></answer>
  </question>
  <question type="multichoice">
    <name><text>No right answer</text></name>
    <questiontext><text>Pick</text></questiontext>
    <single>true</single>
    <answer fraction="0"><text>A</text></answer>
    <answer fraction="33"><text>B</text></answer>
  </question>
  <question type="numerical">
    <name><text>Not a number</text></name>
    <questiontext><text>How many?</text></questiontext>
    <answer fraction="100"><text>twelve</text></answer>
  </question>
  <question type="ddwtos">
    <name><text>Drag words</text></name>
    <questiontext><text>x</text></questiontext>
  </question>
</quiz>
EOF
if up import "$WORK/mixed.xml" --out "$bad" >"$WORK/o" 2>"$WORK/e"; then
	fail "a file with bad questions imported without --skip-bad"
fi
cat >"$WORK/want" <<EOF
$WORK/mixed.xml:23: skipped ddwtos question 'Drag words'
$WORK/mixed.xml:16:5: question 'No right answer': fraction 33% is not one Moodle allows (100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667, 14.28571, 12.5, 11.11111, 10, 5, 0, or minus one of them)
$WORK/mixed.xml:11:3: question 'No right answer' is single-answer but no answer is worth 100%
$WORK/mixed.xml:21:5: question 'Not a number': the numeric answer 'twelve' is not a number (Moodle would take any answer as right)
$WORK/mixed.xml: 1 question (1 single choice), 1 skipped, 2 refused
EOF
diff -u "$WORK/want" "$WORK/o" || fail "the problems listed differ"
[ -z "$(ls "$bad")" ] || fail "a file with bad questions wrote $(ls "$bad")"
up import "$WORK/mixed.xml" --out "$bad" --skip-bad --topic engagement-extra >"$WORK/o" 2>&1 ||
	fail "--skip-bad: $(cat "$WORK/o")"
expect_in "written" "wrote $bad/mixed-bag.xml: 1 question" "$(cat "$WORK/o")"
up validate "$bad/mixed-bag.xml" >/dev/null || fail "the module made does not validate"
expect_eq "its one question" 1 "$(xmllint --xpath 'count(/module/quiz/*)' "$bad/mixed-bag.xml")"
expect_eq "HTML made text" "Pick B. - really" \
	"$(xmllint --xpath 'normalize-space(/module/quiz/single/prompt)' "$bad/mixed-bag.xml")"
expect_eq "the topic" "engagement-extra" "$(xmllint --xpath 'string(/module/@topic)' "$bad/mixed-bag.xml")"
expect_eq "feedback kept" "Yes." \
	"$(xmllint --xpath 'string(/module/quiz/single/choice[@correct="true"]/@feedback)' "$bad/mixed-bag.xml")"

# ----- an existing module file is never replaced -----
cp "$bad/mixed-bag.xml" "$WORK/before.xml"
if up import "$WORK/mixed.xml" --out "$bad" --skip-bad --id mixed-bag >"$WORK/o" 2>"$WORK/e"; then
	fail "an existing file was replaced"
fi
expect_in "why" "'$bad/mixed-bag.xml' exists" "$(cat "$WORK/e")"
cmp -s "$bad/mixed-bag.xml" "$WORK/before.xml" || fail "the existing file changed"

# ----- usage -----
if up export engagement-review --format pdf >/dev/null 2>"$WORK/e"; then fail "format pdf"; fi
expect_in "unknown format" "unknown format 'pdf' (moodle or gift)" "$(cat "$WORK/e")"
if up import "$WORK/mixed.xml" --id "Not An Id" >/dev/null 2>"$WORK/e"; then fail "bad --id"; fi
expect_in "bad id" "--id 'Not An Id' is not a module id" "$(cat "$WORK/e")"
exit 0

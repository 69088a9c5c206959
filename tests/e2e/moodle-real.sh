# import: a real Moodle question bank (tests/interop/moodle-real: 330
# questions of STACK's sample library, CC BY-SA 4.0, one question a file as
# Moodle exported them) imports whole: the questions of each type are the
# ones Python's own XML parser counts in the files, every question upskill
# cannot take is named with its type, and every module written validates.
# Copies of one of its files, broken as files get broken, get each error
# with its line and column and write nothing.
. tests/e2e/lib.sh

src=tests/interop/moodle-real
out="$WORK/real"
mkdir -p "$out"
find "$src" -name '*.xml' -print0 | sort -z >"$WORK/files"
xargs -0 "$UPSKILL" --db "$DB" import --out "$out" <"$WORK/files" >"$WORK/log" 2>&1 ||
	fail "import: $(grep -v -e ' skipped stack question ' -e 'nothing written$' -e ' 0 refused$' "$WORK/log" | head -20)"

# The counts, file by file, against what Python finds in the files.
python3 - "$WORK/log" "$WORK/files" <<'EOF' || fail "the counts differ from the files'"
import collections, re, sys, xml.etree.ElementTree as ET
log = open(sys.argv[1], encoding='utf-8').read().splitlines()
files = [f for f in open(sys.argv[2], encoding='utf-8').read().split('\0') if f]
ours, skipped = {}, collections.defaultdict(list)
for line in log:
    m = re.match(r'^(.+\.xml): (\d+) questions?(?: \((.*)\))?(?:, (\d+) lesson pages?)?, '
                 r'(\d+) skipped, (\d+) refused$', line)
    if m:
        c = collections.Counter()
        for part in (m.group(3) or '').split(', '):
            if part:
                n, name = part.split(' ', 1)
                c[name] = int(n)
        assert sum(c.values()) == int(m.group(2)), line
        c['lesson pages'] = int(m.group(4) or 0)
        c['skipped'] = int(m.group(5))
        c['refused'] = int(m.group(6))
        ours[m.group(1)] = +c
        continue
    m = re.match(r"^(.+\.xml):(\d+): skipped (\S+) question '(.*)'$", line)
    if m:
        skipped[m.group(1)].append((int(m.group(2)), m.group(3), m.group(4)))
bad = 0
if sorted(ours) != sorted(files):
    print('summaries for', len(ours), 'of', len(files), 'files'); sys.exit(1)
total, kinds = collections.Counter(), collections.Counter()
for f in files:
    want, names = collections.Counter(), []
    for q in ET.parse(f).getroot().findall('question'):
        t = q.get('type')
        if t == 'category':
            continue
        if t == 'multichoice':
            single = (q.findtext('single') or '').strip().lower() in ('true', '1')
            want['single choice' if single else 'multiple response'] += 1
        elif t in ('truefalse', 'matching'):
            want[{'truefalse': 'true/false', 'matching': 'matching'}[t]] += 1
        elif t == 'description':
            want['lesson pages'] += 1
        else:
            want['skipped'] += 1
            names.append((t, (q.findtext('name/text') or '').strip()))
            kinds[t] += 1
    if +want != ours[f]:
        print(f, 'upskill', dict(ours[f]), 'the file', dict(want)); bad = 1
    lines = open(f, encoding='utf-8').read().split('\n')
    got = skipped.get(f, [])
    if [(t, n) for _, t, n in got] != names:
        print(f, 'skipped', got, 'the file', names); bad = 1
    for n, t, _ in got:
        if '<question type="%s"' % t not in lines[n - 1]:
            print(f, 'line', n, 'is not the skipped question'); bad = 1
    total.update(ours[f])
# The totals, so that a change in what is kept shows.
want = {'single choice': 9, 'multiple response': 2, 'true/false': 2, 'matching': 1,
        'lesson pages': 81, 'skipped': 235}
if dict(total) != want:
    print('totals', dict(total)); bad = 1
if dict(kinds) != {'stack': 235}:
    print('skipped types', dict(kinds)); bad = 1
sys.exit(bad)
EOF
expect_eq "questions skipped, named with their type" 235 "$(grep -c ": skipped stack question '" "$WORK/log")"
expect_eq "files with nothing to write" 330 "$(grep -c 'has no questions upskill can take: nothing written$' "$WORK/log")"
expect_eq "modules written" 14 "$(grep -c '^wrote ' "$WORK/log")"
expect_in "the multiple response question's warning" \
	"Categorize.xml:3:3: warning: question 'Categorize': unequal fractions become equal credit for each right answer" \
	"$(cat "$WORK/log")"
v=$("$UPSKILL" --db "$DB" validate "$out"/*.xml) || fail "validate: $v"
expect_eq "validate" "14 files valid" "$v"

# What the real file taught the importer: a numbered list keeps the letters
# the question names, and a no-break space is a space.
expect_eq "the list's letters" "Suppose that we have three people \(A,B\) and \(C\) and suppose that we know that one of them is telling the truth and the others are lying. Based on their statements below which of \(A,B\) and \(C\) is telling the truth? A. I never lie. B. A is lying. I am telling the truth. C. B is lying. I am telling the truth." \
	"$(xmllint --xpath 'normalize-space(/module/quiz/single/prompt)' "$out/3-0-7-truth-and-lies.xml")"
expect_eq "no no-break space left over" '\(\omega^2 x\)' \
	"$(xmllint --xpath 'string(/module/quiz/matching/pair[3]/@left)' "$out/identify_significance_of_terms.xml")"
xmllint --xpath 'string(/module/quiz/matching/prompt)' "$out/identify_significance_of_terms.xml" >"$WORK/prompt"
expect_eq "the prompt's end" "What is the physical significance of each term?" "$(tail -n 1 "$WORK/prompt")"

# ----- broken copies: every error, line and column, nothing written -----
f="$src/stacklibrary/Introductory-Mathematics/Week-03---Reasoning-and-writing-mathematical-arguments/3-0-7-(Truth-and-lies).xml"
bad="$WORK/bad"
mkdir -p "$bad"
# An entity without its ';', one XML does not define, and a misspelt end tag.
sed -e '5s/Truth and lies/Truth \&amp lies/' -e '41s/A is telling/A \&nbsp;is telling/' \
	-e '47s|</text>|</txt>|' "$f" >"$WORK/entities.xml"
if "$UPSKILL" --db "$DB" import "$WORK/entities.xml" --out "$bad" >"$WORK/o" 2>"$WORK/e"; then
	fail "a file with bad entities imported"
fi
cat >"$WORK/want" <<EOF
$WORK/entities.xml:5:30: EntityRef: expecting ';'
$WORK/entities.xml:41:21: Entity 'nbsp' not defined
$WORK/entities.xml:47:42: Opening and ending tag mismatch: text line 47 and txt
$WORK/entities.xml: 1 question (1 single choice), 0 skipped, 0 refused
EOF
diff -u "$WORK/want" "$WORK/o" || fail "the errors listed differ"
expect_in "nothing written" "'$WORK/entities.xml' is not well-formed XML (3 problems); nothing written" "$(cat "$WORK/e")"
# Cut off in the middle, as a download or a copy can be.
head -c 1500 "$f" >"$WORK/cut.xml"
if "$UPSKILL" --db "$DB" import "$WORK/cut.xml" --out "$bad" >"$WORK/o" 2>"$WORK/e"; then
	fail "a cut-off file imported"
fi
expect_eq "what is left open, and where the file ends" "$WORK/cut.xml:32:2: the file ends before it closes <correctfeedback> (30:5), <question> (3:3), <quiz> (2:1)" "$(head -n 1 "$WORK/o")"
expect_in "nothing written" "'$WORK/cut.xml' is not well-formed XML" "$(cat "$WORK/e")"
[ -z "$(ls "$bad")" ] || fail "a broken copy wrote $(ls "$bad")"
exit 0

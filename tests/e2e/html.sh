# report html in a real browser: a week's organisation (one member of staff
# named like a script, one like an option), its report rendered by headless
# Chromium, the DOM read back with Python and every number checked against
# the CSV reports of the same record (assignments, retention, lock-outs and grants too); a screenshot made and the page
# printed to PDF; axe-core (tests/a11y, from npm) run inside Chromium finds
# no serious or critical violation. Also: the file is 0600, consultants
# only, and nothing in it loads from anywhere.
# HTML_SCREENSHOT=FILE copies the screenshot there (docs/report-html.png).
. tests/e2e/lib.sh
C=tests/e2e/courses
upc() { "$UPSKILL" --db "$DB" --courses "$C" "$@"; }
day() { UPSKILL_NOW="2026-03-0$1T09:00:00Z" upc "${@:2}"; }
AXE=tests/a11y/node_modules/axe-core/axe.min.js
[ -f "$AXE" ] || fail "no $AXE: make test installs it (npm ci --prefix tests/a11y)"
command -v chromium >/dev/null || fail "no chromium: make test installs it"
started=$(date +%s)

RIGHT='b\na b\nf\nyour name\n24\nc a b\n1b 2a\na\n'
HALF='b\na b\nt\nyour name\n30\nc a b\n1a 2b\nb\n'
# Right but for the first question, which Bo (the weakest) gets right: a
# question the stronger did no better on, flagged "confusing".
MOSTLY='a\na b\nf\nyour name\n24\nc a b\n1b 2a\na\n'
# Wrong but for the first question: Bo's two more tries at basics.
FAIL='b\nc\nt\nno\n30\na b c\n1a 2b\nb\n'
EVIL='<script>alert(1)</script> & "Eve"'

UPSKILL_NOW=2026-03-02T08:00:00Z org
UPSKILL_NOW=2026-03-02T09:00:00Z staff Ann Bo Cy "$EVIL"
# A name that looks like an option: the page runs report learner on it.
UPSKILL_NOW=2026-03-02T09:00:00Z as_cat learner add -- --Dee >/dev/null || fail "add --Dee"
day 2 --as Cat duty list >/dev/null || fail "duty list"
# Assignments: done (passed on day 3), overdue by day 8, and open.
day 2 --as Cat assign basics --to "Ann,Bo" --due 2026-03-05 >/dev/null || fail "assign basics"
day 2 --as Cat assign basics --to Cy --due 2026-03-03 >/dev/null || fail "assign basics to Cy"
day 2 --as Cat assign rules --to Bo --due 2026-03-04 >/dev/null || fail "assign rules to Bo"
day 2 --as Cat assign rules --to Cy --due 2026-03-20 --reason "back on the 16th" >/dev/null ||
	fail "assign rules to Cy"
day 2 --as Cat assign rules --to "$EVIL" --due 2026-03-06 >/dev/null || fail "assign rules to Eve"
printf "login ann\nstart basics\n\n\n$RIGHT" | day 3 >/dev/null || fail "Ann's quiz"
printf "login bo\nstart basics\n\n\n$HALF" | day 3 >/dev/null || fail "Bo's quiz"
printf "login cy\nstart basics\n\n\n$MOSTLY" | day 3 >/dev/null || fail "Cy's quiz"
printf 'login ann\nstart rules\n\nt\nack rules\nI agree\n' | day 4 >/dev/null || fail "Ann's policy"
day 4 --as Cat duty stage Ann replies observing >/dev/null || fail "Ann observing"
day 4 --as Cat duty stage Bo posting observing >/dev/null || fail "Bo observing"
day 5 --as Cat duty stage Bo posting assisted >/dev/null || fail "Bo assisted"
day 5 --as Cat duty log Bo posting "scheduled Friday's posts" >/dev/null || fail "Bo's session"
day 5 --as Cat duty stage Bo posting independent >/dev/null || fail "Bo independent"
day 6 --as Cat handover posting Bo --note "ready <b>now</b>" >/dev/null || fail "handover to Bo"
# Bo uses both attempts at basics, is granted one more, uses it: locked
# out now, with a grant in the record. Ann answers a refresher.
printf "login bo\nstart basics\n\n\n$FAIL" | day 6 >/dev/null || fail "Bo's second try"
day 6 --as Cat learner grant Bo basics --reason "went through <the> lessons again" >/dev/null ||
	fail "grant to Bo"
printf "login bo\nstart basics\n\n\n$FAIL" | day 6 >/dev/null || fail "Bo's third try"
day 6 keygen acme "$WORK/key" >/dev/null || fail "keygen"
day 6 --as Cat checkpoint --key "$WORK/key" >/dev/null || fail "checkpoint"
printf 'b\nq\n' | day 7 --as Ann refresh basics >/dev/null || fail "Ann's refresher"
day 7 --as Bo report html --out "$WORK/no.html" >/dev/null 2>&1 && fail "staff made report html"
[ -e "$WORK/no.html" ] && fail "a refused report html left a file"

out=$(day 8 --as Cat report html --out "$WORK/report.html") || fail "report html: $out"
expect_in "report html says where" "wrote the report to '$WORK/report.html'" "$out"
expect_eq "report html is private" 600 "$(stat -c %a "$WORK/report.html")"
day 8 --as Cat report html >"$WORK/stdout.html" || fail "report html to stdout"
cmp -s "$WORK/report.html" "$WORK/stdout.html" || fail "--out and stdout differ"
mkdir -p "$WORK/csv"
csv() { day 8 --as Cat report "$@" --format csv; }
csv compliance >"$WORK/csv/compliance.csv" || fail "report compliance"
csv learners >"$WORK/csv/learners.csv" || fail "report learners"
csv modules >"$WORK/csv/modules.csv" || fail "report modules"
csv handover >"$WORK/csv/handover.csv" || fail "report handover"
csv handover --timeline >"$WORK/csv/timeline.csv" || fail "report handover --timeline"
csv questions basics >"$WORK/csv/questions-basics.csv" || fail "report questions"
csv assignments >"$WORK/csv/assignments.csv" || fail "report assignments"
csv retention >"$WORK/csv/retention.csv" || fail "report retention"
csv grants >"$WORK/csv/grants.csv" || fail "report grants"
day 8 --as Cat assignments --format csv >"$WORK/csv/assignment-list.csv" || fail "assignments --format csv"
day 8 --as Cat report learner --format csv -- --Dee >"$WORK/csv/learner-dee.csv" ||
	fail "report learner --Dee"
for who in Ann Bo Cy "$EVIL" --Dee; do
	[ "$who" = --Dee ] ||
		csv learner "$who" >"$WORK/csv/learner-$(printf %s "$who" | md5sum | cut -c1-8).csv" ||
		fail "report learner $who"
	csv retention --learner "$who" >"$WORK/csv/retention-$(printf %s "$who" | md5sum | cut -c1-8).csv" ||
		fail "report retention --learner $who"
done
expect_eq "the record's head" "$(sql 'SELECT hash FROM events ORDER BY id DESC LIMIT 1')" \
	"$(grep -o 'data-key="record_head">[0-9a-f]*' "$WORK/report.html" | cut -d'>' -f2)"

# The browser: the DOM as Chromium built it, a screenshot and the page
# printed to PDF, in one run.
browser() {
	timeout 60 chromium --headless --no-sandbox --disable-gpu --no-first-run \
		--user-data-dir="$WORK/chromium" --hide-scrollbars "$@" 2>>"$WORK/chromium.log"
}
browser --window-size=1100,1600 --screenshot="$WORK/shot.png" --print-to-pdf="$WORK/report.pdf" \
	--no-pdf-header-footer --dump-dom "file://$WORK/report.html" >"$WORK/dom.html" ||
	fail "chromium --dump-dom --screenshot --print-to-pdf"

python3 - "$WORK" "$(sql 'SELECT count(*) FROM events')" <<'PY' || fail "the DOM disagrees with the CSV reports"
import csv, glob, hashlib, os, sys
from html.parser import HTMLParser

work, events = sys.argv[1], sys.argv[2]

class Dom(HTMLParser):
    """Tables by data-report (rows of {data-key: text}), every data-key's
    text, headings, and the elements seen."""
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables, self.keys, self.headings, self.tags = [], {}, [], []
        self.table = None; self.row = None; self.key = None; self.text = ""
        self.heading = None; self.attrs_seen = []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs); self.tags.append(tag); self.attrs_seen.append((tag, a))
        if tag == "table": self.table = (a.get("data-report"), []); self.tables.append(self.table)
        elif tag == "tr" and self.table is not None: self.row = {}
        if "data-key" in a: self.key = a["data-key"]; self.text = ""
        if tag in ("h1", "h2", "h3", "h4"): self.heading = [tag, ""]
    def handle_endtag(self, tag):
        if tag in ("td", "th", "span", "dd", "p") and self.key is not None:
            if self.row is not None: self.row[self.key] = self.text
            self.keys.setdefault(self.key, []).append(self.text); self.key = None
        if tag == "tr" and self.row is not None:
            if self.row: self.table[1].append(self.row)
            self.row = None
        if tag == "table": self.table = None
        if self.heading and tag == self.heading[0]:
            self.headings.append(tuple(self.heading)); self.heading = None
    def handle_data(self, data):
        if self.key is not None: self.text += data
        if self.heading: self.heading[1] += data

dom = Dom(); dom.feed(open(f"{work}/dom.html", encoding="utf-8").read())
def tables(name): return [rows for n, rows in dom.tables if n == name]
def plain(cell):
    """A CSV cell as the record has it: CSV writes a formula-like cell after a
    single quote (report.c); HTML has no formulas and shows it as it is."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@", "\t", "\r") else cell
def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return [{k: plain(v) for k, v in r.items()} for r in csv.DictReader(f)]
def same(what, table, csvrows, keys):
    got = [{k: r.get(k, "") for k in keys} for r in table]
    want = [{k: r[k] for k in keys} for r in csvrows]
    assert got == want, f"{what}:\n dom {got}\n csv {want}"
def one(name):
    t = tables(name); assert len(t) == 1, f"{len(t)} tables of {name}"; return t[0]

# Nothing runs, nothing loads: no script element (the name is text), no
# external anything.
assert "script" not in dom.tags, "a script element in the report"
for tag, a in dom.attrs_seen:
    for k, v in a.items():
        if k in ("src", "href", "action", "srcset", "poster", "data") and v and not v.startswith("#"):
            raise AssertionError(f"{tag} {k}={v} loads from elsewhere")
raw = open(f"{work}/report.html", encoding="utf-8").read()
for bad in ("<link", "@import", "url(", "<script", "<iframe", "<img"):
    assert bad not in raw, f"{bad} in the report"
evil = '<script>alert(1)</script> & "Eve"'
assert ("h3", evil) in dom.headings, "the script-like name is not a heading's text"
assert ("h3", "--Dee") in dom.headings, "no section for --Dee"
# Headings in order: one h1, then no level skipped.
levels = [int(h[0][1]) for h in dom.headings]
assert levels[0] == 1 and levels.count(1) == 1, levels
assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), f"a heading level skipped: {levels}"

comp = rows(f"{work}/csv/compliance.csv")
learners = rows(f"{work}/csv/learners.csv")
modules = rows(f"{work}/csv/modules.csv")
same("report learners", tables("learners")[0], learners, learners[0].keys())
same("report modules", one("modules"), modules, modules[0].keys())
same("who needs attention", [r for r in tables("compliance") if True][0],
     [r for r in comp if r["state"] != "compliant"], comp[0].keys() - {"learner"} | {"learner"})
same("report handover", one("handover"), rows(f"{work}/csv/handover.csv"),
     ["learner", "duty", "stage", "next", "ready", "still_needs"])
timeline = rows(f"{work}/csv/timeline.csv")
same("report handover --timeline", one("handover-timeline"), timeline, timeline[0].keys())
# The counts by state are the compliance rows counted.
counts = one("compliance-counts")
want = [{"policy": p, **{st: str(sum(1 for r in comp if r["policy"] == p and r["state"] == st))
                         for st in ("compliant", "expiring", "in training", "overdue", "never trained")}}
        for p in sorted({r["policy"] for r in comp})]
assert counts == want, (counts, want)
questions = rows(f"{work}/csv/questions-basics.csv")
confusing = [r for r in questions if r["flag"] == "confusing"]
assert confusing, "the sample has no confusing question"
same("confusing questions", one("questions"), confusing,
     ["question", "answered", "percent_correct", "discrimination", "wrong_answer_count",
      "most_chosen_wrong_answer"])
# Each person's section: their compliance rows and their whole history.
people = [r["learner"] for r in learners]
hist = {}
for path in glob.glob(f"{work}/csv/learner-*.csv"):
    r = rows(path)
    if r: hist[r[0]["learner"]] = r
histories = tables("learner")
assert len(histories) == len(hist), f"{len(histories)} histories, {len(hist)} people with one"
for t in histories:
    name = [n for n, h in hist.items() if len(h) == len(t) and
            all(a["question"] == b["question"] and a["answer"] == b["answer"] for a, b in zip(t, h))]
    assert name, f"a history in the page matches no report learner: {t}"
    same(f"report learner {name[0]}", t, hist[name[0]],
         ["module", "record", "version", "attempt", "question", "answer", "fraction", "percent",
          "passed", "at"])
# Assignments: report assignments as it is; per module, the rows of
# assignments (of the people it covers) counted, adding up to its totals;
# each person's own rows under their name.
assigned = rows(f"{work}/csv/assignments.csv")
same("report assignments", one("assignments"), assigned, assigned[0].keys())
covered = {r["learner"] for r in assigned}
alist = [r for r in rows(f"{work}/csv/assignment-list.csv") if r["learner"] in covered]
bymod = {r["module"]: r for r in one("assignments-by-module")}
want = {}
for r in alist:
    m = want.setdefault(r["module"], {"module": r["module"], "assigned": 0, "done": 0, "open": 0,
                                      "overdue": 0, "next_due": ""})
    m["assigned"] += 1; m[r["state"]] += 1
    if r["state"] != "done" and (not m["next_due"] or r["due"] < m["next_due"]):
        m["next_due"] = r["due"]
want = {k: {f: str(v) for f, v in m.items()} for k, m in want.items()}
assert bymod == want, f"assignments by module:\n dom {bymod}\n csv {want}"
for key in ("assigned", "done", "open", "overdue"):
    assert sum(int(r[key]) for r in bymod.values()) == sum(int(r[key]) for r in assigned), key
assert {r["state"] for r in alist} == {"done", "open", "overdue"}, alist
mine = [[r for r in alist if r["learner"] == p] for p in people]
mine = [m for m in mine if m]
lists = tables("assignment-list")
assert len(lists) == len(mine), f"{len(lists)} people's assignments, {len(mine)} with some"
for t, m in zip(lists, mine):
    same(f"assignments of {m[0]['learner']}", t, m, ["module", "due", "state", "passed_on", "reason"])
    row = [r for r in assigned if r["learner"] == m[0]["learner"]][0]
    for st in ("done", "open", "overdue"):
        assert str(sum(1 for r in t if r["state"] == st)) == row[st], (st, t, row)
# Retention: report retention as it is, with a refresher answered; each
# person's modules with cards from report retention --learner, in order.
retention = rows(f"{work}/csv/retention.csv")
same("report retention", one("retention"), retention, retention[0].keys())
assert sum(int(r["refresh_answers"]) for r in retention) >= 1, retention
mine = []
for p in people:
    r = rows(f"{work}/csv/retention-{hashlib.md5(p.encode()).hexdigest()[:8]}.csv")
    r = [x for x in r if int(x["questions"]) > 0]
    if r: mine.append(r)
theirs = tables("retention-person")
assert mine and len(theirs) == len(mine), f"{len(theirs)} people's refreshers, {len(mine)} with some"
for t, m in zip(theirs, mine):
    same("refreshers of a person", t, m, ["module", "questions", "due_now", "retention_percent",
                                          "refresh_answers", "refresh_right", "right_percent"])
for m in retention:
    got = [r for t in mine for r in t if r["module"] == m["module"]]
    for key in ("questions", "due_now", "refresh_answers", "refresh_right"):
        assert sum(int(r[key]) for r in got) == int(m[key]), (key, m, got)
# Locked out: report learners' column, on the overview and in each
# person's section; every grant of report grants, under the person's name.
locked = [{"learner": r["learner"], "locked_out": r["locked_out"]} for r in learners if r["locked_out"]]
assert [r["learner"] for r in locked] == ["Bo"], locked
assert one("locked-out") == locked, (one("locked-out"), locked)
# Shown three times: the list above, report learners' column, the section.
assert [x for x in dom.keys["locked_out"] if x] == [r["locked_out"] for r in locked] * 3, \
    dom.keys["locked_out"]
grants = rows(f"{work}/csv/grants.csv")
assert dom.keys["grants"] == [str(len(grants))], (dom.keys["grants"], grants)
mine = [[r for r in grants if r["learner"] == p] for p in people]
mine = [m for m in mine if m]
theirs = tables("grants")
assert mine and len(theirs) == len(mine), f"{len(theirs)} people's grants, {len(mine)} with some"
for t, m in zip(theirs, mine):
    same(f"grants to {m[0]['learner']}", t, m, ["module", "attempts", "at", "by", "reason"])
assert grants[0]["reason"] == "went through <the> lessons again" and grants[0]["by"] == "Cat", grants
# Modules passed over time ends at the learners report's total of passes.
totals = dom.keys["total"]
assert int(totals[-1]) == sum(int(r["passed"]) for r in learners), (totals, learners)
# The record: its events, as counted by sqlite3, and a checkpoint.
assert dom.keys["record_events"][0] == events, (dom.keys["record_events"], events)
assert "signed by acme" in dom.keys["checkpoint"][0], dom.keys["checkpoint"]
assert dom.keys["duties_handed_back"] == ["1"], dom.keys["duties_handed_back"]
PY

head -c 8 "$WORK/shot.png" | od -An -tx1 | grep -q "89 50 4e 47 0d 0a 1a 0a" || fail "no PNG screenshot"
[ "$(stat -c %s "$WORK/shot.png")" -gt 20000 ] || fail "the screenshot is nearly empty"
[ -n "${HTML_SCREENSHOT:-}" ] && cp "$WORK/shot.png" "$HTML_SCREENSHOT"
# Printed, each person starts a page (the print stylesheet): at least one
# page for the organisation and one per person.
python3 - "$WORK/report.pdf" "$(sql "SELECT count(*) FROM learners WHERE role = 'staff'")" <<'PY' ||
import re, sys
pdf = open(sys.argv[1], "rb").read()
assert pdf.startswith(b"%PDF-"), "not a PDF"
pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))
assert pages >= int(sys.argv[2]) + 1, f"{pages} pages for {sys.argv[2]} people"
print(f"report: printed to PDF: {pages} pages", file=sys.stderr)
PY
	fail "printing to PDF"

# Accessibility: axe-core inside Chromium, on a copy of the page that may
# run scripts (the report's own policy forbids them: that is the only
# change). Then, to show the check can fail, the same page spoilt (no lang,
# grey text on white) must have serious violations.
cp "$AXE" "$WORK/axe.min.js"
cat >"$WORK/axe-run.js" <<'JS'
function show(id, r) {
	var p = document.createElement("pre");
	p.id = id;
	p.textContent = JSON.stringify(r.violations.map(function (v) {
		return {id: v.id, impact: v.impact, nodes: v.nodes.length};
	}));
	document.body.appendChild(p);
}
var only = {resultTypes: ["violations"]};
axe.run(document, only).then(function (r) {
	show("axe-page", r);
	document.documentElement.removeAttribute("lang");
	var style = document.createElement("style");
	style.textContent = "body, td, th, caption, p { color: #bbb !important }";
	document.head.appendChild(style);
	return axe.run(document, only);
}).then(function (r) { show("axe-spoilt", r); });
JS
sed -e '/Content-Security-Policy/d' \
	-e 's|</body>|<script src="axe.min.js"></script><script src="axe-run.js"></script></body>|' \
	"$WORK/report.html" >"$WORK/axe.html"
browser --virtual-time-budget=30000 --dump-dom "file://$WORK/axe.html" >"$WORK/axe-dom.html" ||
	fail "chromium with axe"
python3 - "$WORK/axe-dom.html" <<'PY' || fail "accessibility"
import html, json, re, sys
dom = open(sys.argv[1], encoding="utf-8").read()
def found(id):
    m = re.search(f'<pre id="{id}">(.*?)</pre>', dom, re.S)
    assert m, f"axe did not finish ({id})"
    return json.loads(html.unescape(m.group(1)))
def serious(v): return [x for x in v if x["impact"] in ("serious", "critical")]
page, spoilt = found("axe-page"), found("axe-spoilt")
print("report: axe-core found", len(page), "violations,", len(serious(page)),
      "serious or critical:", ", ".join(f"{v['id']} ({v['impact']})" for v in page) or "none",
      file=sys.stderr)
assert not serious(page), page
ids = {v["id"] for v in serious(spoilt)}
assert {"html-has-lang", "color-contrast"} <= ids, f"the spoilt page passed: {spoilt}"
PY
echo "report: report html in headless Chromium (DOM, screenshot, axe) in $(($(date +%s) - started)) s" >&2

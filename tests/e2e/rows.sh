# Report learners' rows made on two threads (from 2,048 people, the second
# half of them on another thread) are the rows one thread makes. Two
# cohorts of 1,100 people, A-… and B-…, are copies of each other person for
# person: the same attempts and lesson pages as Ann (locked out of a quiz)
# or Bo (one failed attempt), or one pass of a module of their own, its
# attempt's id far above the others'; every seventh inactive. In name
# order the A cohort and Ann come first, made on the report's own thread,
# and the B cohort and Bo on the other. In CSV and JSON each B row must be
# its A row but for the name, and each copy its original's; the table's
# line of who is locked out names them all, in name order. With ten
# modules and attempt ids spread over 144,000, the facts are read by the
# scan in chunks on two threads too (store-facts.c), so make tsan runs
# both here.
. tests/e2e/lib.sh
C="$WORK/courses"
allowance_courses "$C"
for m in 1 2 3 4 5 6 7 8; do
	sed "s/id=\"open\"/id=\"m$m\"/" "$C/open.xml" >"$C/m$m.xml"
done
at() { UPSKILL_NOW="$1" "$UPSKILL" --db "$DB" --courses "$C" "${@:2}"; }
fail_quiz() { printf 'login %s\nquiz rules\nf\n' "$1" | at "$2" >/dev/null 2>&1; }

org
staff Ann Bo
printf 'login ann\nstart rules\n\nf\n' | at 2026-03-02T10:00:00Z >/dev/null 2>&1 || fail "Ann's first attempt"
fail_quiz ann 2026-03-02T10:10:00Z
fail_quiz ann 2026-03-02T10:20:00Z
printf 'login bo\nstart rules\n\nf\n' | at 2026-03-02T10:30:00Z >/dev/null 2>&1 || fail "Bo's attempt"

# The copies, made in SQL that both engines read alike. Person i of each
# cohort copies Ann when i % 3 = 0, Bo when i % 3 = 1.
sql "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 1100)
 INSERT INTO learners (name, role, active, created_at)
 SELECT c.cohort || '-' || (10000 + k.i), 'staff', CASE WHEN k.i % 7 = 0 THEN 0 ELSE 1 END,
 '2026-03-01T09:00:00Z' FROM k CROSS JOIN (SELECT 'A' AS cohort UNION ALL SELECT 'B') c
 ORDER BY k.i, c.cohort" >/dev/null
copies="FROM learners l JOIN learners src ON l.name LIKE '_-%'
 AND src.name = CASE (CAST(substr(l.name, 3) AS INTEGER) - 10000) % 3 WHEN 0 THEN 'Ann' WHEN 1 THEN 'Bo' END"
sql "INSERT INTO attempts (learner_id, module_id, module_version, seed, plan, started_at,
 finished_at, score, max_score, percent, passed, seconds, policy_version, publication, practice)
 SELECT l.id, a.module_id, a.module_version, a.seed, a.plan, a.started_at, a.finished_at,
 a.score, a.max_score, a.percent, a.passed, a.seconds, a.policy_version, a.publication,
 a.practice $copies JOIN attempts a ON a.learner_id = src.id ORDER BY l.id, a.id" >/dev/null
sql "INSERT INTO lesson_progress (learner_id, module_id, page, pages, read_all, seconds,
 updated_at) SELECT l.id, p.module_id, p.page, p.pages, p.read_all, p.seconds, p.updated_at
 $copies JOIN lesson_progress p ON p.learner_id = src.id" >/dev/null
# Person i of each cohort with i % 3 = 2 passed m1 once, the attempt's id
# 100,000 + 40 i (20 more in the B cohort): far above the copies'.
sql "INSERT INTO attempts (id, learner_id, module_id, module_version, seed, plan, started_at,
 finished_at, score, max_score, percent, passed, seconds, practice)
 SELECT 100000 + 40 * (CAST(substr(l.name, 3) AS INTEGER) - 10000)
 + CASE substr(l.name, 1, 1) WHEN 'B' THEN 20 ELSE 0 END, l.id, 'm1', '1.0', 7, 'q1',
 '2026-03-02T11:00:00Z', '2026-03-02T11:05:00Z', 1, 1, 100, 1, 300, 0
 FROM learners l WHERE l.name LIKE '_-%' AND (CAST(substr(l.name, 3) AS INTEGER) - 10000) % 3 = 2" \
	>/dev/null
expect_eq "people" 2202 "$(sql "SELECT count(*) FROM learners WHERE role = 'staff'")"
expect_eq "the ids' span" 1 "$(sql "SELECT CASE WHEN max(id) - min(id) >= 32768 THEN 1 ELSE 0 END FROM attempts")"

at 2026-03-03T09:00:00Z --as Cat report learners --format csv | tr -d '\r' >"$WORK/learners.csv" ||
	fail "report learners --format csv"
at 2026-03-03T09:00:00Z --as Cat report learners --format json >"$WORK/learners.json" ||
	fail "report learners --format json"
at 2026-03-03T09:00:00Z --as Cat report learners >"$WORK/learners.txt" ||
	fail "report learners"
python3 - "$WORK" <<'PY' || fail "report learners on two threads: see $WORK"
import csv, json, sys
work = sys.argv[1]
with open(f"{work}/learners.csv") as f:
    lines = [l for l in f if l.strip() and not l.startswith("record_head")]
table = list(csv.DictReader(lines))
rows = json.load(open(f"{work}/learners.json"))["rows"]
names = [r["learner"] for r in table]
assert names == [r["learner"] for r in rows], "CSV and JSON differ in their rows"
assert names == sorted(names, key=str.lower), "rows not in name order"
active = [i for i in range(1, 1101) if i % 7]
expected = [f"A-{10000 + i}" for i in active] + ["Ann"] + [f"B-{10000 + i}" for i in active] + ["Bo"]
assert names == expected, f"{len(names)} rows, not the {len(expected)} active people"
def rest(r):
    return {k: v for k, v in r.items() if k != "learner"}
for by in (dict((r["learner"], r) for r in table), dict((r["learner"], r) for r in rows)):
    assert by["Ann"]["locked_out"] == "rules" and not by["Bo"]["locked_out"], (by["Ann"], by["Bo"])
    for i in active:
        a, b = by[f"A-{10000 + i}"], by[f"B-{10000 + i}"]
        assert rest(a) == rest(b), (a, b)
        original = {0: "Ann", 1: "Bo"}.get(i % 3)
        if original:
            assert rest(a) == rest(by[original]), (a, by[original])
        else:
            assert str(rest(a)["passed"]) == "1" and str(rest(a)["not_started"]) == "9", a
            assert not rest(a)["locked_out"], a
text = open(f"{work}/learners.txt").read()
locked = [n for n in expected if n == "Ann" or (n[0] in "AB" and n[1] == "-" and (int(n[2:]) - 10000) % 3 == 0)]
line = "locked_out: " + "; ".join(f"{n} (rules)" for n in locked)
assert line in text.splitlines(), "the table's line of who is locked out"
PY

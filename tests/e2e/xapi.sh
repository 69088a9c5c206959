# xAPI to a real learning record store: Learning Locker's statement service
# (npm xapi-statements, in memory, behind a Basic-auth check: tests/lrs/)
# on a free port of 127.0.0.1. A week-long set-up is exported (every
# statement checked with @learninglocker/xapi-validation) and synced; the
# LRS is restarted (and forgets) mid-way, is down when a sync starts, and
# refuses a batch; at the end it holds each of the record's statements
# exactly once, read back through GET /statements.
. tests/e2e/lib.sh
C=tests/e2e/courses
LRS_JS=tests/lrs/lrs.js
[ -f tests/lrs/node_modules/xapi-statements/dist/server.js ] ||
	fail "no LRS: make test installs it (npm ci in tests/lrs)"
command -v node >/dev/null || fail "no node: make test installs npm, which brings it"
upc() { "$UPSKILL" --db "$DB" --courses "$C" "$@"; }
day() { UPSKILL_NOW="2026-03-0$1T09:00:00Z" upc "${@:2}"; }
RIGHT='b\na b\nf\nyour name\n24\nc a b\n1b 2a\na\n'
HALF='b\na b\nt\nyour name\n30\nc a b\n1a 2b\nb\n'
HOME_PAGE=https://training.example.org/acme

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
AUTH="upskill-test:$(python3 -c 'import secrets; print(secrets.token_hex(12))')"
printf '%s\n' "$AUTH" >"$WORK/lrs-auth"
chmod 600 "$WORK/lrs-auth"
LRS="http://127.0.0.1:$PORT/xAPI"
TOP=$PWD
LRS_PID=

# The LRS, started in its own folder (it writes logs there) and waited for.
lrs_start() {
	mkdir -p "$WORK/lrs"
	(cd "$WORK/lrs" && LRS_PORT=$PORT LRS_AUTH=$AUTH NODE_PATH="$TOP/tests/lrs/node_modules" \
		exec node "$TOP/$LRS_JS" >>"$WORK/lrs.log" 2>&1) &
	LRS_PID=$!
	[ "${1:-}" = nowait ] && return 0
	for _ in $(seq 1 600); do
		lrs_get /about >/dev/null 2>&1 && return 0
		kill -0 "$LRS_PID" 2>/dev/null || fail "the LRS did not start: $(cat "$WORK/lrs.log")"
		sleep 0.1
	done
	fail "the LRS did not answer within a minute: $(cat "$WORK/lrs.log")"
}
lrs_stop() {
	[ -n "$LRS_PID" ] || return 0
	kill "$LRS_PID" 2>/dev/null
	wait "$LRS_PID" 2>/dev/null
	LRS_PID=
}
trap lrs_stop EXIT

# lrs_get PATH: GET with the credentials and the version header.
lrs_get() {
	LRS_URL="$LRS$1" python3 - <<'PY'
import base64, os, urllib.request
auth = base64.b64encode(os.environ["AUTH"].encode()).decode()
req = urllib.request.Request(os.environ["LRS_URL"], headers={
    "Authorization": "Basic " + auth, "X-Experience-API-Version": "1.0.3"})
print(urllib.request.urlopen(req, timeout=10).read().decode())
PY
}
export AUTH

# held: every statement the LRS holds, "id verb" a line, sorted, read
# through GET /statements page by page (its "more" links).
held() {
	LRS_URL="$LRS" python3 - <<'PY'
import base64, json, os, urllib.parse, urllib.request
base = os.environ["LRS_URL"]
auth = base64.b64encode(os.environ["AUTH"].encode()).decode()
# One page: the in-memory LRS pages with a cursor on its own _id, a
# time-based (v1) UUID compared as a string, which does not sort by time,
# so following "more" can skip statements stored a while before the rest
# (seen once: the two stored before a resend, missing from the second page).
url, rows = base + "/statements?limit=1000", []
while url:
    req = urllib.request.Request(url, headers={
        "Authorization": "Basic " + auth, "X-Experience-API-Version": "1.0.3"})
    page = json.load(urllib.request.urlopen(req, timeout=10))
    rows += ["%s %s" % (s["id"], s["verb"]["id"]) for s in page["statements"]]
    more = page.get("more") or ""
    url = urllib.parse.urljoin(url, more) if more else None
for r in sorted(rows):
    print(r)
PY
}
# made FILE: the same lines from an export.
made() {
	python3 -c '
import json, sys
for r in sorted("%s %s" % (s["id"], s["verb"]["id"]) for s in json.load(open(sys.argv[1]))):
    print(r)' "$1"
}
# export_checked DAY NAME: export xapi as Cat into $WORK/NAME.json, every
# statement valid by Learning Locker's validator.
export_checked() {
	day "$1" --as Cat export xapi >"$WORK/$2.json" || fail "export xapi on day $1"
	NODE_PATH="$TOP/tests/lrs/node_modules" node tests/lrs/validate.js "$WORK/$2.json" \
		>"$WORK/$2.valid" || fail "statements that do not validate: $(cat "$WORK/$2.valid")"
}
sync_lrs() { day "$1" --as Cat sync --lrs "$LRS" --auth-file "$WORK/lrs-auth" "${@:2}"; }

# Monday: the organisation, its people, and where its accounts live.
UPSKILL_NOW=2026-03-02T08:00:00Z org
UPSKILL_NOW=2026-03-02T09:00:00Z staff Ann Bo Cy
out=$(day 2 --as Cat export xapi 2>&1) && fail "export without a home page"
expect_in "home page needed" "set it first with 'setting xapi-home-page URL'" "$out"
out=$(day 2 --as Cat setting xapi-home-page ftp://example.org 2>&1) && fail "an ftp home page"
day 2 --as Cat setting xapi-home-page "$HOME_PAGE" >/dev/null || fail "setting the home page"
out=$(printf 'login ann\nexport xapi\n' | day 2 2>&1) && fail "staff exported the record"
expect_in "consultants only" "'export xapi' is for consultants" "$out"

# Tuesday: basics, passed by Ann and Cy, failed by Bo (50%).
printf "login ann\nstart basics\n\n\n$RIGHT" | day 3 >/dev/null
printf "login bo\nstart basics\n\n\n$HALF" | day 3 >/dev/null
printf "login cy\nstart basics\n\n\n$RIGHT" | day 3 >/dev/null
# Wednesday: Ann takes and acknowledges the policy.
printf 'login ann\nstart rules\n\nt\nack rules\nI agree\n' | day 4 >/dev/null

# What the record says, as statements: one per event, two per finished
# attempt, each valid, of every interaction type the courses have.
export_checked 4 wed
counts() {
	python3 -c '
import collections, json, sys
c = collections.Counter(s["verb"]["id"].rsplit("/", 1)[-1].rsplit(":", 1)[-1] for s in json.load(open(sys.argv[1])))
print(" ".join("%s=%d" % kv for kv in sorted(c.items())))' "$1"
}
record_counts() {
	sql "SELECT 'acknowledged=' || (SELECT count(*) FROM events WHERE kind = 'ack')
		|| ' answered=' || (SELECT count(*) FROM events WHERE kind = 'answer')
		|| ' attempted=' || (SELECT count(*) FROM events WHERE kind = 'attempt.start')
		|| ' completed=' || (SELECT count(*) FROM events WHERE kind = 'attempt.finish')
		|| ' failed=' || (SELECT count(*) FROM attempts WHERE passed = 0)
		|| ' handed-over=' || (SELECT count(*) FROM events WHERE kind = 'duty.handover')
		|| ' passed=' || (SELECT count(*) FROM attempts WHERE passed = 1)" |
		sed 's/ [a-z-]*=0\b//g; s/^[a-z-]*=0 //'
}
expect_eq "statements per verb, as the record has them" "$(record_counts)" "$(counts "$WORK/wed.json")"
expect_eq "Wednesday's statements" "acknowledged=1 answered=25 attempted=4 completed=4 failed=1 passed=3" \
	"$(counts "$WORK/wed.json")"
python3 - "$WORK/wed.json" "$DB" "$HOME_PAGE" <<'PY' || fail "statements against the record"
import hashlib, json, sqlite3, sys, uuid
stmts = json.load(open(sys.argv[1]))
db = sqlite3.connect(sys.argv[2])
home = sys.argv[3]
types = set()
for s in stmts:
    ev = s["context"]["extensions"]["urn:upskill:extension:event"]
    at, learner, h = db.execute("SELECT at, learner_id, hash FROM events WHERE id = ?",
                                (ev["id"],)).fetchone()
    assert ev["hash"] == h, s
    # The id: SHA-256 over the event's chain hash and the verb, as a UUIDv8.
    d = bytearray(hashlib.sha256(("upskill-xapi-1\n%s\n%s" % (h, s["verb"]["id"])).encode()).digest()[:16])
    d[6] = (d[6] & 0x0F) | 0x80
    d[8] = (d[8] & 0x3F) | 0x80
    assert s["id"] == str(uuid.UUID(bytes=bytes(d))), s["id"]
    assert s["timestamp"] == at[:19] + ".000Z", s
    assert s["actor"] == {"objectType": "Agent", "account": {"homePage": home, "name": str(learner)}}, s
    d = s["object"].get("definition", {})
    if "interactionType" in d:
        types.add(d["interactionType"])
        assert d["correctResponsesPattern"], s
    if s["verb"]["id"].endswith(("passed", "failed")):
        sc = s["result"]["score"]
        assert sc["min"] <= sc["raw"] <= sc["max"] and abs(sc["scaled"] - sc["raw"] / sc["max"]) < 1e-9, s
        assert s["result"]["success"] == s["verb"]["id"].endswith("passed"), s
assert types == {"choice", "true-false", "fill-in", "numeric", "sequencing", "matching"}, types
assert len({s["id"] for s in stmts}) == len(stmts), "duplicate ids"
PY
day 4 --as Cat export xapi | cmp -s - "$WORK/wed.json" || fail "a second export differs"
day 4 --as Cat export xapi --since 2026-03-04 >"$WORK/since.json" || fail "export --since"
expect_eq "--since keeps Wednesday's" "acknowledged=1 answered=1 attempted=1 completed=1 passed=1" \
	"$(counts "$WORK/since.json")"
out=$(day 4 --as Cat export xapi --since 2026-02-30 2>&1) && fail "a date that does not exist"
expect_in "bad date" "'--since 2026-02-30' is not a date" "$out"

# Credentials: never on the command line; a file open to others, none at
# all, or wrong ones are refused, and nothing is marked sent.
lrs_start
chmod 644 "$WORK/lrs-auth"
out=$(sync_lrs 4 2>&1) && fail "an auth file open to others was used"
expect_in "0600 checked" "is open to others (mode 0644)" "$out"
chmod 600 "$WORK/lrs-auth"
out=$(day 4 --as Cat sync --lrs "$LRS" 2>&1) && fail "sync without credentials"
expect_in "credentials needed" "--auth-file FILE (mode 0600, one line user:password) or UPSKILL_LRS_AUTH" "$out"
out=$(UPSKILL_LRS_AUTH=upskill-test:wrong day 4 --as Cat sync --lrs "$LRS" 2>&1) && fail "wrong credentials"
expect_in "refused by the LRS" "(HTTP 401), naming no statement: Unauthorised" "$out"
expect_eq "nothing marked after a refusal" 0 "$(sql "SELECT count(*) FROM xapi_sent")"

# Wednesday's sync, in batches of 10 (credentials from the environment).
out=$(UPSKILL_LRS_AUTH=$AUTH day 4 --as Cat sync --lrs "$LRS/" --batch 10) || fail "sync: $out"
expect_eq "first sync" "sent 38 statements to $LRS in 4 batches (0 sent before)" "$out"
expect_eq "the LRS holds Wednesday's" "$(made "$WORK/wed.json")" "$(held)"
out=$(sync_lrs 4) || fail "sync again: $out"
expect_eq "nothing sent twice" "nothing new to send to $LRS (38 statements sent before)" "$out"
expect_eq "sent, remembered" 38 "$(sql "SELECT count(*) FROM xapi_sent WHERE lrs = '$LRS'")"
# A copy of the record (db copy) remembers what was sent: a sync from it
# sends nothing again.
out=$(upc db copy "$DB" "$WORK/copy.db") || fail "db copy after a sync: $out"
out=$(UPSKILL_LRS_AUTH=$AUTH UPSKILL_NOW=2026-03-04T18:00:00Z "$UPSKILL" --db "$WORK/copy.db" \
	--courses "$C" --as Cat sync --lrs "$LRS") || fail "sync from the copy: $out"
expect_eq "the copy remembers" "nothing new to send to $LRS (38 statements sent before)" "$out"

# Thursday and Friday: duties moved and two handed over.
day 4 --as Cat duty stage Ann replies observing >/dev/null || fail "Ann observing"
day 4 --as Cat duty stage Bo posting observing >/dev/null || fail "Bo observing"
day 5 --as Cat duty stage Ann replies assisted >/dev/null || fail "Ann assisted"
day 5 --as Cat duty log Ann replies "answered the weekend comments with me" >/dev/null
day 5 --as Cat duty log Ann replies "handled a LinkedIn message" >/dev/null
day 5 --as Cat duty stage Ann replies independent >/dev/null || fail "Ann independent"
day 5 --as Cat duty stage Bo posting assisted >/dev/null || fail "Bo assisted"
day 5 --as Cat duty log Bo posting "scheduled Friday's posts" >/dev/null
day 5 --as Cat duty stage Bo posting independent >/dev/null || fail "Bo independent"
day 6 --as Cat handover replies Ann --note "ready" >/dev/null || fail "handover to Ann"
day 6 --as Cat handover posting Bo >/dev/null || fail "handover to Bo"
export_checked 6 fri
expect_eq "Friday's statements" \
	"acknowledged=1 answered=25 attempted=4 completed=4 failed=1 handed-over=2 passed=3" \
	"$(counts "$WORK/fri.json")"
python3 - "$WORK/fri.json" "$HOME_PAGE" <<'PY' || fail "handover statements"
import json, sys
h = [s for s in json.load(open(sys.argv[1])) if s["verb"]["id"] == "urn:upskill:verb:handed-over"]
assert [s["object"]["id"] for s in h] == [sys.argv[2] + "/upskill/duties/replies", sys.argv[2] + "/upskill/duties/posting"], h
assert all(s["context"]["instructor"]["account"]["name"] == "1" for s in h), h
PY

# The LRS restarts and forgets everything: the next sync sends only what
# is new; --resend sends everything again, and what the LRS had already
# is not doubled (the same ids: it keeps one copy).
lrs_stop
lrs_start
out=$(sync_lrs 6) || fail "sync after the restart: $out"
expect_eq "only the new" "sent 2 statements to $LRS in 1 batch (38 sent before)" "$out"
expect_eq "the forgetful LRS holds the two" 2 "$(held | wc -l)"
out=$(sync_lrs 6 --resend --batch 7) || fail "resend: $out"
expect_eq "all again" "sent 40 statements to $LRS in 6 batches (0 sent before)" "$out"
expect_eq "each statement exactly once" "$(made "$WORK/fri.json")" "$(held)"
sync_lrs 6 --resend >/dev/null || fail "a second resend"
expect_eq "still exactly once" "$(made "$WORK/fri.json")" "$(held)"

# The LRS is down when a sync starts: it waits and tries again, and sends
# once the LRS is back.
printf 'login cy\nstart rules\n\nt\nack rules\nI agree\n' | day 7 >/dev/null
lrs_stop
sync_lrs 7 >"$WORK/retry.out" 2>&1 &
syncing=$!
for _ in $(seq 1 600); do
	grep -q "trying again" "$WORK/retry.out" && break
	sleep 0.1
done
grep -q "trying again" "$WORK/retry.out" || fail "sync did not wait for the LRS: $(cat "$WORK/retry.out")"
lrs_start nowait
wait "$syncing" || fail "sync with the LRS coming back: $(cat "$WORK/retry.out")"
expect_in "tried again" "batch 1: http://127.0.0.1:$PORT/xAPI/statements: " "$(cat "$WORK/retry.out")"
expect_in "then sent" "sent 5 statements to $LRS in 1 batch (40 sent before)" "$(cat "$WORK/retry.out")"
sync_lrs 7 --resend >/dev/null || fail "resend after the retry"
export_checked 7 sun
expect_eq "each statement exactly once, after it all" "$(made "$WORK/sun.json")" "$(held)"

# A batch the LRS refuses is reported with the statement and the LRS's
# reason, and nothing in it is marked sent. Here the LRS already holds a
# different statement under the id of one to come (a conflict).
printf "login bo\nstart basics\n\n\n$RIGHT" | day 8 >/dev/null
export_checked 8 mon
victim=$(python3 -c '
import json, sys
print([s["id"] for s in json.load(open(sys.argv[1])) if s["verb"]["id"].endswith("/passed")][-1])' "$WORK/mon.json")
VICTIM=$victim LRS_URL="$LRS" python3 - <<'PY' || fail "planting a conflicting statement"
import base64, json, os, urllib.request
s = {"id": os.environ["VICTIM"], "actor": {"mbox": "mailto:someone@example.org"},
     "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced"},
     "object": {"id": "https://example.org/other"}}
req = urllib.request.Request(os.environ["LRS_URL"] + "/statements", data=json.dumps([s]).encode(),
    headers={"Authorization": "Basic " + base64.b64encode(os.environ["AUTH"].encode()).decode(),
             "X-Experience-API-Version": "1.0.3", "Content-Type": "application/json"})
urllib.request.urlopen(req, timeout=10)
PY
before=$(sql "SELECT count(*) FROM xapi_sent")
out=$(sync_lrs 8 --batch 4 2>&1) && fail "a refused batch passed: $out"
event=$(sql "SELECT max(id) FROM events WHERE kind = 'attempt.finish'")
expect_in "which statement and why" "for statement $victim (event $event, passed): $victim is conflicting; nothing in that batch was marked sent" "$out"
expect_in "the batches before it stand" "sync: 8 statements sent to $LRS before that" "$out"
expect_eq "the refused batch not marked" "$((before + 8))" "$(sql "SELECT count(*) FROM xapi_sent")"
expect_eq "the statement not marked" 0 "$(sql "SELECT count(*) FROM xapi_sent WHERE statement_id = '$victim'")"

# What was sent is bookkeeping beside the record, not in it: verify holds.
upc verify >/dev/null || fail "the record does not verify after syncing"
expect_eq "no event for sending" 0 "$(sql "SELECT count(*) FROM events WHERE kind LIKE '%xapi%' OR kind LIKE '%sync%'")"
echo "report: $(wc -l <<<"$(made "$WORK/sun.json")") statements of a week held once each after an LRS restart, a retry and a resend"

-- A large organisation for the benchmark, written straight into a
-- database upskill has created (so the schema is current): LEARNERS staff,
-- each with a finished attempt on each of the 20 benchmark modules, and
-- acknowledgements of the policy modules for two learners in three. The
-- modules, policies included, were published by init. The numbers are
-- substituted by tests/bench/run; nothing is random.
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @LEARNERS@)
INSERT INTO learners (name, role, created_at)
SELECT printf('Learner %05d', i), 'staff', '2026-01-05T09:00:00Z' FROM n;

WITH RECURSIVE k(j) AS (SELECT 1 UNION ALL SELECT j + 1 FROM k WHERE j < 20),
picks AS (
  SELECT l.id AS learner, j, (l.id * 7 + j * 13) % @MODULES@ AS m, (l.id + j) % 21 AS s
  FROM learners l, k WHERE l.role = 'staff'
)
INSERT INTO attempts (learner_id, module_id, module_version, seed, plan, started_at,
                      finished_at, score, max_score, percent, passed, seconds, policy_version)
SELECT learner, printf('bench-%03d', m), '1.0', j, 'v1',
       printf('2026-02-%02dT09:00:00Z', 1 + j), printf('2026-02-%02dT09:40:00Z', 1 + j),
       s, 20, s * 5.0, s * 5 >= 80, 600 + s * 30,
       CASE WHEN m % 50 = 2 THEN '1.0' END
FROM picks;

INSERT INTO events (id, at, kind, learner_id, subject, data, prev_hash, hash)
SELECT (SELECT coalesce(max(id), 0) FROM events) + row_number() OVER (),
       '2026-02-20T10:00:00Z', 'ack', a.learner_id, a.module_id, '{}', '', 'bench'
FROM attempts a WHERE a.policy_version IS NOT NULL AND a.learner_id % 3 <> 0;

INSERT INTO acknowledgements (learner_id, policy_id, version, text_hash, at, event_id)
SELECT learner_id, subject, '1.0', 'bench', at, id FROM events WHERE kind = 'ack' AND data = '{}';
COMMIT;
ANALYZE;

// identity/decide_pair: a data steward's decision on a proposed pair ($a < $b): sets the
// SAME_AS edge's status ($status: confirmed or rejected), who decided and when — only if the
// pair is still as the steward saw it ($expected: candidate, or the decision being reversed).
// A pair never proposed is not linked, and of two decisions made on the same state at once,
// one is applied and the other finds the state moved on.
// returns: {a, b, status, score, reasons, created_at, decided_by, decided_at} — no row if
// there is no such pair, or its status is not $expected (nothing changes)
// audited: yes
// params: $a, $b, $status, $expected, $decided_by, $now
MATCH (a:Child {id: $a})-[s:SAME_AS]->(b:Child {id: $b})
WHERE s.status = $expected
SET s.status = $status, s.decided_by = $decided_by, s.decided_at = $now
RETURN a.id AS a, b.id AS b, s.status AS status, s.score AS score, s.reasons AS reasons,
       s.created_at AS created_at, s.decided_by AS decided_by, s.decided_at AS decided_at

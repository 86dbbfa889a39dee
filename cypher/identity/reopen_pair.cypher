// identity/reopen_pair: a data steward reverses a decision on a pair ($a < $b): a confirmed or
// rejected SAME_AS edge becomes a candidate again, to be reviewed (and proposed) afresh; who
// reopened it and when are kept in decided_by/decided_at, the audit trail keeps the rest.
// returns: {a, b, status, score, reasons, created_at, decided_by, decided_at} — no row when
// the pair has no decision to reverse
// params: $a, $b, $decided_by, $now
MATCH (a:Child {id: $a})-[s:SAME_AS]->(b:Child {id: $b})
WHERE s.status IN ['confirmed', 'rejected']
SET s.status = 'candidate', s.decided_by = $decided_by, s.decided_at = $now
RETURN a.id AS a, b.id AS b, s.status AS status, s.score AS score, s.reasons AS reasons,
       s.created_at AS created_at, s.decided_by AS decided_by, s.decided_at AS decided_at

// identity/decide_pair: a data steward's decision on a pair ($a < $b): sets the SAME_AS edge's
// status ($status: confirmed or rejected), who decided and when. A pair never proposed is
// linked too (the steward found it themselves). No row when either child does not exist.
// returns: {a, b, status, score, reasons, created_at, decided_by, decided_at}
// params: $a, $b, $status, $decided_by, $now
MATCH (a:Child {id: $a})
MATCH (b:Child {id: $b})
MERGE (a)-[s:SAME_AS]->(b)
ON CREATE SET s.created_at = $now, s.score = null, s.reasons = ['linked by a data steward']
SET s.status = $status, s.decided_by = $decided_by, s.decided_at = $now
RETURN a.id AS a, b.id AS b, s.status AS status, s.score AS score, s.reasons AS reasons,
       s.created_at AS created_at, s.decided_by AS decided_by, s.decided_at AS decided_at

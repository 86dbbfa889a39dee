// identity/get_pair: the SAME_AS link between two child records ($a < $b), if there is one:
// why a decision on it was not applied
// returns: {status, decided_by, decided_at} — no row if the pair was never proposed
// params: $a, $b
MATCH (a:Child {id: $a})-[s:SAME_AS]->(b:Child {id: $b})
RETURN s.status AS status, s.decided_by AS decided_by, s.decided_at AS decided_at

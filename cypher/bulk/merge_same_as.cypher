// bulk/merge_same_as: links child records judged to be the same child (SAME_AS, one edge per
// ordered pair, its status/score/reasons set from the row). Rows naming an unknown child are
// skipped.
// Rows are lists, not maps: FalkorDB parses list parameters about twice as fast (measured).
// row: child_id, other_id, status, score, reasons, decided_by
// returns: {loaded} — how many rows were applied
// params: $rows
UNWIND $rows AS row
MATCH (c:Child {id: row[0]})
MATCH (o:Child {id: row[1]})
MERGE (c)-[s:SAME_AS]->(o)
SET s.status = row[2], s.score = row[3], s.reasons = row[4], s.decided_by = row[5]
RETURN count(s) AS loaded

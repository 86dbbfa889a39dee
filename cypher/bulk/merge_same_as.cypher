// bulk/merge_same_as: links child records judged to be the same child (SAME_AS, one edge per
// pair, from the smaller id to the larger; its status/score/reasons set from the row). Rows
// naming an unknown child are skipped.
// Rows are lists, not maps: FalkorDB parses list parameters about twice as fast (measured).
// row: child_id, other_id, status, score, reasons, decided_by
// returns: {loaded} — how many rows were applied
// params: $rows
UNWIND $rows AS row
// one edge per pair, always from the smaller id (identity resolution follows a -> b, a < b)
WITH row, CASE WHEN row[0] < row[1] THEN row[0] ELSE row[1] END AS low,
     CASE WHEN row[0] < row[1] THEN row[1] ELSE row[0] END AS high
MATCH (c:Child {id: low})
MATCH (o:Child {id: high})
MERGE (c)-[s:SAME_AS]->(o)
SET s.status = row[2], s.score = row[3], s.reasons = row[4], s.decided_by = row[5]
RETURN count(s) AS loaded

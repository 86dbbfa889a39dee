// bulk/merge_same_as: links child records judged to be the same child (SAME_AS, one edge per
// pair, from the smaller id to the larger; its status/score/reasons set from the row). Rows
// naming an unknown child are skipped. With $la (an import scoped to one authority), both
// children must be $la's: no import joins another authority's child to its own.
// Rows are lists, not maps: FalkorDB parses list parameters about twice as fast (measured).
// row: child_id, other_id, status, score, reasons, decided_by, line
// returns: {loaded, applied} — how many rows were applied, and their `line`s
// audited: yes
// params: $rows, $la
UNWIND $rows AS row
// one edge per pair, always from the smaller id (identity resolution follows a -> b, a < b)
WITH row, CASE WHEN row[0] < row[1] THEN row[0] ELSE row[1] END AS low,
     CASE WHEN row[0] < row[1] THEN row[1] ELSE row[0] END AS high
MATCH (c:Child {id: low})
MATCH (o:Child {id: high})
WITH row, c, o
WHERE $la IS NULL OR (c.responsible_la = $la AND o.responsible_la = $la)
MERGE (c)-[s:SAME_AS]->(o)
SET s.status = row[2], s.score = row[3], s.reasons = row[4], s.decided_by = row[5]
RETURN count(s) AS loaded, collect(row[6]) AS applied

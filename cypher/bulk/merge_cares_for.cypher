// bulk/merge_cares_for: links carers to children (one CARES_FOR edge per pair, its details set
// from the row). Rows whose carer or child is unknown are skipped. With $la (an import scoped to
// one authority), only links to $la's children are written.
// Rows are lists, not maps: FalkorDB parses list parameters about twice as fast (measured).
// row: carer_id, child_id, relationship, parental_responsibility, lives_with, since, until, line
// returns: {loaded, applied} — how many rows were applied, and their `line`s
// audited: yes
// params: $rows, $la
UNWIND $rows AS row
MATCH (k:Carer {id: row[0]})
MATCH (c:Child {id: row[1]})
WITH row, k, c
WHERE $la IS NULL OR c.responsible_la = $la
MERGE (k)-[r:CARES_FOR]->(c)
SET r.relationship = row[2], r.parental_responsibility = row[3], r.lives_with = row[4],
    r.since = row[5], r.until = row[6]
RETURN count(r) AS loaded, collect(row[7]) AS applied

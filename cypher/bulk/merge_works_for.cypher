// bulk/merge_works_for: records that a practitioner works (or worked, with `until`) for an
// agency; one WORKS_FOR edge per pair. Rows whose practitioner or agency is unknown are skipped.
// With $la (an import scoped to one authority), only employment by $la's agencies is written.
// Rows are lists, not maps: FalkorDB parses list parameters about twice as fast (measured).
// row: practitioner_id, agency_id, since, until, line
// returns: {loaded, applied} — how many rows were applied, and their `line`s
// audited: yes
// params: $rows, $la
UNWIND $rows AS row
MATCH (p:Practitioner {id: row[0]})
MATCH (a:Agency {id: row[1]})
WITH row, p, a
WHERE $la IS NULL OR a.la = $la
MERGE (p)-[w:WORKS_FOR]->(a)
SET w.since = row[2], w.until = row[3]
RETURN count(w) AS loaded, collect(row[4]) AS applied

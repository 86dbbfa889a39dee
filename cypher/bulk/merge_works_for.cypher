// bulk/merge_works_for: records that a practitioner works (or worked, with `until`) for an
// agency; one WORKS_FOR edge per pair. Rows whose practitioner or agency is unknown are skipped.
// Rows are lists, not maps: FalkorDB parses list parameters about twice as fast (measured).
// row: practitioner_id, agency_id, since, until
// returns: {loaded} — how many rows were applied
// params: $rows
UNWIND $rows AS row
MATCH (p:Practitioner {id: row[0]})
MATCH (a:Agency {id: row[1]})
MERGE (p)-[w:WORKS_FOR]->(a)
SET w.since = row[2], w.until = row[3]
RETURN count(w) AS loaded

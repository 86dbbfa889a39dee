// bulk/merge_agencies: creates or updates agencies by id and places each in its local authority;
// rows whose local authority is unknown are skipped. Timestamps as in merge_local_authorities.
// With $la (an import scoped to one authority), a row changes nothing unless it names $la and
// the agency, if it exists already, is $la's: the agency in the index decides, not the row.
// Rows are lists, not maps: FalkorDB parses list parameters about twice as fast (measured).
// row: id, name, kind, la, sensitive, phone, email, ods_code, urn, created_at, updated_at, line
// returns: {loaded, applied} — how many rows were applied, and their `line`s
// audited: yes
// params: $rows, $now, $la
UNWIND $rows AS row
MATCH (home:LocalAuthority {id: row[3]})
OPTIONAL MATCH (existing:Agency {id: row[0]})
WITH row, home, existing
WHERE $la IS NULL OR (row[3] = $la AND (existing IS NULL OR existing.la = $la))
MERGE (a:Agency {id: row[0]})
ON CREATE SET a.created_at = coalesce(row[9], $now)
WITH a, home, row, properties(a) AS before
SET a.name = row[1], a.kind = row[2], a.la = row[3], a.sensitive = row[4], a.phone = row[5],
    a.email = row[6], a.ods_code = row[7], a.urn = row[8]
MERGE (a)-[:LOCATED_IN]->(home)
WITH a, row, before <> properties(a) AS changed
SET a.updated_at = coalesce(row[10], CASE WHEN changed THEN $now ELSE a.updated_at END)
RETURN count(a) AS loaded, collect(row[11]) AS applied

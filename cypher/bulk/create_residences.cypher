// bulk/create_residences: periods of residence (RESIDENT_IN, keyed by id, as merge_residences
// writes them) that are not there yet, for the seed generator; an existing one is left as it is.
// Rows whose child or local authority is unknown are skipped. The check looks only at the edges
// between the two ends: cheaper than the edge index on FalkorDB (measured; bench/load.py).
// Rows are lists, not maps: FalkorDB parses list parameters about twice as fast (measured).
// row: id, child_id, la, since, until, address_line, postcode, from_la, recorded_at, accepted_at, accepted_by
// returns: {loaded} — how many rows were applied
// params: $rows
UNWIND $rows AS row
MATCH (c:Child {id: row[1]})
MATCH (la:LocalAuthority {id: row[2]})
OPTIONAL MATCH (c)-[old:RESIDENT_IN {id: row[0]}]->(la)
WITH c, la, row, old
WHERE old IS NULL
CREATE (c)-[r:RESIDENT_IN {
  id: row[0], since: row[3], until: row[4], address_line: row[5], postcode: row[6],
  from_la: row[7], recorded_at: row[8], accepted_at: row[9], accepted_by: row[10]
}]->(la)
RETURN count(r) AS loaded

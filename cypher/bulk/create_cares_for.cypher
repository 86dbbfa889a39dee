// bulk/create_cares_for: links carers to children where no CARES_FOR edge joins them yet, for
// the seed generator; an existing link is left as it is. Rows whose carer or child is unknown are
// skipped. The check looks only at the edges between the two ends (cheap), and CREATE with a
// literal map is much faster on FalkorDB than MERGE then SET (measured; bench/load.py).
// Rows are lists, not maps: FalkorDB parses list parameters about twice as fast (measured).
// row: carer_id, child_id, relationship, parental_responsibility, lives_with, since, until
// returns: {loaded} — how many rows were applied
// params: $rows
UNWIND $rows AS row
MATCH (k:Carer {id: row[0]})
MATCH (c:Child {id: row[1]})
OPTIONAL MATCH (k)-[old:CARES_FOR]->(c)
WITH k, c, row, old
WHERE old IS NULL
CREATE (k)-[r:CARES_FOR {
  relationship: row[2], parental_responsibility: row[3], lives_with: row[4], since: row[5],
  until: row[6]
}]->(c)
RETURN count(r) AS loaded

// bulk/merge_residences: periods of residence (RESIDENT_IN, keyed by id) as move_child writes
// them: the open one (no `until`) is current; `from_la` and `recorded_at` mark a move, and
// `accepted_at`/`accepted_by` a transfer the receiving local authority accepted.
// Rows whose child or local authority is unknown are skipped. With $la (an import scoped to one
// authority), only the residence of $la's children is written.
// Rows are lists, not maps: FalkorDB parses list parameters about twice as fast (measured).
// row: id, child_id, la, since, until, address_line, postcode, from_la, recorded_at, accepted_at, accepted_by, line
// returns: {loaded, applied} — how many rows were applied, and their `line`s
// audited: yes
// params: $rows, $la
UNWIND $rows AS row
MATCH (c:Child {id: row[1]})
MATCH (place:LocalAuthority {id: row[2]})
WITH row, c, place
WHERE $la IS NULL OR c.responsible_la = $la
MERGE (c)-[r:RESIDENT_IN {id: row[0]}]->(place)
SET r.since = row[3], r.until = row[4], r.address_line = row[5], r.postcode = row[6],
    r.from_la = row[7], r.recorded_at = row[8], r.accepted_at = row[9], r.accepted_by = row[10]
RETURN count(r) AS loaded, collect(row[11]) AS applied

// bulk/merge_carers: creates or updates carers by id. Timestamps as in merge_local_authorities.
// Rows are lists, not maps: FalkorDB parses list parameters about twice as fast (measured).
// row: id, given_name, family_name, phone, email, address_line, postcode, created_at, updated_at
// returns: {loaded} — how many rows were applied
// params: $rows, $now
UNWIND $rows AS row
MERGE (k:Carer {id: row[0]})
ON CREATE SET k.created_at = coalesce(row[7], $now)
WITH k, row, properties(k) AS before
SET k.given_name = row[1], k.family_name = row[2], k.phone = row[3], k.email = row[4],
    k.address_line = row[5], k.postcode = row[6]
WITH k, row, before <> properties(k) AS changed
SET k.updated_at = coalesce(row[8], CASE WHEN changed THEN $now ELSE k.updated_at END)
RETURN count(k) AS loaded

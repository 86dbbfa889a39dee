// bulk/create_carers: creates the carers that are not there yet, for the seed generator; an
// existing carer is left as it is, so re-running or resuming a seed changes nothing. MERGE for
// the reason create_children gives.
// Rows are lists, not maps: FalkorDB parses list parameters about twice as fast (measured).
// row: id, given_name, family_name, phone, email, address_line, postcode, created_at, updated_at
// returns: {loaded} — how many rows were applied
// params: $rows
UNWIND $rows AS row
MERGE (k:Carer {id: row[0]})
ON CREATE SET k.given_name = row[1], k.family_name = row[2], k.phone = row[3],
    k.email = row[4], k.address_line = row[5], k.postcode = row[6], k.created_at = row[7],
    k.updated_at = row[8]
RETURN count(k) AS loaded

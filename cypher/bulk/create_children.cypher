// bulk/create_children: creates the children that are not there yet, for the seed generator
// (trusted, deterministic rows); an existing child is left as it is, so re-running or resuming a
// seed changes nothing. Properties are those merge_child leaves after creating a child.
// MERGE, not a lookup then CREATE as the seed's edge queries do: MERGE refuses a null id, and
// costs only ~10% more here (measured; bench/load.py).
// Rows are lists, not maps: FalkorDB parses list parameters about twice as fast (measured).
// row: id, given_name, family_name, other_names, sex, date_of_birth, date_of_death, nhs_number, upn, address_line, postcode, address_status, responsible_la, shielded, status, created_at, updated_at
// returns: {loaded} — how many rows were applied
// params: $rows
UNWIND $rows AS row
MERGE (c:Child {id: row[0]})
ON CREATE SET c.given_name = row[1], c.family_name = row[2], c.other_names = row[3],
    c.sex = row[4], c.date_of_birth = row[5], c.date_of_death = row[6], c.nhs_number = row[7],
    c.upn = row[8], c.address_line = row[9], c.postcode = row[10], c.address_status = row[11],
    c.responsible_la = row[12], c.shielded = row[13], c.status = row[14],
    c.created_at = row[15], c.updated_at = row[16], c.version = 1
RETURN count(c) AS loaded

// bulk/merge_local_authorities: creates or updates local authorities keyed by ONS code; a row's
// created_at/updated_at are kept when given (import of an export), else stamped $now on change.
// Rows are lists, not maps: FalkorDB parses list parameters about twice as fast (measured).
// row: code, name, index_team_phone, index_team_email, created_at, updated_at
// returns: {loaded} — how many rows were applied
// params: $rows, $now
UNWIND $rows AS row
MERGE (la:LocalAuthority {id: row[0]})
ON CREATE SET la.created_at = coalesce(row[4], $now)
WITH la, row, properties(la) AS before
SET la.code = row[0], la.name = row[1], la.index_team_phone = row[2],
    la.index_team_email = row[3]
WITH la, row, before <> properties(la) AS changed
SET la.updated_at = coalesce(row[5], CASE WHEN changed THEN $now ELSE la.updated_at END)
RETURN count(la) AS loaded

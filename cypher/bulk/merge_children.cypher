// bulk/merge_children: creates or updates children by id, as merge_child does one at a time:
// `version` goes up on a real change, `shielded` is set only on creation (shielding has its own
// query), timestamps are kept when the row gives them, else stamped $now on change. Residence
// is its own row kind (merge_residences). Rows whose local authority is unknown are skipped.
// With $la (an import scoped to one authority), a row changes nothing unless it names $la as
// responsible and the child, if it exists already, is $la's: the record in the index decides,
// not the row, so no import takes another authority's child.
// Rows are lists, not maps: FalkorDB parses list parameters about twice as fast (measured).
// row: id, given_name, family_name, other_names, sex, date_of_birth, date_of_death, nhs_number, upn, address_line, postcode, address_status, responsible_la, shielded, status, created_at, updated_at, line
// returns: {loaded, applied} — how many rows were applied, and their `line`s
// audited: yes
// params: $rows, $now, $la
UNWIND $rows AS row
MATCH (:LocalAuthority {id: row[12]})
OPTIONAL MATCH (existing:Child {id: row[0]})
WITH row, existing
WHERE $la IS NULL OR (row[12] = $la AND (existing IS NULL OR existing.responsible_la = $la))
MERGE (c:Child {id: row[0]})
ON CREATE SET c.created_at = coalesce(row[15], $now), c.version = 0, c.shielded = row[13]
WITH c, row, properties(c) AS before
SET c.given_name = row[1], c.family_name = row[2], c.other_names = row[3], c.sex = row[4],
    c.date_of_birth = row[5], c.date_of_death = row[6], c.nhs_number = row[7], c.upn = row[8],
    c.address_line = row[9], c.postcode = row[10], c.address_status = row[11],
    c.responsible_la = row[12], c.status = row[14]
WITH c, row, before <> properties(c) AS changed
SET c.updated_at = coalesce(row[16], CASE WHEN changed THEN $now ELSE c.updated_at END),
    c.version = CASE WHEN changed THEN c.version + 1 ELSE c.version END
RETURN count(c) AS loaded, collect(row[17]) AS applied

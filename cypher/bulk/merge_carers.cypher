// bulk/merge_carers: creates or updates carers by id. Timestamps as in merge_local_authorities.
// A carer belongs to no one authority: with $la (an import scoped to one), an existing carer is
// changed only if every child they care for is $la's; otherwise a row the same as the stored
// record is accepted and changes nothing (a re-run), and any other changes nothing at all.
// Rows are lists, not maps: FalkorDB parses list parameters about twice as fast (measured).
// row: id, given_name, family_name, phone, email, address_line, postcode, created_at, updated_at, line
// returns: {loaded, applied} — how many rows were applied, and their `line`s
// audited: yes
// params: $rows, $now, $la
UNWIND $rows AS row
OPTIONAL MATCH (existing:Carer {id: row[0]})
WITH row, existing,
     CASE WHEN existing IS NULL THEN []
          ELSE [(existing)-[:CARES_FOR]->(cared:Child) | cared.responsible_la] END AS las
WITH row, existing,
     existing IS NULL OR (size(las) > 0 AND all(la IN las WHERE la = $la)) AS owned,
     existing IS NOT NULL
       AND coalesce(existing.given_name, '') = coalesce(row[1], '')
       AND coalesce(existing.family_name, '') = coalesce(row[2], '')
       AND coalesce(existing.phone, '') = coalesce(row[3], '')
       AND coalesce(existing.email, '') = coalesce(row[4], '')
       AND coalesce(existing.address_line, '') = coalesce(row[5], '')
       AND coalesce(existing.postcode, '') = coalesce(row[6], '') AS same
WHERE $la IS NULL OR owned OR same
MERGE (k:Carer {id: row[0]})
ON CREATE SET k.created_at = coalesce(row[7], $now)
WITH k, row, same, properties(k) AS before
SET k.given_name = row[1], k.family_name = row[2], k.phone = row[3], k.email = row[4],
    k.address_line = row[5], k.postcode = row[6]
WITH k, row, same, before <> properties(k) AS changed
SET k.updated_at = CASE WHEN same THEN k.updated_at
                        ELSE coalesce(row[8], CASE WHEN changed THEN $now ELSE k.updated_at END)
                   END
RETURN count(k) AS loaded, collect(row[9]) AS applied

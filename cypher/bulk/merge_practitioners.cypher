// bulk/merge_practitioners: creates or updates practitioners by id (employment is merge_works_for).
// Timestamps as in merge_local_authorities. A practitioner belongs to no one authority: with $la
// (an import scoped to one), an existing practitioner is changed only if every agency they work
// or worked for is $la's; otherwise a row the same as the stored record is accepted and changes
// nothing (a re-run), and any other changes nothing at all.
// Rows are lists, not maps: FalkorDB parses list parameters about twice as fast (measured).
// row: id, given_name, family_name, job_title, phone, email, created_at, updated_at, line
// returns: {loaded, applied} — how many rows were applied, and their `line`s
// audited: yes
// params: $rows, $now, $la
UNWIND $rows AS row
OPTIONAL MATCH (existing:Practitioner {id: row[0]})
WITH row, existing,
     CASE WHEN existing IS NULL THEN []
          ELSE [(existing)-[:WORKS_FOR]->(agency:Agency) | agency.la] END AS las
WITH row, existing,
     existing IS NULL OR (size(las) > 0 AND all(la IN las WHERE la = $la)) AS owned,
     existing IS NOT NULL
       AND coalesce(existing.given_name, '') = coalesce(row[1], '')
       AND coalesce(existing.family_name, '') = coalesce(row[2], '')
       AND coalesce(existing.job_title, '') = coalesce(row[3], '')
       AND coalesce(existing.phone, '') = coalesce(row[4], '')
       AND coalesce(existing.email, '') = coalesce(row[5], '') AS same
WHERE $la IS NULL OR owned OR same
MERGE (p:Practitioner {id: row[0]})
ON CREATE SET p.created_at = coalesce(row[6], $now)
WITH p, row, same, properties(p) AS before
SET p.given_name = row[1], p.family_name = row[2], p.job_title = row[3], p.phone = row[4],
    p.email = row[5]
WITH p, row, same, before <> properties(p) AS changed
SET p.updated_at = CASE WHEN same THEN p.updated_at
                        ELSE coalesce(row[7], CASE WHEN changed THEN $now ELSE p.updated_at END)
                   END
RETURN count(p) AS loaded, collect(row[8]) AS applied

// bulk/merge_practitioner_involvements: records practitioners' involvements with children
// (INVOLVED_WITH keyed by id), as merge_practitioner_involvement does one at a time, except that
// current employment is not required: history and ORPHANED_INVOLVEMENT need involvements of
// practitioners who have since left. updated_at is kept when the row gives it, else stamped $now
// on a real change. Rows whose practitioner or child is unknown are skipped, and so are rows
// whose id is another involvement's (ids are unique) and, with $la (an import scoped to one
// authority), rows for another authority's child.
// Rows are lists, not maps: FalkorDB parses list parameters about twice as fast (measured).
// row: id, child_id, agency_id, practitioner_id, service, since, until, lead_professional, assessment_kind, assessment_date, info_to_share, info_to_share_since, info_acknowledged_by, consent, recorded_by, updated_at, line
// returns: {loaded, applied} — how many rows were applied, and their `line`s
// audited: yes
// params: $rows, $now, $la
UNWIND $rows AS row
MATCH (p:Practitioner {id: row[3]})
MATCH (c:Child {id: row[1]})
OPTIONAL MATCH (holder)-[taken:INVOLVED_WITH {id: row[0]}]->(held)
WITH row, p, c, count(CASE WHEN holder <> p OR held <> c THEN 1 END) AS elsewhere
WHERE elsewhere = 0 AND ($la IS NULL OR c.responsible_la = $la)
MERGE (p)-[i:INVOLVED_WITH {id: row[0]}]->(c)
WITH i, row, properties(i) AS before
SET i.agency_id = row[2], i.service = row[4], i.since = row[5], i.until = row[6],
    i.lead_professional = row[7], i.assessment_kind = row[8], i.assessment_date = row[9],
    i.info_to_share = row[10], i.info_to_share_since = row[11],
    i.info_acknowledged_by = row[12], i.consent = row[13], i.recorded_by = row[14]
WITH i, row, before <> properties(i) AS changed
SET i.updated_at = coalesce(row[15], CASE WHEN changed THEN $now ELSE i.updated_at END)
RETURN count(i) AS loaded, collect(row[16]) AS applied

// bulk/merge_agency_involvements: records agencies' involvements with children where no named
// practitioner is known (INVOLVED_WITH keyed by id, from the agency). updated_at is kept when the
// row gives it, else stamped $now on a real change. Rows whose agency or child is unknown are
// skipped, and so are rows whose id is another involvement's (ids are unique) and, with $la (an
// import scoped to one authority), rows for another authority's child.
// Rows are lists, not maps: FalkorDB parses list parameters about twice as fast (measured).
// row: id, child_id, agency_id, service, since, until, lead_professional, assessment_kind, assessment_date, info_to_share, info_to_share_since, info_acknowledged_by, consent, recorded_by, updated_at, line
// returns: {loaded, applied} — how many rows were applied, and their `line`s
// audited: yes
// params: $rows, $now, $la
UNWIND $rows AS row
MATCH (a:Agency {id: row[2]})
MATCH (c:Child {id: row[1]})
OPTIONAL MATCH (holder)-[taken:INVOLVED_WITH {id: row[0]}]->(held)
WITH row, a, c, count(CASE WHEN holder <> a OR held <> c THEN 1 END) AS elsewhere
WHERE elsewhere = 0 AND ($la IS NULL OR c.responsible_la = $la)
MERGE (a)-[i:INVOLVED_WITH {id: row[0]}]->(c)
WITH i, row, properties(i) AS before
SET i.agency_id = row[2], i.service = row[3], i.since = row[4], i.until = row[5],
    i.lead_professional = row[6], i.assessment_kind = row[7], i.assessment_date = row[8],
    i.info_to_share = row[9], i.info_to_share_since = row[10],
    i.info_acknowledged_by = row[11], i.consent = row[12], i.recorded_by = row[13]
WITH i, row, before <> properties(i) AS changed
SET i.updated_at = coalesce(row[14], CASE WHEN changed THEN $now ELSE i.updated_at END)
RETURN count(i) AS loaded, collect(row[15]) AS applied

// bulk/create_practitioner_involvements: creates practitioners' involvements that are not there
// yet, for the seed generator; an existing one is left as it is, so re-running or resuming a seed
// changes nothing. Current employment is not required (see merge_practitioner_involvements).
// The check looks only at the edges between the two ends: cheaper than the edge index on FalkorDB
// (measured; bench/load.py), and an involvement's id fixes its ends.
// Rows are lists, not maps: FalkorDB parses list parameters about twice as fast (measured).
// row: id, child_id, agency_id, practitioner_id, service, since, until, lead_professional, assessment_kind, assessment_date, info_to_share, info_to_share_since, info_acknowledged_by, consent, recorded_by, updated_at
// returns: {loaded} — how many rows were applied
// params: $rows
UNWIND $rows AS row
MATCH (p:Practitioner {id: row[3]})
MATCH (c:Child {id: row[1]})
OPTIONAL MATCH (p)-[old:INVOLVED_WITH {id: row[0]}]->(c)
WITH p, c, row, old
WHERE old IS NULL
CREATE (p)-[i:INVOLVED_WITH {
  id: row[0], agency_id: row[2], service: row[4], since: row[5], until: row[6],
  lead_professional: row[7], assessment_kind: row[8], assessment_date: row[9],
  info_to_share: row[10], info_to_share_since: row[11], info_acknowledged_by: row[12],
  consent: row[13], recorded_by: row[14], updated_at: row[15]
}]->(c)
RETURN count(i) AS loaded

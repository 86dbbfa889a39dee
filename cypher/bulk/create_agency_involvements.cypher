// bulk/create_agency_involvements: creates agencies' involvements (no named practitioner) that
// are not there yet, for the seed generator; an existing one is left as it is. Checked and
// created as in create_practitioner_involvements.
// Rows are lists, not maps: FalkorDB parses list parameters about twice as fast (measured).
// row: id, child_id, agency_id, service, since, until, lead_professional, assessment_kind, assessment_date, info_to_share, info_to_share_since, info_acknowledged_by, consent, recorded_by, updated_at
// returns: {loaded} — how many rows were applied
// params: $rows
UNWIND $rows AS row
MATCH (a:Agency {id: row[2]})
MATCH (c:Child {id: row[1]})
OPTIONAL MATCH (a)-[old:INVOLVED_WITH {id: row[0]}]->(c)
WITH a, c, row, old
WHERE old IS NULL
CREATE (a)-[i:INVOLVED_WITH {
  id: row[0], agency_id: row[2], service: row[3], since: row[4], until: row[5],
  lead_professional: row[6], assessment_kind: row[7], assessment_date: row[8],
  info_to_share: row[9], info_to_share_since: row[10], info_acknowledged_by: row[11],
  consent: row[12], recorded_by: row[13], updated_at: row[14]
}]->(c)
RETURN count(i) AS loaded

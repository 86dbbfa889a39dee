// bulk/export_works_for: everyone who works or worked for the agencies in $agency_ids
// returns: {practitioner_id, agency_id, since, until} per WORKS_FOR edge
// params: $agency_ids
UNWIND $agency_ids AS agency_id
MATCH (p:Practitioner)-[w:WORKS_FOR]->(a:Agency {id: agency_id})
RETURN p.id AS practitioner_id, a.id AS agency_id, w.since AS since, w.until AS until

// end_employment: records that a practitioner stopped working for an agency (keeps the edge)
// returns: {practitioner_id, agency_id, until} — no row if they never worked there
// params: $practitioner_id, $agency_id, $until
MATCH (p:Practitioner {id: $practitioner_id})-[w:WORKS_FOR]->(a:Agency {id: $agency_id})
SET w.until = coalesce(w.until, $until)
RETURN p.id AS practitioner_id, a.id AS agency_id, w.until AS until

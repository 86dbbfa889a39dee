// get_practitioner_caseload: the children a practitioner is involved with (current ones unless
// $include_ended), oldest involvement first
// returns: {involvement_id, child_id, given_name, family_name, date_of_birth, responsible_la,
// shielded, service, since, until, lead_professional}
// params: $practitioner_id, $include_ended, $today
MATCH (p:Practitioner {id: $practitioner_id})-[i:INVOLVED_WITH]->(c:Child)
WHERE $include_ended OR i.until IS NULL OR i.until > $today
RETURN i.id AS involvement_id, c.id AS child_id, c.given_name AS given_name,
       c.family_name AS family_name, c.date_of_birth AS date_of_birth,
       c.responsible_la AS responsible_la, c.shielded AS shielded, i.service AS service,
       i.since AS since, i.until AS until, i.lead_professional AS lead_professional
ORDER BY i.since, i.id

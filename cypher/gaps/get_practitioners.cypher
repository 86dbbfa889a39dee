// gaps/get_practitioners: practitioners by id with their contact details and every period of
// employment (WORKS_FOR), current or ended, for naming whom to contact and for finding
// involvements whose practitioner has left the agency.
// returns: {id, given_name, family_name, job_title, phone, email, employment: [...]}
// params: $ids
UNWIND $ids AS practitioner_id
MATCH (p:Practitioner {id: practitioner_id})
RETURN p.id AS id, p.given_name AS given_name, p.family_name AS family_name,
       p.job_title AS job_title, p.phone AS phone, p.email AS email,
       [(p)-[w:WORKS_FOR]->(a:Agency) | {agency_id: a.id, since: w.since, until: w.until}]
         AS employment

// get_practitioner: one practitioner and the agencies they work (or worked) for
// returns: {practitioner, employment: [{agency_id, agency_name, since, until}]}
// params: $id
MATCH (p:Practitioner {id: $id})
RETURN p {.id, .given_name, .family_name, .job_title, .phone, .email} AS practitioner,
       [(p)-[w:WORKS_FOR]->(a:Agency) | {
         agency_id: a.id, agency_name: a.name, since: w.since, until: w.until
       }] AS employment

// bulk/export_practitioners: practitioners by id, every stored field
// returns: {id, given_name, family_name, job_title, phone, email, created_at, updated_at}
// params: $ids
UNWIND $ids AS practitioner_id
MATCH (p:Practitioner {id: practitioner_id})
RETURN p.id AS id, p.given_name AS given_name, p.family_name AS family_name,
       p.job_title AS job_title, p.phone AS phone, p.email AS email,
       p.created_at AS created_at, p.updated_at AS updated_at

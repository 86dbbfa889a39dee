// get_agencies: agencies by id
// returns: {id, name, kind, la, sensitive, phone, email} per agency found
// params: $ids
UNWIND $ids AS agency_id
MATCH (a:Agency {id: agency_id})
RETURN a.id AS id, a.name AS name, a.kind AS kind, a.la AS la, a.sensitive AS sensitive,
       a.phone AS phone, a.email AS email

// bulk/export_agencies: agencies by id, every stored field
// returns: {id, name, kind, la, sensitive, phone, email, ods_code, urn, created_at, updated_at}
// params: $ids
UNWIND $ids AS agency_id
MATCH (a:Agency {id: agency_id})
RETURN a.id AS id, a.name AS name, a.kind AS kind, a.la AS la, a.sensitive AS sensitive,
       a.phone AS phone, a.email AS email, a.ods_code AS ods_code, a.urn AS urn,
       a.created_at AS created_at, a.updated_at AS updated_at

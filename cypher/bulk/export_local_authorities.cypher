// bulk/export_local_authorities: local authorities by ONS code, every stored field
// returns: {code, name, index_team_phone, index_team_email, created_at, updated_at}
// params: $ids
UNWIND $ids AS code
MATCH (la:LocalAuthority {id: code})
RETURN la.id AS code, la.name AS name, la.index_team_phone AS index_team_phone,
       la.index_team_email AS index_team_email, la.created_at AS created_at,
       la.updated_at AS updated_at

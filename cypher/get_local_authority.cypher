// get_local_authority: one local authority by ONS code
// returns: {code, name, index_team_phone, index_team_email}
// params: $id
MATCH (la:LocalAuthority {id: $id})
RETURN la.id AS code, la.name AS name, la.index_team_phone AS index_team_phone,
       la.index_team_email AS index_team_email

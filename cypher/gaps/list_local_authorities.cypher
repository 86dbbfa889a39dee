// gaps/list_local_authorities: every local authority's code and name, for whole-country runs.
// returns: {id, name} per local authority, ordered by code
// params: none
MATCH (la:LocalAuthority)
RETURN la.id AS id, la.name AS name
ORDER BY id

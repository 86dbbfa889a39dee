// get_account: one local account by user name, with its password hash (for sign-in only)
// returns: {id, password_hash, roles, la, practitioner_id, agency_id, disabled, created_at}
// params: $id
MATCH (a:Account {id: $id})
RETURN a.id AS id, a.password_hash AS password_hash, a.roles AS roles, a.la AS la,
       a.practitioner_id AS practitioner_id, a.agency_id AS agency_id,
       coalesce(a.disabled, false) AS disabled, a.created_at AS created_at

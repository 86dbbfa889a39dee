// list_accounts: every local account, without password hashes, by user name
// returns: {id, roles, la, practitioner_id, agency_id, disabled, created_at, updated_at}
// params: none
MATCH (a:Account)
RETURN a.id AS id, a.roles AS roles, a.la AS la, a.practitioner_id AS practitioner_id,
       a.agency_id AS agency_id, coalesce(a.disabled, false) AS disabled,
       a.created_at AS created_at, a.updated_at AS updated_at
ORDER BY id

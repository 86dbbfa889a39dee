// get_account_status: whether a local account exists and is enabled (checked on every request)
// returns: {disabled} — no row if there is no such account
// params: $id
MATCH (a:Account {id: $id})
RETURN coalesce(a.disabled, false) AS disabled

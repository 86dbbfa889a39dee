// set_account_disabled: disables (or re-enables) a local account; tokens already issued stop
// working at once, since every request checks the account
// returns: {id, disabled} — no row if there is no such account
// audited: yes
// params: $id, $disabled, $now
MATCH (a:Account {id: $id})
SET a.disabled = $disabled, a.updated_at = $now
RETURN a.id AS id, a.disabled AS disabled

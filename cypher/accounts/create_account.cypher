// create_account: a new local account (user name as id, argon2 hash, roles, scope); the id is
// unique, so a second account of the same name is refused by the engine
// returns: {id}
// audited: yes
// params: $id, $props, $now
CREATE (a:Account {id: $id})
SET a += $props, a.disabled = false, a.created_at = $now, a.updated_at = $now
RETURN a.id AS id

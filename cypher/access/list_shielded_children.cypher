// access/list_shielded_children: the shielded children local authority $la is responsible
// for, by name: what its shielding officers look after
// returns: {id, given_name, family_name, date_of_birth, status, updated_at} per child
// params: $la
MATCH (c:Child)
WHERE c.responsible_la = $la AND c.shielded = true
RETURN c.id AS id, c.given_name AS given_name, c.family_name AS family_name,
       c.date_of_birth AS date_of_birth, coalesce(c.status, 'active') AS status,
       c.updated_at AS updated_at
ORDER BY family_name, given_name, id

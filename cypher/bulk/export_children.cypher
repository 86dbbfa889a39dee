// bulk/export_children: every child a local authority is responsible for, all stored fields but
// the internal `version`
// returns: {id, given_name, ..., created_at, updated_at} per child
// params: $la
MATCH (c:Child {responsible_la: $la})
RETURN c.id AS id, c.given_name AS given_name, c.family_name AS family_name,
       c.other_names AS other_names, c.sex AS sex, c.date_of_birth AS date_of_birth,
       c.date_of_death AS date_of_death, c.nhs_number AS nhs_number, c.upn AS upn,
       c.address_line AS address_line, c.postcode AS postcode,
       c.address_status AS address_status, c.responsible_la AS responsible_la,
       c.shielded AS shielded, c.status AS status, c.created_at AS created_at,
       c.updated_at AS updated_at

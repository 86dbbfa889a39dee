// identity/get_identity_rows: what identity resolution compares, for each child in $ids that
// exists: names and aliases, sex, date of birth, NHS number, postcode, and every carer's name
// returns: {id, given_name, family_name, other_names, sex, date_of_birth, nhs_number, postcode,
//           responsible_la, carers: [{id, given_name, family_name}]} per child
// params: $ids
UNWIND $ids AS child_id
MATCH (c:Child {id: child_id})
RETURN c.id AS id, c.given_name AS given_name, c.family_name AS family_name,
       c.other_names AS other_names, c.sex AS sex, c.date_of_birth AS date_of_birth,
       c.nhs_number AS nhs_number, c.postcode AS postcode, c.responsible_la AS responsible_la,
       [(k:Carer)-[:CARES_FOR]->(c) | {id: k.id, given_name: k.given_name,
                                       family_name: k.family_name}] AS carers

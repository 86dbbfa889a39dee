// identity/get_identity_texts: the identity rows of get_identity_rows, packed as one text per
// child for a full scan: id, given_name, family_name, other_names (each ended by $item), sex,
// date_of_birth, nhs_number, postcode, responsible_la, carers (each "id$part given$part family"
// ended by $item), joined by $field. The separators are control characters, which validated
// names never hold. One text cell per row: the client parses a scan of a million children
// several times faster than rows of lists and maps (measured).
// returns: {row} per child in $ids that exists
// params: $ids, $field, $item, $part
UNWIND $ids AS child_id
MATCH (c:Child {id: child_id})
WITH c, [(k:Carer)-[:CARES_FOR]->(c) | k.id + $part + coalesce(k.given_name, '') + $part +
                                       coalesce(k.family_name, '')] AS carers
RETURN c.id + $field + c.given_name + $field + c.family_name + $field +
       reduce(names = '', name IN coalesce(c.other_names, []) | names + name + $item) + $field +
       coalesce(c.sex, '') + $field + coalesce(c.date_of_birth, '') + $field +
       coalesce(c.nhs_number, '') + $field + coalesce(c.postcode, '') + $field +
       coalesce(c.responsible_la, '') + $field +
       reduce(found = '', carer IN carers | found + carer + $item) AS row

// identity/find_lookalike_ids: children who could be the same child as $child_id, found from
// indexes: born on one of $dates (the date and its day/month swap; `via` 'dob'), holding one of
// $nhs_numbers, living at one of $postcodes, or sharing a carer with the child. With each, its
// names packed as given$field family$field other names (each ended by $item), so the caller
// can drop, before fetching whole rows, the children born that day whose names share nothing.
// The child itself may be among them. (A family name alone is no lookup: a common one would
// bring back thousands of children; the full scan's birth-year-and-names key covers mistyped
// dates.)
// returns: {id, names, via} per child and way found
// params: $child_id, $dates, $nhs_numbers, $postcodes, $field, $item
UNWIND $dates AS dob
MATCH (c:Child {date_of_birth: dob})
RETURN c.id AS id, 'dob' AS via,
       c.given_name + $field + c.family_name + $field +
       reduce(names = '', name IN coalesce(c.other_names, []) | names + name + $item) AS names
UNION
UNWIND $nhs_numbers AS nhs
MATCH (c:Child {nhs_number: nhs})
RETURN c.id AS id, 'other' AS via, '' AS names
UNION
UNWIND $postcodes AS postcode
MATCH (c:Child {postcode: postcode})
RETURN c.id AS id, 'other' AS via, '' AS names
UNION
MATCH (:Child {id: $child_id})<-[:CARES_FOR]-(:Carer)-[:CARES_FOR]->(c:Child)
RETURN c.id AS id, 'other' AS via, '' AS names

// gaps/get_same_as: the SAME_AS links (identity resolution) of each child in $child_ids, in
// either direction, with the status of the pair, whether the other record is shielded, and the
// other record's name and date of birth (so a reason names a record as a person would).
// returns: {child_id, other_id, status, score, other_shielded, other_name, other_born} per link
// params: $child_ids
UNWIND $child_ids AS child_id
MATCH (c:Child {id: child_id})-[s:SAME_AS]-(other:Child)
RETURN c.id AS child_id, other.id AS other_id, s.status AS status, s.score AS score,
       coalesce(other.shielded, false) AS other_shielded,
       other.given_name + ' ' + other.family_name AS other_name,
       other.date_of_birth AS other_born

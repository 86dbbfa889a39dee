// identity/get_confirmed_partners: for each child in $ids, the records a data steward has
// confirmed are the same child (SAME_AS status confirmed, either direction)
// returns: {child_id, partner_id} per confirmed link
// params: $ids
UNWIND $ids AS child_id
MATCH (:Child {id: child_id})-[s:SAME_AS]-(o:Child)
WHERE s.status = 'confirmed'
RETURN child_id, o.id AS partner_id

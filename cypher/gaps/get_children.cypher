// gaps/get_children: the details of each child in $child_ids that the gap rules read, one
// packed string per child (fields separated by $fs, in the order below; empty means null;
// 't' or empty for a boolean). Unknown ids give no row. Why packed: FalkorDB 4.16 spends most
// of a large read sending values one at a time, and a single string per row reads about 4x
// faster (bench/gaps.py); $fs is a control character, which no stored value may contain.
// returns: {facts: "id|given_name|family_name|date_of_birth|address_status|responsible_la|
// shielded|status"} per child
// params: $child_ids, $fs
UNWIND $child_ids AS child_id
MATCH (c:Child {id: child_id})
RETURN c.id + $fs + coalesce(c.given_name, '') + $fs + coalesce(c.family_name, '')
       + $fs + coalesce(c.date_of_birth, '') + $fs + coalesce(c.address_status, '')
       + $fs + coalesce(c.responsible_la, '') + $fs + CASE WHEN c.shielded THEN 't' ELSE '' END
       + $fs + coalesce(c.status, 'active') AS facts

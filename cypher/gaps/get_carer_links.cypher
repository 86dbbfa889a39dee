// gaps/get_carer_links: every carer link (CARES_FOR, current and ended) of each child in
// $child_ids with the carer's name, one packed string per link (packed as gaps/get_children
// explains).
// returns: {facts: "child_id|carer_id|given_name|family_name|relationship|
// parental_responsibility|lives_with|since|until"} per link
// params: $child_ids, $fs
UNWIND $child_ids AS child_id
MATCH (c:Child {id: child_id})<-[cf:CARES_FOR]-(k:Carer)
RETURN c.id + $fs + k.id + $fs + coalesce(k.given_name, '') + $fs + coalesce(k.family_name, '')
       + $fs + coalesce(cf.relationship, '')
       + $fs + CASE WHEN cf.parental_responsibility THEN 't' ELSE '' END
       + $fs + CASE WHEN cf.lives_with THEN 't' ELSE '' END
       + $fs + coalesce(cf.since, '') + $fs + coalesce(cf.until, '') AS facts

// gaps/get_carer_children: every child each carer in $carer_ids cares for (or cared for), so
// siblings through a shared carer can be found; the caller decides which links are current.
// One packed string per link (packed as gaps/get_children explains).
// returns: {facts: "carer_id|child_id|given_name|family_name|since|until"} per CARES_FOR
// params: $carer_ids, $fs
UNWIND $carer_ids AS carer_id
MATCH (k:Carer {id: carer_id})-[cf:CARES_FOR]->(c:Child)
RETURN k.id + $fs + c.id + $fs + coalesce(c.given_name, '') + $fs + coalesce(c.family_name, '')
       + $fs + coalesce(cf.since, '') + $fs + coalesce(cf.until, '') AS facts

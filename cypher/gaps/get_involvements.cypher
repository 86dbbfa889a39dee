// gaps/get_involvements: every involvement (current and ended) with each child in $child_ids,
// from a practitioner or an agency, one packed string per involvement (packed as
// gaps/get_children explains: fields separated by $fs; empty is null; 't' or empty for a
// boolean; info_acknowledged_by as space-separated ids).
// returns: {facts: "child_id|id|source_id|by_practitioner|agency_id|since|until|
// lead_professional|assessment_kind|assessment_date|info_to_share|info_to_share_since|
// info_acknowledged_by|consent|updated_at"} per involvement
// params: $child_ids, $fs
UNWIND $child_ids AS child_id
MATCH (c:Child {id: child_id})<-[i:INVOLVED_WITH]-(src)
RETURN c.id + $fs + i.id + $fs + src.id + $fs + CASE WHEN src:Practitioner THEN 't' ELSE '' END
       + $fs + coalesce(i.agency_id, '') + $fs + coalesce(i.since, '')
       + $fs + coalesce(i.until, '') + $fs + CASE WHEN i.lead_professional THEN 't' ELSE '' END
       + $fs + coalesce(i.assessment_kind, '') + $fs + coalesce(i.assessment_date, '')
       + $fs + CASE WHEN i.info_to_share THEN 't' ELSE '' END
       + $fs + coalesce(i.info_to_share_since, '')
       + $fs + reduce(ids = '', who IN coalesce(i.info_acknowledged_by, []) | ids + who + ' ')
       + $fs + CASE WHEN i.consent THEN 't' ELSE '' END
       + $fs + coalesce(i.updated_at, '') AS facts

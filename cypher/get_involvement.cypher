// get_involvement: one involvement by id, with who holds it and for which child
// returns: {id, child_id, source_id, source, agency_id, until}
// params: $id
// The child end carries no label: FalkorDB plans `->(c:Child)` as a scan of every child with an
// index lookup each (15 s at 1M children); INVOLVED_WITH only ever ends at a Child.
MATCH (src)-[i:INVOLVED_WITH {id: $id}]->(c)
RETURN i.id AS id, c.id AS child_id, src.id AS source_id,
       CASE WHEN src:Practitioner THEN 'practitioner' ELSE 'agency' END AS source,
       i.agency_id AS agency_id, i.until AS until

// get_involvement_access: who holds an involvement and for which child and agency, for the
// access policy (may this principal change it?)
// returns: {id, child_id, source_id, source, agency_id, agency_kind, agency_sensitive, consent}
// — no row if there is no such involvement
// params: $id
// The child end carries no label: FalkorDB plans `->(c:Child)` as a scan of every child with an
// index lookup each (15 s at 1M children); INVOLVED_WITH only ever ends at a Child.
MATCH (src)-[i:INVOLVED_WITH {id: $id}]->(c)
WITH src, i, c, i.agency_id AS agency_id
OPTIONAL MATCH (a:Agency {id: agency_id})
RETURN i.id AS id, c.id AS child_id, src.id AS source_id,
       CASE WHEN src:Practitioner THEN 'practitioner' ELSE 'agency' END AS source,
       i.agency_id AS agency_id, a.kind AS agency_kind,
       coalesce(a.sensitive, false) AS agency_sensitive, coalesce(i.consent, false) AS consent

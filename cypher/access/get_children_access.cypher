// get_children_access: what the access policy and redaction need to know about each child in
// $child_ids: responsible LA (and its index-team contact), shielding, status, version, its
// carers (with the responsible LAs of any shielded children each cares for), and every
// involvement with the agency's sensitivity and the consent recorded, and the records a data
// steward confirmed are the same child (SAME_AS confirmed). Unknown ids give no row.
// Properties of optionally matched variables are projected with WITH before they key the next
// OPTIONAL MATCH: FalkorDB 4.16 refuses `OPTIONAL MATCH (a {id: i.agency_id})` after an UNWIND.
// returns: {id, responsible_la, shielded, status, version, index_team,
// carers: [{id, shielded_las}], involvements: [{id, source_id, source, agency_id, ...}],
// partners: [id]} per child
// params: $child_ids
UNWIND $child_ids AS child_id
MATCH (c:Child {id: child_id})
OPTIONAL MATCH (k:Carer)-[:CARES_FOR]->(c)
OPTIONAL MATCH (k)-[:CARES_FOR]->(other:Child)
WHERE other.shielded = true
WITH c, k, collect(DISTINCT other.responsible_la) AS shielded_las
WITH c, collect(CASE WHEN k IS NULL THEN null
                     ELSE {id: k.id, shielded_las: shielded_las} END) AS carers
OPTIONAL MATCH (src)-[i:INVOLVED_WITH]->(c)
WITH c, carers, src, i, i.agency_id AS agency_id
OPTIONAL MATCH (a:Agency {id: agency_id})
WITH c, carers, collect(CASE WHEN i IS NULL THEN null ELSE {
  id: i.id,
  source_id: src.id,
  source: CASE WHEN src:Practitioner THEN 'practitioner' ELSE 'agency' END,
  agency_id: i.agency_id,
  agency_kind: a.kind,
  agency_sensitive: coalesce(a.sensitive, false),
  consent: coalesce(i.consent, false)
} END) AS involvements
WITH c, carers, involvements, c.responsible_la AS la_code
OPTIONAL MATCH (la:LocalAuthority {id: la_code})
RETURN c.id AS id, c.responsible_la AS responsible_la, coalesce(c.shielded, false) AS shielded,
       coalesce(c.status, 'active') AS status, coalesce(c.version, 0) AS version,
       CASE WHEN la IS NULL THEN null
            ELSE {la: la.id, name: la.name, phone: la.index_team_phone,
                  email: la.index_team_email} END AS index_team,
       carers, involvements,
       [(c)-[same:SAME_AS]-(partner:Child) WHERE same.status = 'confirmed' | partner.id]
         AS partners

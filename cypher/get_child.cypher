// get_child: one child's record: its properties, carers (with the link), residence history
// returns: {child, carers: [{carer, relationship, ...}], residence: [{id, la, la_name, ...}]}
// Each pattern comprehension names its edge differently: FalkorDB 4.16 returns an empty list
// for the second of two comprehensions that reuse a variable name.
// params: $child_id
MATCH (c:Child {id: $child_id})
RETURN c {
  .id, .given_name, .family_name, .other_names, .sex, .date_of_birth, .date_of_death,
  .nhs_number, .upn, .address_line, .postcode, .address_status, .responsible_la, .shielded,
  .status, .version, .created_at, .updated_at
} AS child,
[(k:Carer)-[cf:CARES_FOR]->(c) | {
  carer: k {.id, .given_name, .family_name, .phone, .email, .address_line, .postcode},
  relationship: cf.relationship, parental_responsibility: cf.parental_responsibility,
  lives_with: cf.lives_with, since: cf.since, until: cf.until
}] AS carers,
[(c)-[ri:RESIDENT_IN]->(la:LocalAuthority) | {
  id: ri.id, la: la.id, la_name: la.name, since: ri.since, until: ri.until,
  address_line: ri.address_line, postcode: ri.postcode
}] AS residence

// bulk/export_child_links: for each child in $child_ids, its carer links, residence periods,
// involvements (with the practitioner, if any) and SAME_AS links, as record fields.
// Each pattern comprehension names its variables differently: FalkorDB 4.16 returns an empty
// list for the second of two comprehensions that reuse a variable name.
// returns: {child_id, cares_for: [...], residences: [...], involvements: [...], same_as: [...]}
// params: $child_ids
UNWIND $child_ids AS child_id
MATCH (c:Child {id: child_id})
RETURN c.id AS child_id,
  [(k:Carer)-[cf:CARES_FOR]->(c) | {
    carer_id: k.id, relationship: cf.relationship,
    parental_responsibility: cf.parental_responsibility, lives_with: cf.lives_with,
    since: cf.since, until: cf.until
  }] AS cares_for,
  [(c)-[ri:RESIDENT_IN]->(home:LocalAuthority) | {
    id: ri.id, la: home.id, since: ri.since, until: ri.until, address_line: ri.address_line,
    postcode: ri.postcode, from_la: ri.from_la, recorded_at: ri.recorded_at,
    accepted_at: ri.accepted_at, accepted_by: ri.accepted_by
  }] AS residences,
  [(src)-[iw:INVOLVED_WITH]->(c) | {
    id: iw.id, agency_id: iw.agency_id,
    practitioner_id: CASE WHEN src:Practitioner THEN src.id ELSE null END,
    service: iw.service, since: iw.since, until: iw.until,
    lead_professional: iw.lead_professional, assessment_kind: iw.assessment_kind,
    assessment_date: iw.assessment_date, info_to_share: iw.info_to_share,
    info_to_share_since: iw.info_to_share_since, info_acknowledged_by: iw.info_acknowledged_by,
    consent: iw.consent, recorded_by: iw.recorded_by, updated_at: iw.updated_at
  }] AS involvements,
  [(c)-[sa:SAME_AS]->(other:Child) | {
    other_id: other.id, status: sa.status, score: sa.score, reasons: sa.reasons,
    decided_by: sa.decided_by
  }] AS same_as

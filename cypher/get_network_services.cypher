// get_network_services: for each child in $child_ids, every involvement (ended ones too) with
// the practitioner or agency, the agency the work is for, and its residence history.
// returns: {child_id, involvements: [...], residence: [...]} per child
// params: $child_ids
UNWIND $child_ids AS child_id
MATCH (c:Child {id: child_id})
RETURN c.id AS child_id,
  [(src)-[i:INVOLVED_WITH]->(c) | {
    id: i.id, source_id: src.id,
    source: CASE WHEN src:Practitioner THEN 'practitioner' ELSE 'agency' END,
    source_name: CASE WHEN src:Practitioner THEN src.given_name + ' ' + src.family_name
                      ELSE src.name END,
    job_title: src.job_title, agency_id: i.agency_id, service: i.service,
    since: i.since, until: i.until, lead_professional: i.lead_professional,
    info_to_share: i.info_to_share, consent: i.consent
  }] AS involvements,
  [(c)-[r:RESIDENT_IN]->(la:LocalAuthority) | {
    id: r.id, la: la.id, la_name: la.name, since: r.since, until: r.until
  }] AS residence

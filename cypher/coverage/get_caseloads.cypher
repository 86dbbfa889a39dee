// coverage/get_caseloads: for each practitioner with a current involvement with an active child
// local authority $la is responsible for, how many such children, and the agency they act for.
// returns: {practitioner_id, given_name, family_name, agency_id, agency_name, children} per
// practitioner and agency, largest first
// params: $la, $today
MATCH (c:Child)
WHERE c.responsible_la = $la AND coalesce(c.status, 'active') = 'active'
MATCH (c)<-[i:INVOLVED_WITH]-(p:Practitioner)
WHERE i.since <= $today AND (i.until IS NULL OR i.until > $today)
WITH p, i.agency_id AS agency_id, count(DISTINCT c) AS children
OPTIONAL MATCH (a:Agency {id: agency_id})
RETURN p.id AS practitioner_id, p.given_name AS given_name, p.family_name AS family_name,
       agency_id, a.name AS agency_name, children
ORDER BY children DESC, practitioner_id

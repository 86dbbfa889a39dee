// coverage/count_involvements_by_kind: current involvements with the active children local
// authority $la is responsible for, per kind of agency: how many, and with how many children.
// returns: {kind, involvements, children} per agency kind, ordered by kind
// params: $la, $today
MATCH (c:Child)
WHERE c.responsible_la = $la AND coalesce(c.status, 'active') = 'active'
MATCH (c)<-[i:INVOLVED_WITH]-()
WHERE i.since <= $today AND (i.until IS NULL OR i.until > $today)
WITH c, i.agency_id AS agency_id
MATCH (a:Agency {id: agency_id})
RETURN a.kind AS kind, count(*) AS involvements, count(DISTINCT c) AS children
ORDER BY kind

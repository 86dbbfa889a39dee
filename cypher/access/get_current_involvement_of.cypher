// get_current_involvement_of: how many current involvements (started by $today, not ended by
// it) practitioner $practitioner_id has with child $child_id — whether they are working with
// the child now.
// returns: {current} (one row)
// params: $practitioner_id, $child_id, $today
OPTIONAL MATCH (p:Practitioner {id: $practitioner_id})-[i:INVOLVED_WITH]->(c:Child {id: $child_id})
WHERE i.since <= $today AND (i.until IS NULL OR i.until > $today)
RETURN count(i) AS current

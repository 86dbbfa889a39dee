// access/get_open_involvements_of: the open involvements (no `until`, or `until` after $today)
// that a practitioner or agency $source_id has with child $child_id, for agency $agency_id:
// what a second "record my involvement" would repeat
// returns: {id, since} per involvement, oldest first
// params: $source_id, $agency_id, $child_id, $today
MATCH (c:Child {id: $child_id})<-[i:INVOLVED_WITH]-(src)
WHERE src.id = $source_id AND i.agency_id = $agency_id
  AND (i.until IS NULL OR i.until > $today)
RETURN i.id AS id, i.since AS since
ORDER BY since, id

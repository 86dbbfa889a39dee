// merge_carer: creates or updates a carer by id
// returns: {id, changed}
// params: $id, $props, $now
MERGE (k:Carer {id: $id})
ON CREATE SET k.created_at = $now
WITH k, properties(k) AS before
SET k += $props
WITH k, before <> properties(k) AS changed
SET k.updated_at = CASE WHEN changed THEN $now ELSE k.updated_at END
RETURN k.id AS id, changed

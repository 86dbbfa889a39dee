// merge_local_authority: creates or updates a local authority keyed by its ONS code
// returns: {id, changed}
// params: $id, $props, $now
MERGE (la:LocalAuthority {id: $id})
ON CREATE SET la.created_at = $now
WITH la, properties(la) AS before
SET la += $props
WITH la, before <> properties(la) AS changed
SET la.updated_at = CASE WHEN changed THEN $now ELSE la.updated_at END
RETURN la.id AS id, changed

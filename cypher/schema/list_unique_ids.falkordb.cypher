// list_unique_ids: one row per uniqueness constraint on `id`: {labels} (a list of names)
// FalkorDB variant: FalkorDB has no SHOW CONSTRAINTS; it lists them with db.constraints().
// params: none
CALL db.constraints() YIELD type, label, properties, status
WITH type, label, properties, status
WHERE type = 'UNIQUE' AND properties = ['id'] AND status = 'OPERATIONAL'
RETURN [label] AS labels

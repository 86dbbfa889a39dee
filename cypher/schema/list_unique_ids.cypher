// list_unique_ids: one row per uniqueness constraint on `id`, of nodes or relationships:
// {labels} (a list of label or type names)
// params: none
SHOW CONSTRAINTS YIELD type, labelsOrTypes, properties
WHERE type IN ['UNIQUENESS', 'RELATIONSHIP_UNIQUENESS'] AND properties = ['id']
RETURN labelsOrTypes AS labels

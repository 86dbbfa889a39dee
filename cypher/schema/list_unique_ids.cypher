// list_unique_ids: one row per uniqueness constraint on `id`: {labels} (a list of names)
// params: none
SHOW CONSTRAINTS YIELD type, labelsOrTypes, properties
WHERE type = 'UNIQUENESS' AND properties = ['id']
RETURN labelsOrTypes AS labels

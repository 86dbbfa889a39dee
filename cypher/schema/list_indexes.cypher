// list_indexes: one row per index: {labels, properties} (lists of names)
// params: none
SHOW INDEXES YIELD labelsOrTypes, properties
RETURN labelsOrTypes AS labels, properties

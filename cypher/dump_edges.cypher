// dump_edges: every edge with its type, end ids and properties, in a stable order
// returns: {type, source, target, props}
// params: none
MATCH (a)-[r]->(b)
RETURN type(r) AS type, a.id AS source, b.id AS target, properties(r) AS props
ORDER BY type, source, target, r.id

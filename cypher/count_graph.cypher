// count_graph: how many nodes of each label and edges of each type the graph holds
// returns: {kind: 'node'|'edge', name, count}
// params: none
MATCH (n)
RETURN 'node' AS kind, labels(n)[0] AS name, count(*) AS count
UNION ALL
MATCH ()-[r]->()
RETURN 'edge' AS kind, type(r) AS name, count(*) AS count

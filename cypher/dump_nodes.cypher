// dump_nodes: every node with its label and properties, in a stable order (export, tests)
// returns: {label, props}
// params: none
MATCH (n)
RETURN labels(n)[0] AS label, properties(n) AS props
ORDER BY label, n.id

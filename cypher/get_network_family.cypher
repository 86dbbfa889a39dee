// get_network_family: the child's family within $depth CARES_FOR hops (1: carers, 2: siblings
// through a shared carer, 3: the siblings' other carers), as nodes and CARES_FOR edges.
// returns: {nodes: [{id, kind, ...}], edges: [{source, target, ...}]} in one row
// params: $child_id, $depth
MATCH (c:Child {id: $child_id})
OPTIONAL MATCH path = (c)-[:CARES_FOR*1..3]-(m)
WHERE length(path) <= $depth
WITH c, collect(path) AS paths
WITH c, paths,
     [p IN paths | last(nodes(p))] AS reached,
     [p IN paths | last(relationships(p))] AS links
RETURN
  [c {.id, kind: 'child', .given_name, .family_name, .date_of_birth, .shielded}] +
  [n IN reached | CASE WHEN n:Child
     THEN n {.id, kind: 'child', .given_name, .family_name, .date_of_birth, .shielded}
     ELSE n {.id, kind: 'carer', .given_name, .family_name} END] AS nodes,
  [r IN links | {
     source: startNode(r).id, target: endNode(r).id, type: 'CARES_FOR',
     relationship: r.relationship, parental_responsibility: r.parental_responsibility,
     lives_with: r.lives_with, since: r.since, until: r.until
  }] AS edges

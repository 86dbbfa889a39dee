// falkordb: the FalkorDB schema — an index for every MERGE and lookup key.
// FalkorDB has no CREATE CONSTRAINT: the engine makes every index on `id` unique through the
// client (GRAPH.CONSTRAINT CREATE, for nodes and for INVOLVED_WITH edges) after these run.
// Re-running skips existing indexes.
// Each index costs memory and insert time: an entry takes ~150 bytes, ~270 with a distinct
// text value, ~290 on an edge (measured). So no index on Child.family_name (no query looks a
// child up by family name alone; see identity/find_lookalike_ids) and none on RESIDENT_IN.id
// (every query naming a residence by id starts from its child, and a MERGE of one has both ends
// bound): at a million children those two would take ~350 MB. INVOLVED_WITH.id stays: an
// involvement is updated or acknowledged by its id alone.
// params: none
CREATE INDEX FOR (n:Child) ON (n.id);
CREATE INDEX FOR (n:Carer) ON (n.id);
CREATE INDEX FOR (n:Practitioner) ON (n.id);
CREATE INDEX FOR (n:Agency) ON (n.id);
CREATE INDEX FOR (n:LocalAuthority) ON (n.id);
CREATE INDEX FOR (n:Child) ON (n.nhs_number);
CREATE INDEX FOR (n:Child) ON (n.date_of_birth);
CREATE INDEX FOR (n:Child) ON (n.responsible_la);
CREATE INDEX FOR (n:Child) ON (n.postcode);
CREATE INDEX FOR (n:Agency) ON (n.la);
CREATE INDEX FOR ()-[r:INVOLVED_WITH]-() ON (r.id);
CREATE INDEX FOR (n:Account) ON (n.id);
CREATE INDEX FOR (n:AuditHead) ON (n.id);
CREATE INDEX FOR (n:AuditEvent) ON (n.id);
CREATE INDEX FOR (n:AuditEvent) ON (n.seq);
CREATE INDEX FOR (n:AuditEvent) ON (n.user);
CREATE INDEX FOR (n:AuditEvent) ON (n.at);
CREATE INDEX FOR (n:AuditEvent) ON (n.request_key);
CREATE INDEX FOR (n:AuditSubject) ON (n.id);
CREATE INDEX FOR (n:IdentityModel) ON (n.id);
// FalkorDB 4.16 caches query plans: a pattern comprehension first planned while its relationship
// type did not exist yet keeps returning [] after the type appears (until a restart). Creating
// every relationship type once, here, means no query is ever planned before its type exists.
// tests/unit/test_catalog.py checks that every type used in a query file is listed.
CREATE (prime:SchemaPrime)
CREATE (prime)-[:CARES_FOR]->(prime), (prime)-[:WORKS_FOR]->(prime),
       (prime)-[:INVOLVED_WITH]->(prime), (prime)-[:RESIDENT_IN]->(prime),
       (prime)-[:LOCATED_IN]->(prime), (prime)-[:SAME_AS]->(prime), (prime)-[:ABOUT]->(prime)
WITH prime
DETACH DELETE prime;

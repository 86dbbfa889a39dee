// append_events: appends a batch of events to the hash chain, in one statement. The head is
// written first (taking its write lock on Neo4j; FalkorDB runs writes one at a time), then
// compared with the head the hashes were computed on: if another append got there first,
// nothing is created and the caller retries on the fresh head, so the chain cannot fork. Each
// child an event concerns is indexed through an AuditSubject node (subject-access lists).
// returns: {appended} — the number of events created: 0 if the head moved on since
// $expected_seq
// params: $lock, $expected_seq, $prev_hash, $events, $last_seq, $last_hash
MATCH (h:AuditHead {id: 'head'})
SET h.lock = $lock
WITH h
WHERE h.seq = $expected_seq AND h.hash = $prev_hash
SET h.seq = $last_seq, h.hash = $last_hash
WITH h
UNWIND $events AS event
CREATE (e:AuditEvent {id: event.id})
SET e += event.props
FOREACH (child_id IN event.child_ids |
  MERGE (s:AuditSubject {id: child_id})
  CREATE (e)-[:ABOUT]->(s)
)
RETURN count(e) AS appended

// audit/audited_write: the frame every audited write runs in: the write and its audit event,
// in one statement.
// The catalogue puts each audited write file between `write:begin` and `write:end`
// (get_audited_query), so this file is never run as it stands. The chain's head is
// locked first (written: Neo4j takes its write lock; FalkorDB runs writes one at a time), then
// compared with the head the event's hash was computed on, and an event already recorded with
// this request key (an Idempotency-Key) is looked for. Only then does the write run; if it
// wrote (returned a row), the event is created and the head moves on. A head that moved, or a
// request key already used, leaves everything as it was.
// returns: the write's own columns, and {audit_state}: written (the write ran and its event is
// in the chain), moved (nothing written: retry on the fresh head) or duplicate (nothing written:
// the request key names an earlier request). No row: the write's own condition failed; nothing
// was written.
// params: $audit_lock, $audit_key, $audit_expected_seq, $audit_prev_hash, $audit_seq, $audit_hash, $audit_event, $audit_child_ids
MATCH (audit_head:AuditHead {id: 'head'})
SET audit_head.lock = $audit_lock
WITH audit_head
OPTIONAL MATCH (audit_prior:AuditEvent {request_key: $audit_key})
WITH audit_head, audit_prior
WHERE audit_head.seq = $audit_expected_seq AND audit_head.hash = $audit_prev_hash
  AND audit_prior IS NULL
CALL () {
// write:begin
RETURN true AS written
// write:end
}
WITH collect({written: written}) AS audit_rows
MATCH (audit_head:AuditHead {id: 'head'})
OPTIONAL MATCH (audit_prior:AuditEvent {request_key: $audit_key})
WITH audit_head, audit_rows,
     CASE WHEN audit_prior IS NOT NULL THEN 'duplicate'
          WHEN audit_head.seq <> $audit_expected_seq OR audit_head.hash <> $audit_prev_hash
          THEN 'moved'
          ELSE 'written' END AS audit_state
FOREACH (audit_go IN CASE WHEN audit_state = 'written' AND size(audit_rows) > 0
                          THEN [1] ELSE [] END |
  SET audit_head.seq = $audit_seq, audit_head.hash = $audit_hash
  CREATE (audit_event:AuditEvent)
  SET audit_event = $audit_event
  FOREACH (audit_child IN $audit_child_ids |
    MERGE (audit_subject:AuditSubject {id: audit_child})
    CREATE (audit_event)-[:ABOUT]->(audit_subject)
  )
)
WITH audit_state, CASE WHEN audit_state = 'written' THEN audit_rows ELSE [{}] END AS audit_out
UNWIND audit_out AS audit_row
RETURN audit_row.written AS written, audit_state

// audit/get_event_by_request_key: the event of the earlier request made with this request key
// (a user's Idempotency-Key), if there is one: a retried create answers with what it created
// returns: {event} (every stored property) — no row if the key is unused
// params: $request_key
MATCH (e:AuditEvent {request_key: $request_key})
RETURN properties(e) AS event

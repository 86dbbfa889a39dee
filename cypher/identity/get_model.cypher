// identity/get_model: the identity model the last full scan learnt, if any
// returns: {model, records, version, trained_at} — no row before the first scan
// params: $id
MATCH (m:IdentityModel {id: $id})
RETURN m.model AS model, m.records AS records, m.version AS version, m.trained_at AS trained_at

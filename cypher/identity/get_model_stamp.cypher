// identity/get_model_stamp: which model is stored (to reuse a copy already read, rather than
// read and parse the whole model for every incremental check)
// returns: {version} — no row before the first scan
// params: $id
MATCH (m:IdentityModel {id: $id})
RETURN m.version AS version

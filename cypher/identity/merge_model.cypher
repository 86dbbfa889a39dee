// identity/merge_model: keeps the identity model a full scan learnt (m and u per comparison
// level, the prior, name frequencies; analysis.identity.model.MatchModel as JSON), replacing the
// one before, so that the incremental check weighs evidence as the last scan did. $version is
// new with every model: readers keep a parsed copy until it changes.
// returns: {trained_at}
// params: $id, $model, $records, $version, $now
MERGE (m:IdentityModel {id: $id})
SET m.model = $model, m.records = $records, m.version = $version, m.trained_at = $now
RETURN m.trained_at AS trained_at

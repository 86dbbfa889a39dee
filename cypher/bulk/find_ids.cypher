// bulk/find_ids: which of $ids the index already holds, and as what — the importer's check of
// references to records that are not in the file. One OPTIONAL MATCH per label keeps every
// lookup on the unique id index.
// returns: {id, child, responsible_la, carer, practitioner, agency, agency_la, local_authority}
// one row per id; the flags say which labels hold it
// params: $ids
UNWIND $ids AS wanted
OPTIONAL MATCH (c:Child {id: wanted})
OPTIONAL MATCH (k:Carer {id: wanted})
OPTIONAL MATCH (p:Practitioner {id: wanted})
OPTIONAL MATCH (a:Agency {id: wanted})
OPTIONAL MATCH (la:LocalAuthority {id: wanted})
RETURN wanted AS id, c IS NOT NULL AS child, c.responsible_la AS responsible_la,
       k IS NOT NULL AS carer, p IS NOT NULL AS practitioner, a IS NOT NULL AS agency,
       a.la AS agency_la, la IS NOT NULL AS local_authority

// bulk/find_ids: which of $ids the index already holds, and as what — the importer's check of
// references to records that are not in the file, and of a scoped import's right to change
// them. One OPTIONAL MATCH per label keeps every lookup on the unique id index. Carers and
// practitioners belong to no one authority: each comes with its stored details and the
// authorities of the children it cares for, or of the agencies it works for.
// returns: {id, child, responsible_la, carer, carer_props, carer_las, practitioner,
// practitioner_props, practitioner_las, agency, agency_la, local_authority} one row per id;
// the flags say which labels hold it
// params: $ids
UNWIND $ids AS wanted
OPTIONAL MATCH (c:Child {id: wanted})
OPTIONAL MATCH (k:Carer {id: wanted})
OPTIONAL MATCH (p:Practitioner {id: wanted})
OPTIONAL MATCH (a:Agency {id: wanted})
OPTIONAL MATCH (la:LocalAuthority {id: wanted})
RETURN wanted AS id, c IS NOT NULL AS child, c.responsible_la AS responsible_la,
       k IS NOT NULL AS carer,
       CASE WHEN k IS NULL THEN null
            ELSE k {.given_name, .family_name, .phone, .email, .address_line, .postcode} END
         AS carer_props,
       CASE WHEN k IS NULL THEN []
            ELSE [(k)-[:CARES_FOR]->(cared:Child) | cared.responsible_la] END AS carer_las,
       p IS NOT NULL AS practitioner,
       CASE WHEN p IS NULL THEN null
            ELSE p {.given_name, .family_name, .job_title, .phone, .email} END
         AS practitioner_props,
       CASE WHEN p IS NULL THEN []
            ELSE [(p)-[:WORKS_FOR]->(employer:Agency) | employer.la] END AS practitioner_las,
       a IS NOT NULL AS agency, a.la AS agency_la, la IS NOT NULL AS local_authority

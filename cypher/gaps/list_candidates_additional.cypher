// gaps/list_candidates_additional: one pass over the current involvements of the children local
// authority $la is responsible for that are not surely universal, for three rules at once.
// Current on the as-of date: started before $after (the day after it) and not ended by it (no
// `until`, an empty one, or one not before $after), as the rules read the dates. Surely
// universal, and skipped unread: from an Agency node that is its own agency (agency_id empty or
// its own id) of a kind in $universal_kinds. The agency of each other involvement (agency_id,
// else the Agency it comes from) is looked up; one not found has no kind.
// A row per child with any of:
// - multi: active, at least $min_agencies distinct agencies not of a universal kind (or of no
//   kind), and none of these involvements a lead professional's. The rule counts the same
//   agencies and also sees leads on universal involvements: every child
//   MULTI_AGENCY_NO_LEAD finds.
// - sensitive: active, an involvement without consent for an agency of a kind in
//   $sensitive_kinds not marked sensitive: exactly the children SENSITIVE_WITHOUT_CONSENT finds.
// - concern: of any status, an involvement that records an assessment, or whose agency is of a
//   kind in $concern_kinds, or a practitioner's with no agency_id (the rule then looks the
//   practitioner's id up among agencies): every child that may make its siblings' needs worth
//   considering (gaps/list_candidates_sibling).
// returns: {id, multi, sensitive, concern} per child with any of them
// params: $la, $after, $universal_kinds, $min_agencies, $sensitive_kinds, $concern_kinds
MATCH (c:Child)
WHERE c.responsible_la = $la
MATCH (c)<-[i:INVOLVED_WITH]-(src)
WHERE NOT (src:Agency AND coalesce(src.kind, '') IN $universal_kinds
           AND coalesce(i.agency_id, '') IN ['', src.id])
  AND (i.since IS NULL OR i.since < $after)
  AND (i.until IS NULL OR i.until = '' OR i.until >= $after)
WITH c, i,
     CASE WHEN coalesce(i.agency_id, '') <> '' THEN i.agency_id
          WHEN NOT src:Practitioner THEN src.id END AS agency_id
OPTIONAL MATCH (a:Agency {id: agency_id})
WITH c, i, agency_id, a
WHERE NOT coalesce(a.kind, '') IN $universal_kinds OR coalesce(i.assessment_kind, '') <> ''
WITH c.id AS id, coalesce(c.status, 'active') = 'active' AS active,
     count(DISTINCT CASE WHEN NOT coalesce(a.kind, '') IN $universal_kinds THEN agency_id END)
       AS agencies,
     max(CASE WHEN i.lead_professional THEN 1 ELSE 0 END) AS lead,
     max(CASE WHEN a.kind IN $sensitive_kinds AND coalesce(a.sensitive, false) = false
                   AND coalesce(i.consent, false) = false THEN 1 ELSE 0 END) AS sensitive,
     max(CASE WHEN coalesce(i.assessment_kind, '') <> '' OR agency_id IS NULL
                   OR a.kind IN $concern_kinds THEN 1 ELSE 0 END) AS concern
WITH id, active AND agencies >= $min_agencies AND lead = 0 AS multi,
     active AND sensitive = 1 AS sensitive, concern = 1 AS concern
WHERE multi OR sensitive OR concern
RETURN id, multi, sensitive, concern

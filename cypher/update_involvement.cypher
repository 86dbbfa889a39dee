// update_involvement: ends an involvement or changes its flags; a null parameter leaves that
// field as it is. Raising info_to_share stamps info_to_share_since; lowering it clears it. Either
// starts the acknowledgements afresh: an acknowledgement is of one raising of the flag.
// returns: {id, child_id} — no row if the involvement is unknown
// audited: yes
// params: $id, $until, $lead_professional, $assessment_kind, $assessment_date, $clear_assessment, $info_to_share, $consent, $today, $now
// The child end carries no label: FalkorDB plans `->(c:Child)` as a scan of every child with an
// index lookup each (15 s at 1M children); INVOLVED_WITH only ever ends at a Child.
MATCH ()-[i:INVOLVED_WITH {id: $id}]->(c)
SET i.info_to_share_since = CASE
      WHEN $info_to_share = true AND coalesce(i.info_to_share, false) = false THEN $today
      WHEN $info_to_share = false THEN null
      ELSE i.info_to_share_since
    END,
    i.info_acknowledged_by = CASE
      WHEN $info_to_share = true AND coalesce(i.info_to_share, false) = false THEN []
      WHEN $info_to_share = false THEN []
      ELSE i.info_acknowledged_by
    END
SET i.until = coalesce($until, i.until),
    i.lead_professional = coalesce($lead_professional, i.lead_professional),
    i.assessment_kind = CASE WHEN $clear_assessment THEN null
                             ELSE coalesce($assessment_kind, i.assessment_kind) END,
    i.assessment_date = CASE WHEN $clear_assessment THEN null
                             ELSE coalesce($assessment_date, i.assessment_date) END,
    i.info_to_share = coalesce($info_to_share, i.info_to_share),
    i.consent = coalesce($consent, i.consent),
    i.updated_at = $now
RETURN i.id AS id, c.id AS child_id

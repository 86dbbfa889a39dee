// acknowledge_info: practitioner $practitioner_id acknowledges the information to share raised
// on involvement $id: their id is added, once, to info_acknowledged_by. The involvement's
// updated_at is left alone: acknowledging is not an update of the other practitioner's work.
// returns: {id, child_id, info_to_share, info_acknowledged_by} — no row if the involvement is
// unknown or no information to share is raised on it (nothing changes)
// audited: yes
// params: $id, $practitioner_id
// The child end carries no label: FalkorDB plans `->(c:Child)` as a scan of every child with an
// index lookup each (15 s at 1M children); INVOLVED_WITH only ever ends at a Child.
MATCH ()-[i:INVOLVED_WITH {id: $id}]->(c)
WHERE coalesce(i.info_to_share, false)
WITH i, c, coalesce(i.info_acknowledged_by, []) AS acknowledged
SET i.info_acknowledged_by = CASE
      WHEN NOT $practitioner_id IN acknowledged THEN acknowledged + [$practitioner_id]
      ELSE i.info_acknowledged_by
    END
RETURN i.id AS id, c.id AS child_id, true AS info_to_share,
       i.info_acknowledged_by AS info_acknowledged_by

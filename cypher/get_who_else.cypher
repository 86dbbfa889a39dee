// get_who_else: who else is working with this child — one row per involvement, current ones
// (no `until`, or `until` after $today) unless $include_ended, with the practitioner (if any)
// and the agency the work is done for, and their contact details. A child with no involvement
// gives one row whose `id` is null; an unknown child gives no row.
// returns: {id, child_id, source, practitioner, agency, service, since, until, flags...}
// params: $child_id, $include_ended, $today
MATCH (c:Child {id: $child_id})
OPTIONAL MATCH (c)<-[i:INVOLVED_WITH]-(src)
WHERE $include_ended OR i.until IS NULL OR i.until > $today
// FalkorDB refuses `{id: i.agency_id}` when i is null; a projected value may be null.
WITH c, i, src, i.agency_id AS agency_id
OPTIONAL MATCH (a:Agency {id: agency_id})
RETURN i.id AS id, c.id AS child_id,
       CASE WHEN src:Practitioner THEN 'practitioner' ELSE 'agency' END AS source,
       CASE WHEN src:Practitioner
            THEN src {.id, .given_name, .family_name, .job_title, .phone, .email}
            ELSE null END AS practitioner,
       a {.id, .name, .kind, .sensitive, .phone, .email} AS agency,
       i.service AS service, i.since AS since, i.until AS until,
       i.lead_professional AS lead_professional, i.assessment_kind AS assessment_kind,
       i.assessment_date AS assessment_date, i.info_to_share AS info_to_share,
       i.info_to_share_since AS info_to_share_since, i.consent AS consent,
       i.recorded_by AS recorded_by, i.updated_at AS updated_at
ORDER BY since, id

// identity/list_pairs_in_la: SAME_AS pairs with at least one child in local authority $la,
// with status $status (null: any), each with both children's details (redacted by the caller)
// returns: {a: {...}, b: {...}, status, score, reasons, created_at, decided_by, decided_at}
// params: $la, $status
MATCH (a:Child {responsible_la: $la})-[s:SAME_AS]->(b:Child)
WHERE $status IS NULL OR s.status = $status
RETURN a {.id, .given_name, .family_name, .other_names, .sex, .date_of_birth, .nhs_number,
          .upn, .address_line, .postcode, .address_status, .responsible_la, .shielded,
          .status} AS a,
       b {.id, .given_name, .family_name, .other_names, .sex, .date_of_birth, .nhs_number,
          .upn, .address_line, .postcode, .address_status, .responsible_la, .shielded,
          .status} AS b,
       s.status AS status, s.score AS score, s.reasons AS reasons, s.created_at AS created_at,
       s.decided_by AS decided_by, s.decided_at AS decided_at
UNION
MATCH (a:Child)-[s:SAME_AS]->(b:Child {responsible_la: $la})
WHERE $status IS NULL OR s.status = $status
RETURN a {.id, .given_name, .family_name, .other_names, .sex, .date_of_birth, .nhs_number,
          .upn, .address_line, .postcode, .address_status, .responsible_la, .shielded,
          .status} AS a,
       b {.id, .given_name, .family_name, .other_names, .sex, .date_of_birth, .nhs_number,
          .upn, .address_line, .postcode, .address_status, .responsible_la, .shielded,
          .status} AS b,
       s.status AS status, s.score AS score, s.reasons AS reasons, s.created_at AS created_at,
       s.decided_by AS decided_by, s.decided_at AS decided_at

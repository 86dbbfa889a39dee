// find_children_by_birth_date: candidates for a name search — children born on any of $dates
// (the date asked for, and its day/month swap); names are ranked by the caller
// returns: {child} per candidate, at most $limit
// params: $dates, $limit
UNWIND $dates AS dob
MATCH (c:Child {date_of_birth: dob})
RETURN c {
  .id, .given_name, .family_name, .other_names, .sex, .date_of_birth, .nhs_number,
  .postcode, .address_status, .responsible_la, .shielded, .status
} AS child
LIMIT $limit

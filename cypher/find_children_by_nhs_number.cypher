// find_children_by_nhs_number: children holding an NHS number (normally one)
// returns: {child} per match
// params: $nhs_number
MATCH (c:Child {nhs_number: $nhs_number})
RETURN c {
  .id, .given_name, .family_name, .other_names, .sex, .date_of_birth, .nhs_number,
  .postcode, .address_status, .responsible_la, .shielded, .status
} AS child

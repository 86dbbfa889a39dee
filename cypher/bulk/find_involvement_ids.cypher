// bulk/find_involvement_ids: which of $ids already name an involvement, and between whom — an
// import may not give an id in use to another child's or holder's involvement
// returns: {id, child_id, holder_id} per involvement found
// params: $ids
UNWIND $ids AS wanted
MATCH (holder)-[i:INVOLVED_WITH {id: wanted}]->(c)
RETURN wanted AS id, c.id AS child_id, holder.id AS holder_id

// bulk/export_carers: carers by id, every stored field
// returns: {id, given_name, family_name, phone, email, address_line, postcode, created_at,
// updated_at}
// params: $ids
UNWIND $ids AS carer_id
MATCH (k:Carer {id: carer_id})
RETURN k.id AS id, k.given_name AS given_name, k.family_name AS family_name, k.phone AS phone,
       k.email AS email, k.address_line AS address_line, k.postcode AS postcode,
       k.created_at AS created_at, k.updated_at AS updated_at

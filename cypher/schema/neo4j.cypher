// neo4j: the Neo4j 5 schema — a unique id per label and an index for every MERGE and lookup key.
// Idempotent (IF NOT EXISTS). Run statement by statement at start-up. An involvement's id is
// unique (a relationship uniqueness constraint, Community Edition since 5.7); the plain index it
// replaces, from before, is dropped first (a constraint cannot share its schema).
// params: none
CREATE CONSTRAINT child_id IF NOT EXISTS FOR (n:Child) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT carer_id IF NOT EXISTS FOR (n:Carer) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT practitioner_id IF NOT EXISTS FOR (n:Practitioner) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT agency_id IF NOT EXISTS FOR (n:Agency) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT local_authority_id IF NOT EXISTS FOR (n:LocalAuthority) REQUIRE n.id IS UNIQUE;
CREATE INDEX child_nhs_number IF NOT EXISTS FOR (n:Child) ON (n.nhs_number);
CREATE INDEX child_date_of_birth IF NOT EXISTS FOR (n:Child) ON (n.date_of_birth);
CREATE INDEX child_family_name IF NOT EXISTS FOR (n:Child) ON (n.family_name);
CREATE INDEX child_responsible_la IF NOT EXISTS FOR (n:Child) ON (n.responsible_la);
CREATE INDEX child_postcode IF NOT EXISTS FOR (n:Child) ON (n.postcode);
CREATE INDEX agency_la IF NOT EXISTS FOR (n:Agency) ON (n.la);
DROP INDEX involved_with_id IF EXISTS;
CREATE CONSTRAINT involved_with_id_unique IF NOT EXISTS FOR ()-[r:INVOLVED_WITH]-() REQUIRE r.id IS UNIQUE;
CREATE INDEX resident_in_id IF NOT EXISTS FOR ()-[r:RESIDENT_IN]-() ON (r.id);
CREATE CONSTRAINT account_id IF NOT EXISTS FOR (n:Account) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT audit_head_id IF NOT EXISTS FOR (n:AuditHead) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT audit_event_id IF NOT EXISTS FOR (n:AuditEvent) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT audit_subject_id IF NOT EXISTS FOR (n:AuditSubject) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT identity_model_id IF NOT EXISTS FOR (n:IdentityModel) REQUIRE n.id IS UNIQUE;
CREATE INDEX audit_event_seq IF NOT EXISTS FOR (n:AuditEvent) ON (n.seq);
CREATE INDEX audit_event_user IF NOT EXISTS FOR (n:AuditEvent) ON (n.user);
CREATE INDEX audit_event_at IF NOT EXISTS FOR (n:AuditEvent) ON (n.at);
CREATE INDEX audit_event_request_key IF NOT EXISTS FOR (n:AuditEvent) ON (n.request_key);

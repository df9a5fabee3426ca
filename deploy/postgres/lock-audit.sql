-- Makes the audit trail append-only for the application's own PostgreSQL role, by ownership and
-- grants (the trigger Vigil's migrations install stays as a second guard).
-- Run once as a superuser after Vigil has migrated the database, naming the application's role:
--   psql "$ADMIN_DATABASE_URL" -v app_role=vigil -f deploy/postgres/lock-audit.sql
-- Afterwards the application may read and append audit entries, and nothing else. Retention purges
-- then run as the owner role: DATABASE_URL=<a login of vigil_audit_owner> npm run audit:purge
\set ON_ERROR_STOP on
SET client_min_messages TO warning;
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vigil_audit_owner') THEN CREATE ROLE vigil_audit_owner NOLOGIN; END IF;
END $$;
GRANT vigil_audit_owner TO CURRENT_USER;
ALTER TABLE audit_entries OWNER TO vigil_audit_owner;
ALTER TABLE audit_checkpoints OWNER TO vigil_audit_owner;
ALTER FUNCTION vigil_audit_append_only() OWNER TO vigil_audit_owner;
REVOKE ALL ON audit_entries, audit_checkpoints FROM PUBLIC;
REVOKE ALL ON audit_entries, audit_checkpoints FROM :"app_role";
GRANT SELECT, INSERT ON audit_entries TO :"app_role";
GRANT SELECT, INSERT ON audit_checkpoints TO :"app_role";
GRANT USAGE ON SEQUENCE audit_checkpoints_id_seq TO :"app_role";
-- The signed head (audit_head) is rewritten by every append, so it stays the application's table: its HMAC,
-- not a grant, is what protects it. The owner role also rewrites it when it purges or rotates the audit key.
GRANT SELECT, INSERT, UPDATE ON audit_head TO vigil_audit_owner;
GRANT SELECT, INSERT, UPDATE ON audit_head TO :"app_role";

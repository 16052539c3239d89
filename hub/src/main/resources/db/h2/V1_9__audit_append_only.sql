-- The audit log is append-only at the database too (see the PostgreSQL twin of this migration).
CREATE TRIGGER audit_log_append_only BEFORE UPDATE, DELETE ON audit_log
    FOR EACH ROW CALL 'org.reportonce.hub.audit.AppendOnlyTrigger';

-- The StopNCII-compatible API (org.reportonce.hub.stopncii).

-- FetchHashes turns a startTimestamp into a position in the signal log by the change times.
CREATE INDEX signal_change_changed_at ON signal_change (changed_at);

-- A key limited to some StopNCII endpoints (a "function key"; refused on every other route), and,
-- optionally, the platform's standing declarations for the reports it files through SubmitHashes
-- with that key: who at the platform made them. endpoints: comma-separated endpoint names.
CREATE TABLE stopncii_key_grant (
    key_id                    VARCHAR(40)  PRIMARY KEY REFERENCES api_key (id),
    endpoints                 VARCHAR(100) NOT NULL,
    declarations_attested_by  VARCHAR(200),
    granted_at                BIGINT       NOT NULL,
    granted_by                VARCHAR(100) NOT NULL
);

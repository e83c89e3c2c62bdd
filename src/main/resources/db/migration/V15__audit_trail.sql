-- The audit trail (issue 19, docs/audit.md): every change a person makes to what the region configures (thresholds,
-- expected reporting, alert and data-quality settings, days off, actions and their links, SPC re-bases,
-- subscriptions, provider credentials, the balanced scorecard) is appended here by a trigger, in the same transaction
-- as the change, with the row before and after. Changes that travel through Kafka (plans, units, calendar weeks) are
-- appended by the API once Kafka has acknowledged them.
--
-- Who: the service names the person (their user id from the identity store, never a name) with
--   SELECT set_config('pks.actor', 'person:<user id>', true)
-- in the transaction of the change ('operator' for the admin key); a change made with SQL by hand is recorded as
-- 'sql:<database role>', so an edit that bypasses the API is still on record. The service's own writes
-- ('service:...') are not recorded.
--
-- Append-only: the trigger below refuses UPDATE and DELETE, for the owner as well as for the service. The only way
-- out is pks.prune_audit(retention), which deletes entries older than the retention the installation sets
-- (pks.audit.retention, default ten years) and is run daily by the service.

CREATE TABLE pks.audit_entry (
    audit_id    bigserial   PRIMARY KEY,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    actor       text        NOT NULL,
    subject     text        NOT NULL,
    subject_key text        NOT NULL,
    change      text        NOT NULL CHECK (change IN ('CREATE', 'UPDATE', 'DELETE')),
    before      jsonb,
    after       jsonb,
    reason      text
);

CREATE INDEX audit_entry_by_time ON pks.audit_entry (recorded_at);
CREATE INDEX audit_entry_by_subject ON pks.audit_entry (subject, subject_key, recorded_at);

CREATE FUNCTION pks.audit_actor() RETURNS text LANGUAGE sql STABLE AS $$
    SELECT coalesce(nullif(current_setting('pks.actor', true), ''), 'sql:' || session_user)
$$;

-- The key of the changed row: its primary key columns joined with '|', found from the catalogue so that one function
-- serves every audited table.
CREATE FUNCTION pks.audit_row_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    old_row jsonb := CASE WHEN TG_OP IN ('UPDATE', 'DELETE') THEN to_jsonb(OLD) END;
    new_row jsonb := CASE WHEN TG_OP IN ('INSERT', 'UPDATE') THEN to_jsonb(NEW) END;
    secret  text;
    row_key text;
BEGIN
    -- The service's own writes (the computed national holidays, the demo region's settings) are not people's changes.
    IF current_setting('pks.actor', true) LIKE 'service:%' THEN
        RETURN NULL;
    END IF;
    -- Secrets never enter the trail (TG_ARGV lists a table's secret columns).
    FOREACH secret IN ARRAY coalesce(TG_ARGV, '{}'::text[]) LOOP
        old_row := old_row - secret;
        new_row := new_row - secret;
    END LOOP;
    IF TG_OP = 'UPDATE' AND old_row = new_row THEN
        RETURN NULL;
    END IF;
    SELECT string_agg(coalesce(new_row, old_row) ->> a.attname, '|' ORDER BY k.ordinality)
    INTO row_key
    FROM pg_index i
    CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k (attnum, ordinality)
    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
    WHERE i.indrelid = TG_RELID AND i.indisprimary;
    INSERT INTO pks.audit_entry (actor, subject, subject_key, change, before, after, reason)
    VALUES (pks.audit_actor(), TG_TABLE_NAME, coalesce(row_key, ''),
            CASE TG_OP WHEN 'INSERT' THEN 'CREATE' WHEN 'UPDATE' THEN 'UPDATE' ELSE 'DELETE' END,
            old_row, new_row, nullif(current_setting('pks.reason', true), ''));
    RETURN NULL;
END
$$;

CREATE FUNCTION pks.audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('pks.audit_pruning', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'pks.audit_entry is append-only: % refused', TG_OP
        USING HINT = 'entries leave the trail only through pks.prune_audit(retention)';
END
$$;

CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON pks.audit_entry
    FOR EACH ROW EXECUTE FUNCTION pks.audit_append_only();
CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON pks.audit_entry
    FOR EACH STATEMENT EXECUTE FUNCTION pks.audit_append_only();

-- Runs with the owner's rights, so the service may prune without holding DELETE on the trail; returns the number of
-- entries deleted. A retention under one year is refused: it would be a way to erase recent changes.
CREATE FUNCTION pks.prune_audit(retention interval) RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pks, pg_temp AS $$
DECLARE
    deleted bigint;
BEGIN
    IF retention < interval '1 year' THEN
        RAISE EXCEPTION 'audit retention % is under one year', retention;
    END IF;
    PERFORM set_config('pks.audit_pruning', 'on', true);
    DELETE FROM pks.audit_entry WHERE recorded_at < now() - retention;
    GET DIAGNOSTICS deleted = ROW_COUNT;
    PERFORM set_config('pks.audit_pruning', 'off', true);
    RETURN deleted;
END
$$;

DO $$
DECLARE
    audited text[] := ARRAY['threshold', 'expected_reporting', 'alert_setting', 'data_quality_setting', 'day_off',
                            'action', 'action_link', 'spc_rebase', 'subscription', 'scorecard_perspective',
                            'scorecard_indicator'];
    name text;
BEGIN
    FOREACH name IN ARRAY audited LOOP
        EXECUTE format('CREATE TRIGGER audit_%1$s AFTER INSERT OR UPDATE OR DELETE ON pks.%1$I '
                       'FOR EACH ROW EXECUTE FUNCTION pks.audit_row_change()', name);
    END LOOP;
    CREATE TRIGGER audit_provider_credential AFTER INSERT OR UPDATE OR DELETE ON pks.provider_credential
        FOR EACH ROW EXECUTE FUNCTION pks.audit_row_change('token_hash');
    -- The service appends and reads; it never rewrites the trail.
    IF current_user <> 'pks_service' AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pks_service') THEN
        REVOKE UPDATE, DELETE, TRUNCATE ON pks.audit_entry FROM pks_service;
        GRANT EXECUTE ON FUNCTION pks.prune_audit(interval) TO pks_service;
    END IF;
END $$;
REVOKE EXECUTE ON FUNCTION pks.prune_audit(interval) FROM PUBLIC;

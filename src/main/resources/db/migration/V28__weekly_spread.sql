-- Each unit's usual weekly level, kept beside its weekly values (issue 17, docs/data-quality.md, "Outliers"): the
-- median and the median absolute deviation (MAD) of every unit's and measure's normal weeks, from which pks.outlier
-- scores a week. They were computed at every query from the unit's whole weekly history (median, then MAD, then the
-- score: three reads of about 300 weeks per unit and measure), which made a region's deficiency panels cost 0.3 to
-- 1 s at national size (docs/benchmarks.md, "Outliers from a kept median and MAD"). Now the transaction that changes a
-- weekly value also computes its unit's and measure's median and MAD again as it commits (while the sink catches up,
-- at its next derived-figure round, and pks.outlier computes them from the weeks meanwhile), so outliers are exact
-- whenever the committed values are: a late or corrected week moves the median at once, as it did when it was
-- computed at query time.
--
-- A normal week is a stored weekly value (granularity WEEK) whose week is not a LOW_PRODUCTION week of the unit's
-- region (pks.calendar_week); a unit not in the register has no low-production weeks. A unit and measure without a
-- normal week has no row.

CREATE TABLE pks.weekly_spread (
    unit_id text             NOT NULL,
    measure text             NOT NULL,
    median  double precision NOT NULL,
    mad     double precision NOT NULL,
    weeks   integer          NOT NULL CHECK (weeks > 0),
    PRIMARY KEY (unit_id, measure)
);

-- The units and measures whose weekly values changed and whose spread has not been computed again yet: row triggers
-- note them here; a deferred trigger computes their spread and empties it as the writing transaction commits, or,
-- while the sink catches up (the transaction's setting pks.weekly_spread_later is on), leaves them for the sink's
-- derived-figure rounds (pks.settle_weekly_spread_now(), every round) or the next commit that notes a pair (each
-- settles all of them). pks.outlier computes a noted pair's median and MAD from
-- its weeks, as before V28, until it is settled, so outliers are exact either way.
CREATE TABLE pks.weekly_spread_pending (
    unit_id text NOT NULL,
    measure text NOT NULL,
    PRIMARY KEY (unit_id, measure)
);

-- The median and MAD of one unit's and measure's normal weeks, as pks.outlier computed them at query time (both
-- percentile_cont(0.5), so an even number of weeks takes the mean of the middle two). No row without a normal week.
CREATE FUNCTION pks.weekly_spread_of(of_unit text, of_measure text)
    RETURNS TABLE (median double precision, mad double precision, weeks integer)
    LANGUAGE sql STABLE AS $$
    WITH normal AS (
        SELECT v.value
        FROM pks.measure_value v
        WHERE v.unit_id = $1 AND v.measure = $2 AND v.granularity = 'WEEK'
          AND NOT EXISTS (SELECT 1 FROM pks.unit lu JOIN pks.calendar_week lw ON lw.region_id = lu.region_id
                          WHERE lu.unit_id = v.unit_id AND lw.week_start = v.period_start
                            AND lw.kind = 'LOW_PRODUCTION')
    ),
    centre AS (
        SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY value) AS median, count(*)::integer AS weeks FROM normal
    )
    SELECT c.median, (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY abs(n.value - c.median)) FROM normal n),
           c.weeks
    FROM centre c
    WHERE c.weeks > 0
$$;

-- Computes the given units' and measures' spread again (a pair without a normal week left loses its row).
CREATE FUNCTION pks.respread_weekly(units text[], measures text[]) RETURNS void
    LANGUAGE sql AS $$
    DELETE FROM pks.weekly_spread s
    USING unnest(units, measures) AS p (unit_id, measure)
    WHERE s.unit_id = p.unit_id AND s.measure = p.measure;
    INSERT INTO pks.weekly_spread (unit_id, measure, median, mad, weeks)
    SELECT p.unit_id, p.measure, w.median, w.mad, w.weeks
    FROM unnest(units, measures) AS p (unit_id, measure)
    CROSS JOIN LATERAL pks.weekly_spread_of(p.unit_id, p.measure) AS w;
$$;

-- Computes every noted unit's and measure's spread again and forgets them; returns how many. Called by the
-- deferred trigger below and by the sink's derived-figure rounds. SECURITY DEFINER, so that whoever may write weekly
-- values (the sink's role) needs no privileges on the two tables; the search path is fixed for it.
CREATE FUNCTION pks.settle_weekly_spread_now() RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pks, pg_temp AS $$
DECLARE
    units    text[];
    measures text[];
BEGIN
    WITH settled AS (DELETE FROM pks.weekly_spread_pending RETURNING unit_id, measure)
    SELECT array_agg(unit_id), array_agg(measure) INTO units, measures FROM settled;
    IF units IS NULL THEN
        RETURN 0;
    END IF;
    PERFORM pks.respread_weekly(units, measures);
    RETURN cardinality(units);
END $$;

-- Every spread again from the stored weeks: V28 itself, and after a table it depends on was emptied.
CREATE FUNCTION pks.recompute_all_weekly_spreads() RETURNS void
    LANGUAGE sql SECURITY DEFINER SET search_path = pks, pg_temp AS $$
    DELETE FROM pks.weekly_spread_pending;
    DELETE FROM pks.weekly_spread;
    SELECT pks.respread_weekly(array_agg(unit_id), array_agg(measure))
    FROM (SELECT DISTINCT unit_id, measure FROM pks.measure_value WHERE granularity = 'WEEK') AS p;
$$;

-- The noted pairs settled as the writing transaction commits. Why at commit and not at the end of each statement: on
-- TimescaleDB, an upsert that changes a row of a compressed chunk decompresses the row's batch, and a statement
-- trigger of that upsert does not see the batch's rows nor the rows the upsert inserted, so it computed the spread
-- from part of the weeks (TimescaleDbSinkTest). A deferred trigger runs as a later command of the transaction, which
-- sees them all. It fires once per noted pair; the first one settles every pair and says so in the transaction's
-- setting pks.weekly_spread_settled, which each new note clears, so the others return at once. While the sink
-- catches up it leaves them: a replay rewrites a week many times, and computing its unit's median again each time
-- cost 40 % more PostgreSQL time (docs/benchmarks.md, "Outliers from a kept median and MAD").
CREATE FUNCTION pks.settle_weekly_spread() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pks, pg_temp AS $$
BEGIN
    IF current_setting('pks.weekly_spread_settled', true) = 'yes'
       OR current_setting('pks.weekly_spread_later', true) = 'on' THEN
        RETURN NULL;
    END IF;
    PERFORM pks.settle_weekly_spread_now();
    PERFORM set_config('pks.weekly_spread_settled', 'yes', true);
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER settle_weekly_spread AFTER INSERT ON pks.weekly_spread_pending
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION pks.settle_weekly_spread();

-- A pair noted: the next deferred trigger has work to do.
CREATE FUNCTION pks.unsettle_weekly_spread() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pks, pg_temp AS $$
BEGIN
    PERFORM set_config('pks.weekly_spread_settled', 'no', true);
    RETURN NULL;
END $$;

-- per row: it runs only for a pair noted anew, not for every weekly value written (most find their pair noted)
CREATE TRIGGER unsettle_weekly_spread AFTER INSERT ON pks.weekly_spread_pending
    FOR EACH ROW EXECUTE FUNCTION pks.unsettle_weekly_spread();

-- A weekly value written, changed or deleted: its unit and measure. OLD is null for an insert and NEW for a delete.
CREATE FUNCTION pks.note_weekly_value() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pks, pg_temp AS $$
BEGIN
    INSERT INTO pks.weekly_spread_pending
    SELECT DISTINCT k.unit_id, k.measure
    FROM (VALUES (OLD.unit_id, OLD.measure, OLD.granularity), (NEW.unit_id, NEW.measure, NEW.granularity))
        AS k (unit_id, measure, granularity)
    WHERE k.granularity = 'WEEK'
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

-- A unit registered, moved to another region or removed: every measure of it (its normal weeks are those of its
-- region).
CREATE FUNCTION pks.note_unit_weeks() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pks, pg_temp AS $$
BEGIN
    INSERT INTO pks.weekly_spread_pending
    SELECT DISTINCT v.unit_id, v.measure FROM pks.measure_value v
    WHERE v.unit_id IN (OLD.unit_id, NEW.unit_id) AND v.granularity = 'WEEK'
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

-- A low-production week of a region added, changed or removed: every measure of the region's units.
CREATE FUNCTION pks.note_region_weeks() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pks, pg_temp AS $$
BEGIN
    INSERT INTO pks.weekly_spread_pending
    SELECT DISTINCT v.unit_id, v.measure FROM pks.unit u JOIN pks.measure_value v ON v.unit_id = u.unit_id
    WHERE u.region_id IN (CASE WHEN OLD.kind = 'LOW_PRODUCTION' THEN OLD.region_id END,
                          CASE WHEN NEW.kind = 'LOW_PRODUCTION' THEN NEW.region_id END)
      AND v.granularity = 'WEEK'
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

-- Emptied tables: every spread again from what is left.
CREATE FUNCTION pks.recompute_weekly_spread() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pks, pg_temp AS $$
BEGIN
    PERFORM pks.recompute_all_weekly_spreads();
    RETURN NULL;
END $$;

-- Only a changed value counts: the sink's upserts rewrite unchanged rows as well.
CREATE TRIGGER note_weekly_value_insert AFTER INSERT ON pks.measure_value
    FOR EACH ROW WHEN (NEW.granularity = 'WEEK') EXECUTE FUNCTION pks.note_weekly_value();
CREATE TRIGGER note_weekly_value_update AFTER UPDATE ON pks.measure_value
    FOR EACH ROW WHEN ((OLD.granularity = 'WEEK' OR NEW.granularity = 'WEEK')
                       AND (OLD.value IS DISTINCT FROM NEW.value OR OLD.unit_id <> NEW.unit_id
                            OR OLD.measure <> NEW.measure OR OLD.period_start <> NEW.period_start
                            OR OLD.granularity <> NEW.granularity))
    EXECUTE FUNCTION pks.note_weekly_value();
CREATE TRIGGER note_weekly_value_delete AFTER DELETE ON pks.measure_value
    FOR EACH ROW WHEN (OLD.granularity = 'WEEK') EXECUTE FUNCTION pks.note_weekly_value();
CREATE TRIGGER recompute_weekly_spread AFTER TRUNCATE ON pks.measure_value
    FOR EACH STATEMENT EXECUTE FUNCTION pks.recompute_weekly_spread();

-- The sink rewrites a unit's row whenever the register sends it: only a new region counts.
CREATE TRIGGER note_unit_weeks AFTER INSERT OR DELETE ON pks.unit
    FOR EACH ROW EXECUTE FUNCTION pks.note_unit_weeks();
CREATE TRIGGER note_unit_region AFTER UPDATE OF region_id ON pks.unit
    FOR EACH ROW WHEN (OLD.region_id IS DISTINCT FROM NEW.region_id) EXECUTE FUNCTION pks.note_unit_weeks();
CREATE TRIGGER recompute_weekly_spread AFTER TRUNCATE ON pks.unit
    FOR EACH STATEMENT EXECUTE FUNCTION pks.recompute_weekly_spread();

-- likewise a calendar week rewritten with its kind unchanged counts for nothing
CREATE TRIGGER note_low_production_weeks AFTER INSERT OR DELETE ON pks.calendar_week
    FOR EACH ROW EXECUTE FUNCTION pks.note_region_weeks();
CREATE TRIGGER note_low_production_change AFTER UPDATE ON pks.calendar_week
    FOR EACH ROW WHEN (OLD.kind IS DISTINCT FROM NEW.kind OR OLD.region_id IS DISTINCT FROM NEW.region_id
                       OR OLD.week_start IS DISTINCT FROM NEW.week_start)
    EXECUTE FUNCTION pks.note_region_weeks();
CREATE TRIGGER recompute_weekly_spread AFTER TRUNCATE ON pks.calendar_week
    FOR EACH STATEMENT EXECUTE FUNCTION pks.recompute_weekly_spread();

-- The spreads of the values already stored.
SELECT pks.recompute_all_weekly_spreads();

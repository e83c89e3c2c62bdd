-- Issue 18, items 1-3: SPC charts re-based in segments, low-production weeks judged against their planned level,
-- the Swedish public-holiday calendar for expected reporting, and the same week last year beside each weekly
-- figure. docs/spc.md and docs/data-quality.md describe them for analysts.

-- ----------------------------------------------------------------------------------------------------------------
-- SPC segments
-- ----------------------------------------------------------------------------------------------------------------

-- A re-base a person records: from the first week starting on or after rebase_from the unit's chart of the measure
-- gets a new segment with its own centre line and limits. reason says what changed (free text about the process,
-- never about a patient); recorded_by is the user id from the identity store, never a name.
CREATE TABLE pks.spc_rebase (
    rebase_id   bigserial   PRIMARY KEY,
    unit_id     text        NOT NULL,
    measure     text        NOT NULL,
    rebase_from date        NOT NULL,
    reason      text        NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
    recorded_by text        NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (unit_id, measure, rebase_from)
);

-- Each point carries the limits of its own segment (already stored per point) and the segment's first week; a
-- low-production week carries its planned level as centre and planned level +/- 2.66 AMR as limits.
ALTER TABLE pks.spc_point ADD COLUMN segment_start date;
-- The chart row describes the latest segment: the process as it runs now.
ALTER TABLE pks.spc_chart ADD COLUMN segment_start date;
ALTER TABLE pks.spc_chart ADD COLUMN segments integer NOT NULL DEFAULT 1;

-- ----------------------------------------------------------------------------------------------------------------
-- Days off: the Swedish public holidays and the regions' own days
-- ----------------------------------------------------------------------------------------------------------------

-- Days on which no unit is expected to report a WORKING_DAYS feed. region_id '*' holds the national days, written
-- by the service from se.pks.stream.model.SwedishHolidays (computed, not typed in) for every year from 2000 to five
-- years ahead; a region adds its own days (klämdagar, a regional holiday) with its own region_id and kind REGIONAL.
--   PUBLIC_HOLIDAY  allmän helgdag by law (lagen 1989:253 om allmänna helgdagar)
--   DE_FACTO        Midsummer Eve, Christmas Eve, New Year's Eve: not public holidays, but treated as Sundays by the
--                   Annual Leave Act (semesterlagen 3 §), and planned care is closed
--   REGIONAL        a day the region adds
CREATE TABLE pks.day_off (
    region_id text NOT NULL,
    day       date NOT NULL,
    kind      text NOT NULL CHECK (kind IN ('PUBLIC_HOLIDAY', 'DE_FACTO', 'REGIONAL')),
    name      text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    PRIMARY KEY (region_id, day),
    CHECK ((region_id = '*') = (kind <> 'REGIONAL'))
);

-- Whether a day is a day off for a unit: a national day, or one of its region's own.
CREATE FUNCTION pks.is_day_off(unit_id text, day date) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM pks.day_off d WHERE d.region_id = '*' AND d.day = $2)
        OR EXISTS (SELECT 1
                   FROM pks.unit u
                   JOIN pks.day_off d ON d.region_id = u.region_id
                   WHERE u.unit_id = $1 AND d.day = $2)
$$;

-- As in V4, except that a WORKING_DAYS feed owes nothing on a day off (pks.is_day_off): clinics closed at Easter,
-- midsummer and Christmas are not missing data. DAILY feeds (wards census every day) still owe every day; a WEEKLY
-- feed owes one report a week, which no Swedish week's days off make impossible.
CREATE OR REPLACE VIEW pks.expected_report AS
WITH yesterday AS (
    SELECT pks.as_of_date() - 1 AS day
),
accepted_day AS (
    SELECT unit_id, feed, day
    FROM pks.feed_quality
    GROUP BY unit_id, feed, day
    HAVING sum(accepted) > 0
),
owing AS (
    SELECT r.unit_id, r.feed, r.cadence, greatest(r.valid_from, f.first_day) AS first_day, y.day AS last_day
    FROM pks.expected_reporting r
    CROSS JOIN yesterday y
    JOIN (SELECT unit_id, min(day) AS first_day FROM pks.feed_quality GROUP BY unit_id) AS f USING (unit_id)
),
slot AS (
    SELECT o.unit_id, o.feed, 'DAY' AS period_kind, d::date AS period_start, d::date AS period_end
    FROM owing o
    CROSS JOIN LATERAL generate_series(o.first_day::timestamp, o.last_day::timestamp, interval '1 day') AS d
    WHERE o.cadence = 'DAILY'
       OR (o.cadence = 'WORKING_DAYS' AND extract(isodow FROM d) <= 5 AND NOT pks.is_day_off(o.unit_id, d::date))
    UNION ALL
    -- a week is judged once it is over, including the week the unit started in
    SELECT o.unit_id, o.feed, 'WEEK', w::date, w::date + 6
    FROM owing o
    CROSS JOIN LATERAL generate_series(pks.week_start(o.first_day)::timestamp, (o.last_day - 6)::timestamp,
                                          interval '7 days') AS w
    WHERE o.cadence = 'WEEKLY'
)
SELECT s.unit_id, s.feed, s.period_kind, s.period_start, s.period_end,
       EXISTS (SELECT 1 FROM accepted_day a
               WHERE a.unit_id = s.unit_id AND a.feed = s.feed
                 AND a.day BETWEEN s.period_start AND s.period_end) AS received
FROM slot s;

-- ----------------------------------------------------------------------------------------------------------------
-- The same week last year
-- ----------------------------------------------------------------------------------------------------------------

-- The Monday of the same ISO week number in the previous ISO year, or null for week 53: the previous year never has
-- a week 53 (53-week years are at least five years apart), and its week 52 is already compared with this year's
-- week 52 and holds Christmas where week 53 holds the new year, so a comparison would not be like with like.
CREATE FUNCTION pks.same_week_last_year(week_start date) RETURNS date LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN extract(week FROM $1) = 53 THEN NULL
                ELSE pks.week_start(make_date(extract(isoyear FROM $1)::integer - 1, 1, 4))
                     + 7 * (extract(week FROM $1)::integer - 1) END
$$;

-- Every stored weekly figure with the same week last year beside it: the value, the change and the relative change
-- (null when last year's value is 0 or missing).
CREATE VIEW pks.weekly_value_vs_last_year AS
SELECT v.unit_id, v.measure, v.period_start AS week_start,
       extract(isoyear FROM v.period_start)::integer AS iso_year, extract(week FROM v.period_start)::integer AS iso_week,
       v.value, pks.same_week_last_year(v.period_start) AS last_year_week_start, ly.value AS last_year_value,
       v.value - ly.value AS change, (v.value - ly.value) / nullif(ly.value, 0) AS change_pct
FROM pks.measure_value v
LEFT JOIN pks.measure_value ly ON ly.granularity = 'WEEK' AND ly.unit_id = v.unit_id AND ly.measure = v.measure
                              AND ly.period_start = pks.same_week_last_year(v.period_start)
WHERE v.granularity = 'WEEK';

-- Repeatable migration, family "calendar" (set ${pks_repeatables_checksum}). How the R__ files work and how to
-- change a view or function: README.md in this folder.
--
-- The calendar helpers every view uses. Dates are local dates in the region's time zone, as the stream buckets them.
-- First defined in V2 (helpers, is_low_production_week) and V10 (is_day_off, same_week_last_year).

-- The day "now" means for year-to-date and rolling periods: today in the region's time zone. A session can set
-- pks.as_of (SET pks.as_of = '2025-03-31') to see those periods as they stood on another day; pks.time_zone
-- (default Europe/Stockholm, like pks.time-zone in the service) can be set per database.
CREATE OR REPLACE FUNCTION pks.as_of_date() RETURNS date LANGUAGE sql STABLE AS $$
    SELECT coalesce(nullif(current_setting('pks.as_of', true), '')::date,
                    (now() AT TIME ZONE coalesce(nullif(current_setting('pks.time_zone', true), ''),
                                                 'Europe/Stockholm'))::date)
$$;

CREATE OR REPLACE FUNCTION pks.week_start(day date) RETURNS date LANGUAGE sql IMMUTABLE AS $$
    SELECT day - (extract(isodow FROM day)::integer - 1)
$$;

CREATE OR REPLACE FUNCTION pks.month_start(day date) RETURNS date LANGUAGE sql IMMUTABLE AS $$
    SELECT date_trunc('month', day::timestamp)::date
$$;

-- Tertials are Jan-Apr, May-Aug and Sep-Dec.
CREATE OR REPLACE FUNCTION pks.tertial_start(day date) RETURNS date LANGUAGE sql IMMUTABLE AS $$
    SELECT make_date(extract(year FROM day)::integer, (extract(month FROM day)::integer - 1) / 4 * 4 + 1, 1)
$$;

CREATE OR REPLACE FUNCTION pks.year_start(day date) RETURNS date LANGUAGE sql IMMUTABLE AS $$
    SELECT date_trunc('year', day::timestamp)::date
$$;

-- Whether the unit's region marks this week as low-production (pks.calendar_week). Weeks the calendar does not list
-- are normal.
CREATE OR REPLACE FUNCTION pks.is_low_production_week(unit_id text, week_start date) RETURNS boolean
    LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1
                   FROM pks.unit u
                   JOIN pks.calendar_week c ON c.region_id = u.region_id
                   WHERE u.unit_id = $1 AND c.week_start = $2 AND c.kind = 'LOW_PRODUCTION')
$$;

-- Whether a day is a day off for a unit (pks.day_off): a national day, or one of its region's own.
CREATE OR REPLACE FUNCTION pks.is_day_off(unit_id text, day date) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM pks.day_off d WHERE d.region_id = '*' AND d.day = $2)
        OR EXISTS (SELECT 1
                   FROM pks.unit u
                   JOIN pks.day_off d ON d.region_id = u.region_id
                   WHERE u.unit_id = $1 AND d.day = $2)
$$;

-- The Monday of the same ISO week number in the previous ISO year, or null for week 53: the previous year never has
-- a week 53 (53-week years are at least five years apart), and its week 52 is already compared with this year's
-- week 52 and holds Christmas where week 53 holds the new year, so a comparison would not be like with like.
CREATE OR REPLACE FUNCTION pks.same_week_last_year(week_start date) RETURNS date LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN extract(week FROM $1) = 53 THEN NULL
                ELSE pks.week_start(make_date(extract(isoyear FROM $1)::integer - 1, 1, 4))
                     + 7 * (extract(week FROM $1)::integer - 1) END
$$;

-- The date a moment falls on in the region's time zone (pks.time_zone, default Europe/Stockholm, as in
-- pks.as_of_date()). Grafana sends its time range as UTC timestamps ('2024-12-31T23:00:00Z' for the start of 2025 in
-- Stockholm); casting that to date takes the UTC date, 31 December, and last December's months, tertial and year leak
-- into "this year". Dashboards compare dates with pks.local_day($__timeFrom()) and pks.local_day($__timeTo()).
CREATE OR REPLACE FUNCTION pks.local_day(moment timestamptz) RETURNS date LANGUAGE sql STABLE AS $$
    SELECT (moment AT TIME ZONE coalesce(nullif(current_setting('pks.time_zone', true), ''), 'Europe/Stockholm'))::date
$$;

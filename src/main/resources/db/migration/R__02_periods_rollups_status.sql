-- Repeatable migration, family "periods, rollups and status" (set ${pks_repeatables_checksum}). How the R__ files
-- work and how to change a view or function: README.md in this folder.
--
-- The follow-up on the database side: every period kind a dashboard asks for (week, month, tertial, year, year to
-- date, rolling 12 months, rolling 4 weeks), plans against actuals for each, a status from thresholds, rollups to
-- organisation, region and own-vs-private, capacity use, and each weekly figure beside the same week last year. Each
-- is a plain view over the rows the stream and the APIs write, so a late event, a corrected plan or a changed
-- threshold shows in every figure at the next query, cumulative and rolling ones included, with nothing to refresh.
-- They compare with the current plan, or with the adopted plan where a transaction asks for it (pks.plan_in_use);
-- the *_by_basis views hold both, told apart by their column basis, for a query that names the plan itself (a
-- Grafana panel, by its Plan variable).
-- docs/dashboard-contract.md describes the views for dashboard authors. The tables are in V2 (plan, calendar_week,
-- threshold, measure_catalogue); the views were first defined in V2, V3 (capacity) and V10 (same week last year).

-- ----------------------------------------------------------------------------------------------------------------
-- Status lookups shared by the views (the calendar helpers are in R__01_calendar.sql)
-- ----------------------------------------------------------------------------------------------------------------

-- The year whose thresholds (the year's ambition) apply to a period: a week's ISO year, so week 1 belongs to the
-- year it opens even when its Monday is in December; for every other period the year it ends in, which for
-- year-to-date and rolling periods is the current year.
CREATE OR REPLACE FUNCTION pks.ambition_year(period_kind text, period_start date, period_end date) RETURNS integer
    LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN period_kind = 'WEEK' THEN extract(isoyear FROM period_start)
                ELSE extract(year FROM period_end) END::integer
$$;

-- GREEN, YELLOW, RED or NONE for one figure. The threshold is the most specific row for the measure:
-- (unit, year) before (unit, any year) before (any unit, year) before (any unit, any year). Its basis picks the
-- figure compared: deviation_pct (percent of plan) or the actual value. HIGHER_IS_BETTER: RED when basis <= red_from,
-- YELLOW when basis <= yellow_from, else GREEN; LOWER_IS_BETTER: RED when basis >= red_from, YELLOW when
-- basis >= yellow_from, else GREEN. A boundary value takes the worse colour. NONE when there is no threshold or the
-- basis is unknown (no actual, or nothing planned to take a percentage of).
CREATE OR REPLACE FUNCTION pks.threshold_status(measure text, unit_id text, year integer,
                                                deviation_pct double precision, actual double precision)
    RETURNS text LANGUAGE sql STABLE AS $$
    SELECT coalesce((
        SELECT CASE
                   WHEN b.basis IS NULL THEN 'NONE'
                   WHEN t.direction = 'HIGHER_IS_BETTER' AND b.basis <= t.red_from THEN 'RED'
                   WHEN t.direction = 'HIGHER_IS_BETTER' AND b.basis <= t.yellow_from THEN 'YELLOW'
                   WHEN t.direction = 'LOWER_IS_BETTER' AND b.basis >= t.red_from THEN 'RED'
                   WHEN t.direction = 'LOWER_IS_BETTER' AND b.basis >= t.yellow_from THEN 'YELLOW'
                   ELSE 'GREEN'
               END
        FROM pks.threshold t
        CROSS JOIN LATERAL (SELECT CASE t.basis WHEN 'DEVIATION_PCT' THEN $4 ELSE $5 END) AS b (basis)
        WHERE t.measure = $1 AND t.unit_id IN ($2, '*') AND t.year IN ($3, 0)
        -- false sorts before true: a unit's own row before the default, then a year's own row before "any year"
        ORDER BY t.unit_id = '*', t.year = 0
        LIMIT 1), 'NONE')
$$;

-- ----------------------------------------------------------------------------------------------------------------
-- Which plan: the current one or the adopted one (V21, docs/plans-and-units-api.md, "Plan versions")
-- ----------------------------------------------------------------------------------------------------------------

-- The plan the transaction compares with: 'adopted' in a transaction that has set pks.plan_basis to it (SELECT
-- set_config('pks.plan_basis', 'adopted', true)), else 'current'. The API sets it for plan=adopted.
CREATE OR REPLACE FUNCTION pks.plan_basis() RETURNS text LANGUAGE sql STABLE AS $$
    SELECT coalesce(nullif(current_setting('pks.plan_basis', true), ''), 'current')
$$;

-- Both plans, told apart by basis: 'current' (pks.plan) and 'adopted' (the table pks.adopted_plan, V21). The period
-- views below are built on this, each as a *_by_basis view with the column basis; a view of the same name without
-- the suffix is its rows of the transaction's plan (pks.plan_basis()), so without the setting every view reads the
-- current plan exactly as before, and a query on a *_by_basis view names the plan with WHERE basis = '...'.
-- Why the basis is a constant column of each branch and filtered outside the UNION ALL rather than a WHERE in each
-- branch: PostgreSQL flattens a UNION ALL into its tables only when no branch has a WHERE of its own. With one per
-- branch the planner kept the union whole, could no longer reach the plan rows of one unit by the primary key, and
-- read every plan row of the period instead: the region's rollups took twice as long (docs/benchmarks.md, "Plan
-- versions on the read side"). A filter on basis from outside reaches each branch through the period views (basis is
-- a grouping column of each), where it is a one-time test (pks.plan_basis()) or a constant that removes the other
-- branch from the plan ('adopted'), and each table keeps its index.
CREATE VIEW pks.plan_by_basis AS
SELECT 'current'::text AS basis, unit_id, measure, plan_kind, granularity, period_start, value FROM pks.plan
UNION ALL
SELECT 'adopted', unit_id, measure, plan_kind, granularity, period_start, value FROM pks.adopted_plan;

-- The plan rows of the transaction's plan.
CREATE VIEW pks.plan_in_use AS
SELECT unit_id, measure, plan_kind, granularity, period_start, value
FROM pks.plan_by_basis
WHERE basis = pks.plan_basis();

-- ----------------------------------------------------------------------------------------------------------------
-- Actuals per period kind
-- ----------------------------------------------------------------------------------------------------------------

-- Weeks and months as the stream stored them; tertials, years, year to date and rolling 12 months built from the
-- stored months (a month's figure is exact, whereas a week can straddle two months); rolling 4 weeks from the
-- stored weeks. period_end is the last day of the period (inclusive); for the cumulative kinds it is the as-of day.
-- region_id is the unit's region in the register (pks.unit), null for a unit not in it.
-- Why one branch per period kind, and the region: a dashboard asks for one period kind of one region. A filter on
-- period_kind then leaves out every other branch, the cumulative kinds read only their months (an index range on
-- the as-of day), and a filter on region_id reaches the stored rows through the register, so a region's figures
-- are computed from its own units' rows instead of the whole country's (docs/benchmarks.md, "The read side at
-- national size").
CREATE VIEW pks.period_actual AS
WITH row_in_period AS (
    SELECT v.unit_id, v.measure, v.period_start AS row_start, v.value, v.numerator, v.denominator,
           'TERTIAL'::text AS period_kind, pks.tertial_start(v.period_start) AS period_start,
           (pks.tertial_start(v.period_start) + interval '4 months')::date - 1 AS period_end, u.region_id
    FROM pks.measure_value v
    LEFT JOIN pks.unit u ON u.unit_id = v.unit_id
    WHERE v.granularity = 'MONTH'
    UNION ALL
    SELECT v.unit_id, v.measure, v.period_start, v.value, v.numerator, v.denominator,
           'YEAR', pks.year_start(v.period_start), (pks.year_start(v.period_start) + interval '1 year')::date - 1,
           u.region_id
    FROM pks.measure_value v
    LEFT JOIN pks.unit u ON u.unit_id = v.unit_id
    WHERE v.granularity = 'MONTH'
    UNION ALL
    SELECT v.unit_id, v.measure, v.period_start, v.value, v.numerator, v.denominator,
           'YEAR_TO_DATE', pks.year_start(pks.as_of_date()), pks.as_of_date(), u.region_id
    FROM pks.measure_value v
    LEFT JOIN pks.unit u ON u.unit_id = v.unit_id
    WHERE v.granularity = 'MONTH' AND v.period_start BETWEEN pks.year_start(pks.as_of_date()) AND pks.as_of_date()
    UNION ALL
    SELECT v.unit_id, v.measure, v.period_start, v.value, v.numerator, v.denominator,
           'ROLLING_12_MONTHS', (pks.month_start(pks.as_of_date()) - interval '11 months')::date, pks.as_of_date(),
           u.region_id
    FROM pks.measure_value v
    LEFT JOIN pks.unit u ON u.unit_id = v.unit_id
    WHERE v.granularity = 'MONTH'
      AND v.period_start BETWEEN (pks.month_start(pks.as_of_date()) - interval '11 months')::date
                             AND pks.as_of_date()
    UNION ALL
    SELECT v.unit_id, v.measure, v.period_start, v.value, v.numerator, v.denominator,
           'ROLLING_4_WEEKS', pks.week_start(pks.as_of_date()) - 21, pks.as_of_date(), u.region_id
    FROM pks.measure_value v
    LEFT JOIN pks.unit u ON u.unit_id = v.unit_id
    WHERE v.granularity = 'WEEK' AND v.period_start BETWEEN pks.week_start(pks.as_of_date()) - 21 AND pks.as_of_date()
)
SELECT v.granularity AS period_kind, v.period_start,
       CASE v.granularity WHEN 'WEEK' THEN v.period_start + 6
                          ELSE (v.period_start + interval '1 month')::date - 1 END AS period_end,
       v.unit_id, v.measure, v.value, v.numerator, v.denominator, u.region_id
FROM pks.measure_value v
LEFT JOIN pks.unit u ON u.unit_id = v.unit_id
UNION ALL
SELECT s.period_kind, s.period_start, s.period_end, s.unit_id, s.measure,
       CASE s.kind
           WHEN 'COUNT' THEN s.total
           -- The rate of the summed parts, not the mean of the monthly rates.
           WHEN 'RATIO' THEN CASE WHEN s.all_parts THEN s.numerator / nullif(s.denominator, 0) END
           -- A level: where it stood at the end of the period, i.e. in its last month (or week) with a figure.
           WHEN 'STOCK' THEN s.last_value
       END,
       CASE WHEN s.kind = 'RATIO' AND s.all_parts THEN s.numerator END,
       CASE WHEN s.kind = 'RATIO' AND s.all_parts THEN s.denominator END,
       s.region_id
FROM (
    SELECT r.period_kind, r.period_start, r.period_end, r.unit_id, r.measure, c.kind, r.region_id,
           sum(r.value) AS total,
           (array_agg(r.value ORDER BY r.row_start DESC))[1] AS last_value,
           sum(r.numerator) AS numerator,
           sum(r.denominator) AS denominator,
           -- A month stored without its parts would silently drop out of both sums: the rate is then unknown
           -- rather than wrong.
           bool_and(r.numerator IS NOT NULL AND r.denominator IS NOT NULL) AS all_parts
    FROM row_in_period r
    JOIN pks.measure_catalogue c USING (measure)
    -- the unit determines its region, so grouping by it too changes no group
    GROUP BY r.period_kind, r.period_start, r.period_end, r.unit_id, r.measure, c.kind, r.region_id
) AS s;

-- ----------------------------------------------------------------------------------------------------------------
-- Expected values per period kind
-- ----------------------------------------------------------------------------------------------------------------

-- Plans cut into pieces that each lie within one calendar month, so that any period made of whole days can take
-- the part of each plan that falls inside it. A monthly plan is one piece. A weekly plan is one piece, or two when
-- its week straddles a month boundary (Mon 28 Apr - Sun 4 May 2025: 3 days in April, 4 in May). A month that has a
-- monthly plan of its own takes that and leaves out the weekly plans in it: plans of the period's own granularity
-- come first, weekly plans fill in where there are none. plan_days is the length of the whole plan the piece comes
-- from, so a count spreads evenly over it (value / plan_days per day); plan_start is where that plan starts;
-- region_id is the unit's region in the register (null for a unit not in it), joined here, next to the plans, so
-- that a filter on it picks a region's plans by unit before they are cut into pieces. Both plans (basis).
CREATE VIEW pks.plan_piece AS
SELECT p.basis, p.unit_id, p.measure, p.plan_kind, p.value,
       p.period_start AS piece_start,
       (p.period_start + interval '1 month')::date AS piece_end,
       (p.period_start + interval '1 month')::date - p.period_start AS plan_days,
       p.period_start AS plan_start, u.region_id
FROM pks.plan_by_basis p
LEFT JOIN pks.unit u ON u.unit_id = p.unit_id
WHERE p.granularity = 'MONTH'
UNION ALL
SELECT p.basis, p.unit_id, p.measure, p.plan_kind, p.value,
       greatest(p.period_start, m.month_start),
       least(p.period_start + 7, (m.month_start + interval '1 month')::date),
       7, p.period_start, u.region_id
FROM pks.plan_by_basis p
LEFT JOIN pks.unit u ON u.unit_id = p.unit_id
-- the month the week starts in, and the one it ends in when that is another
CROSS JOIN LATERAL (VALUES (pks.month_start(p.period_start)),
                           (nullif(pks.month_start(p.period_start + 6), pks.month_start(p.period_start))))
    AS m (month_start)
WHERE p.granularity = 'WEEK' AND m.month_start IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM pks.plan_by_basis own
                  WHERE own.basis = p.basis AND own.granularity = 'MONTH' AND own.unit_id = p.unit_id
                    AND own.measure = p.measure AND own.plan_kind = p.plan_kind AND own.period_start = m.month_start);

-- What was planned for each period. Weeks and rolling 4 weeks come from weekly plans only; months, tertials, years,
-- year to date and rolling 12 months from the plan pieces above (monthly plans where given, weekly plans pro rata by
-- day elsewhere). The cumulative kinds end on the as-of day, so they expect the plan up to now, not the whole
-- period's: the current month or week counts pro rata for the days up to and including the as-of day.
-- How the overlapping plans combine depends on the measure's kind:
--   COUNT  the sum of each plan's share: value * days inside the period / days the plan covers;
--   RATIO  a plan is a level, not an amount: the mean of the plan values over the period's planned days (each value
--          weighted by the days it covers inside the period);
--   STOCK  a level at the end of the period: the value of the latest plan that covers a day of the period, to be
--          compared with the actual of the period's last month (an end-of-period level against a mean of levels
--          would call a planned fall of the waiting list a success or failure halfway through).
CREATE VIEW pks.period_expected_by_basis AS
-- Each plan piece with every period it overlaps; period_end is inclusive. One branch per period kind, as in
-- pks.period_actual; the cumulative kinds' branches say which pieces can overlap them (implied by days > 0 below),
-- so that they read only those.
WITH piece_in_period AS (
    SELECT x.basis, x.unit_id, x.measure, x.plan_kind, x.value, x.piece_start, x.piece_end, x.plan_days,
           'MONTH'::text AS period_kind, pks.month_start(x.piece_start) AS period_start,
           (pks.month_start(x.piece_start) + interval '1 month')::date - 1 AS period_end, x.region_id
    FROM pks.plan_piece x
    UNION ALL
    SELECT x.basis, x.unit_id, x.measure, x.plan_kind, x.value, x.piece_start, x.piece_end, x.plan_days,
           'TERTIAL', pks.tertial_start(x.piece_start),
           (pks.tertial_start(x.piece_start) + interval '4 months')::date - 1, x.region_id
    FROM pks.plan_piece x
    UNION ALL
    SELECT x.basis, x.unit_id, x.measure, x.plan_kind, x.value, x.piece_start, x.piece_end, x.plan_days,
           'YEAR', pks.year_start(x.piece_start), (pks.year_start(x.piece_start) + interval '1 year')::date - 1,
           x.region_id
    FROM pks.plan_piece x
    UNION ALL
    SELECT x.basis, x.unit_id, x.measure, x.plan_kind, x.value, x.piece_start, x.piece_end, x.plan_days,
           'YEAR_TO_DATE', pks.year_start(pks.as_of_date()), pks.as_of_date(), x.region_id
    FROM pks.plan_piece x
    WHERE x.piece_start <= pks.as_of_date() AND x.piece_end > pks.year_start(pks.as_of_date())
      -- implied by the two above (a piece lies within its plan, a plan within a month), and readable from the plans
      AND x.plan_start <= pks.as_of_date() AND x.plan_start > pks.year_start(pks.as_of_date()) - 31
    UNION ALL
    SELECT x.basis, x.unit_id, x.measure, x.plan_kind, x.value, x.piece_start, x.piece_end, x.plan_days,
           'ROLLING_12_MONTHS', (pks.month_start(pks.as_of_date()) - interval '11 months')::date, pks.as_of_date(),
           x.region_id
    FROM pks.plan_piece x
    WHERE x.piece_start <= pks.as_of_date()
      AND x.piece_end > (pks.month_start(pks.as_of_date()) - interval '11 months')::date
      AND x.plan_start <= pks.as_of_date()
      AND x.plan_start > (pks.month_start(pks.as_of_date()) - interval '11 months')::date - 31
    UNION ALL
    SELECT w.basis, w.unit_id, w.measure, w.plan_kind, w.value, w.period_start, w.period_start + 7, 7,
           'WEEK', w.period_start, w.period_start + 6, u.region_id
    FROM pks.plan_by_basis w
    LEFT JOIN pks.unit u ON u.unit_id = w.unit_id
    WHERE w.granularity = 'WEEK'
    UNION ALL
    SELECT w.basis, w.unit_id, w.measure, w.plan_kind, w.value, w.period_start, w.period_start + 7, 7,
           'ROLLING_4_WEEKS', pks.week_start(pks.as_of_date()) - 21, pks.as_of_date(), u.region_id
    FROM pks.plan_by_basis w
    LEFT JOIN pks.unit u ON u.unit_id = w.unit_id
    WHERE w.granularity = 'WEEK' AND w.period_start <= pks.as_of_date()
      AND w.period_start + 7 > pks.week_start(pks.as_of_date()) - 21
),
overlap AS (
    SELECT i.*, least(i.piece_end, i.period_end + 1) - greatest(i.piece_start, i.period_start) AS days
    FROM piece_in_period i
)
SELECT o.basis, o.period_kind, o.period_start, o.period_end, o.unit_id, o.measure, o.plan_kind,
       CASE c.kind
           -- numeric, so that a month's 31 thirty-firsts add up to exactly the month's plan
           WHEN 'COUNT' THEN sum(o.value::numeric * o.days / o.plan_days)::double precision
           WHEN 'RATIO' THEN (sum(o.value::numeric * o.days) / sum(o.days))::double precision
           WHEN 'STOCK' THEN (array_agg(o.value ORDER BY o.piece_start DESC))[1]
       END AS expected,
       o.region_id
FROM overlap o
JOIN pks.measure_catalogue c USING (measure)
WHERE o.days > 0
-- the unit determines its region, so grouping by it too changes no group
GROUP BY o.basis, o.period_kind, o.period_start, o.period_end, o.unit_id, o.measure, o.plan_kind, c.kind, o.region_id;

-- What the transaction's plan expects.
CREATE VIEW pks.period_expected AS
SELECT period_kind, period_start, period_end, unit_id, measure, plan_kind, expected, region_id
FROM pks.period_expected_by_basis
WHERE basis = pks.plan_basis();

-- ----------------------------------------------------------------------------------------------------------------
-- Actual against expected per unit, and status
-- ----------------------------------------------------------------------------------------------------------------

-- Every planned figure with its actual and the actual's parts, per unit: the common ground of period_deviation and
-- rollup_deviation. A count with no actual in a period that has begun is 0, as in pks.deviation: nothing happened.
-- Before the period begins it is unknown (null) rather than a shortfall of 100 %. A ratio or stock with no actual is
-- unknown.
CREATE VIEW pks.period_comparison_by_basis AS
SELECT e.basis, e.period_kind, e.period_start, e.period_end, e.unit_id, e.measure, c.kind AS measure_kind, e.plan_kind,
       CASE WHEN a.value IS NOT NULL THEN a.value
            WHEN c.kind = 'COUNT' AND e.period_start <= pks.as_of_date() THEN 0 END AS actual,
       a.numerator, a.denominator, e.expected, e.region_id
FROM pks.period_expected_by_basis e
JOIN pks.measure_catalogue c ON c.measure = e.measure
LEFT JOIN pks.period_actual a
       ON a.period_kind = e.period_kind AND a.period_start = e.period_start
      AND a.unit_id = e.unit_id AND a.measure = e.measure
      -- implied by the unit (it has one region), and the way a filter on the region reaches the actuals
      AND a.region_id = e.region_id
WHERE e.region_id IS NOT NULL
UNION ALL
-- units not in the register (no region): the same without it
SELECT e.basis, e.period_kind, e.period_start, e.period_end, e.unit_id, e.measure, c.kind AS measure_kind, e.plan_kind,
       CASE WHEN a.value IS NOT NULL THEN a.value
            WHEN c.kind = 'COUNT' AND e.period_start <= pks.as_of_date() THEN 0 END AS actual,
       a.numerator, a.denominator, e.expected, e.region_id
FROM pks.period_expected_by_basis e
JOIN pks.measure_catalogue c ON c.measure = e.measure
LEFT JOIN pks.period_actual a
       ON a.period_kind = e.period_kind AND a.period_start = e.period_start
      AND a.unit_id = e.unit_id AND a.measure = e.measure AND a.region_id IS NULL
WHERE e.region_id IS NULL;

CREATE VIEW pks.period_comparison AS
SELECT period_kind, period_start, period_end, unit_id, measure, measure_kind, plan_kind, actual, numerator,
       denominator, expected, region_id
FROM pks.period_comparison_by_basis
WHERE basis = pks.plan_basis();

-- Actual against expected per unit for every period kind, with its status; weekly rows say whether the week is a
-- low-production week in the unit's region (null for the other kinds). deviation_pct is percent of plan, null when
-- nothing was planned, like pks.deviation.
CREATE VIEW pks.period_deviation_by_basis AS
WITH compared AS (
    SELECT c.*, c.actual - c.expected AS deviation, 100 * (c.actual - c.expected) / nullif(c.expected, 0) AS pct
    FROM pks.period_comparison_by_basis c
)
SELECT basis, period_kind, period_start, period_end, unit_id, measure, plan_kind, actual, expected, deviation,
       pct AS deviation_pct,
       pks.threshold_status(measure, unit_id, pks.ambition_year(period_kind, period_start, period_end), pct, actual)
           AS status,
       CASE WHEN period_kind = 'WEEK' THEN pks.is_low_production_week(unit_id, period_start) END AS low_production
FROM compared;

CREATE VIEW pks.period_deviation AS
SELECT period_kind, period_start, period_end, unit_id, measure, plan_kind, actual, expected, deviation,
       deviation_pct, status, low_production
FROM pks.period_deviation_by_basis
WHERE basis = pks.plan_basis();

-- The stream's own weekly and monthly deviations with their status and, for weeks, the low-production flag.
CREATE VIEW pks.deviation_status AS
SELECT d.granularity, d.period_start, d.unit_id, d.measure, d.plan_kind, d.actual, d.expected, d.deviation,
       d.deviation_pct, d.updated_at,
       pks.threshold_status(d.measure, d.unit_id,
                            pks.ambition_year(d.granularity, d.period_start, d.period_start), d.deviation_pct,
                            d.actual) AS status,
       CASE WHEN d.granularity = 'WEEK' THEN pks.is_low_production_week(d.unit_id, d.period_start) END
           AS low_production
FROM pks.deviation d;

-- ----------------------------------------------------------------------------------------------------------------
-- Rollups
-- ----------------------------------------------------------------------------------------------------------------

-- Unit figures rolled up to the organisation (hospital or private provider), the region, and own vs private
-- (OWNERSHIP: PUBLIC or PRIVATE within a region), for every period kind, measure and plan kind. Only units in the
-- register (pks.unit) and only planned figures take part, so actual and expected cover the same units.
--   counts, stocks and staffed_beds: summed over units (a hospital's staffed beds are the sum of its wards' mean
--     staffed beds, its waiting list the sum of its units' lists);
--   other ratios: recomputed from their parts, sum(numerator) / sum(denominator), never the mean of unit rates. The
--     expected rate is the units' planned rates weighted by their actual denominators (the rate the group would
--     have had if every unit had met its plan with the volume it had), or their plain mean where no unit has an
--     actual yet.
-- Status uses the thresholds for any unit ('*').
CREATE VIEW pks.rollup_deviation_by_basis AS
WITH unit_in_group AS (
    -- the region from pks.period_comparison, not from u: a filter on it then reaches the units' rows
    SELECT c.*, g.level, g.group_id, g.group_name,
           c.measure_kind = 'RATIO' AND c.measure <> 'staffed_beds' AS rate_of_parts
    FROM pks.period_comparison_by_basis c
    JOIN pks.unit u ON u.unit_id = c.unit_id
    CROSS JOIN LATERAL (VALUES
        ('ORGANISATION', u.organisation_id, u.organisation_name),
        ('REGION', u.region_id, u.region_id),
        ('OWNERSHIP', u.ownership, u.ownership)
    ) AS g (level, group_id, group_name)
),
grouped AS (
    SELECT basis, level, region_id, group_id, max(group_name) AS group_name, period_kind, period_start, period_end,
           measure, plan_kind,
           CASE WHEN rate_of_parts THEN sum(numerator) / nullif(sum(denominator), 0)
                ELSE sum(actual) END AS actual,
           CASE WHEN rate_of_parts THEN coalesce(sum(expected * denominator) / nullif(sum(denominator), 0),
                                                 avg(expected))
                ELSE sum(expected) END AS expected
    FROM unit_in_group
    GROUP BY basis, level, region_id, group_id, period_kind, period_start, period_end, measure, plan_kind,
             rate_of_parts
),
compared AS (
    SELECT g.*, g.actual - g.expected AS deviation, 100 * (g.actual - g.expected) / nullif(g.expected, 0) AS pct
    FROM grouped g
)
SELECT basis, level, region_id, group_id, group_name, period_kind, period_start, period_end, measure, plan_kind,
       actual, expected, deviation, pct AS deviation_pct,
       pks.threshold_status(measure, '*', pks.ambition_year(period_kind, period_start, period_end), pct, actual)
           AS status
FROM compared;

CREATE VIEW pks.rollup_deviation AS
SELECT level, region_id, group_id, group_name, period_kind, period_start, period_end, measure, plan_kind, actual,
       expected, deviation, deviation_pct, status
FROM pks.rollup_deviation_by_basis
WHERE basis = pks.plan_basis();

-- ----------------------------------------------------------------------------------------------------------------
-- Capacity use
-- ----------------------------------------------------------------------------------------------------------------

-- Capacity use: the actual against the planned capacity, where both exist, e.g. operation_hours against the
-- forecast theatre hours, or staffed_beds against the forecast staffed beds.
CREATE VIEW pks.capacity_utilisation AS
SELECT period_kind, period_start, period_end, unit_id, measure, actual, expected AS planned_capacity,
       actual / expected AS utilisation
FROM pks.period_deviation
WHERE plan_kind = 'CAPACITY_FORECAST' AND actual IS NOT NULL AND expected > 0;

CREATE VIEW pks.rollup_capacity_utilisation AS
SELECT level, region_id, group_id, group_name, period_kind, period_start, period_end, measure, actual,
       expected AS planned_capacity, actual / expected AS utilisation
FROM pks.rollup_deviation
WHERE plan_kind = 'CAPACITY_FORECAST' AND actual IS NOT NULL AND expected > 0;

-- ----------------------------------------------------------------------------------------------------------------
-- The same week last year (pks.same_week_last_year is in R__01_calendar.sql)
-- ----------------------------------------------------------------------------------------------------------------

-- Every stored weekly figure with the same week last year beside it: the value, the change and the relative change
-- (null when last year's value is 0 or missing).
CREATE VIEW pks.weekly_value_vs_last_year AS
SELECT v.unit_id, v.measure, v.period_start AS week_start,
       extract(isoyear FROM v.period_start)::integer AS iso_year,
       extract(week FROM v.period_start)::integer AS iso_week,
       v.value, pks.same_week_last_year(v.period_start) AS last_year_week_start, ly.value AS last_year_value,
       v.value - ly.value AS change, (v.value - ly.value) / nullif(ly.value, 0) AS change_pct
FROM pks.measure_value v
LEFT JOIN pks.measure_value ly ON ly.granularity = 'WEEK' AND ly.unit_id = v.unit_id AND ly.measure = v.measure
                              AND ly.period_start = pks.same_week_last_year(v.period_start)
WHERE v.granularity = 'WEEK';

-- ----------------------------------------------------------------------------------------------------------------
-- Year-end projections against either plan
-- ----------------------------------------------------------------------------------------------------------------

-- The units' year-end projections against both plans: 'current' (pks.projection) and 'adopted'
-- (pks.adopted_projection, V25), both computed by the sink's refresher, the adopted one with the adopted plan's run
-- rate and annual target (docs/status-projection-queues.md). status is the projected year's deviation against the
-- unit's thresholds of the year (pks.threshold_status). Unfiltered branches, as pks.plan_by_basis.
CREATE VIEW pks.projection_by_basis AS
WITH both_plans AS (
    SELECT 'current'::text AS basis, unit_id, measure, year, weeks_elapsed, actual_to_date, plan_to_date,
           annual_target, projected, deviation, deviation_pct, updated_at, plan_granularity, elapsed_through,
           standard_error, interval_low, interval_high
    FROM pks.projection
    UNION ALL
    SELECT 'adopted', unit_id, measure, year, weeks_elapsed, actual_to_date, plan_to_date, annual_target, projected,
           deviation, deviation_pct, updated_at, plan_granularity, elapsed_through, standard_error, interval_low,
           interval_high
    FROM pks.adopted_projection
)
SELECT p.*, pks.threshold_status(p.measure, p.unit_id, p.year, p.deviation_pct, p.projected) AS status
FROM both_plans p;

-- The projections of the transaction's plan (pks.plan_basis()): what /api/v1/projections reads, through
-- pks.projection_quality.
CREATE VIEW pks.projection_in_use AS
SELECT unit_id, measure, year, weeks_elapsed, actual_to_date, plan_to_date, annual_target, projected, deviation,
       deviation_pct, updated_at, plan_granularity, elapsed_through, standard_error, interval_low, interval_high, status
FROM pks.projection_by_basis
WHERE basis = pks.plan_basis();

-- Where each organisation (hospital or private provider) ends the year at today's pace: its units' projections
-- (pks.projection_by_basis, per unit, count measure and year, against either plan) summed. A count adds up over
-- units, so the organisation's projected year is the sum of its units' projected years and its annual target the sum
-- of their targets. While one unit has no projection yet (no plan up to now to scale by), the organisation's
-- projected year is unknown (null) rather than the sum of the others, which would read as a shortfall. status is the
-- projected year's deviation against the measure's thresholds for any unit (pks.threshold_status), as in
-- pks.rollup_deviation.
CREATE VIEW pks.organisation_projection_by_basis AS
WITH summed AS (
    SELECT p.basis, u.region_id, u.organisation_id, u.organisation_name, p.measure, p.year,
           count(*) AS units,
           sum(p.actual_to_date) AS actual_to_date,
           sum(p.plan_to_date) AS plan_to_date,
           sum(p.annual_target) AS annual_target,
           -- the projected year only when every unit has one
           CASE WHEN count(p.projected) = count(*) THEN sum(p.projected) END AS projected
    FROM pks.projection_by_basis p
    JOIN pks.unit u USING (unit_id)
    GROUP BY p.basis, u.region_id, u.organisation_id, u.organisation_name, p.measure, p.year
)
SELECT s.*, s.projected - s.annual_target AS deviation, d.deviation_pct,
       pks.threshold_status(s.measure, '*', s.year, d.deviation_pct, s.projected) AS status
FROM summed s
CROSS JOIN LATERAL (SELECT 100 * (s.projected - s.annual_target) / nullif(s.annual_target, 0) AS deviation_pct) AS d;

CREATE VIEW pks.organisation_projection AS
SELECT region_id, organisation_id, organisation_name, measure, year, units, actual_to_date, plan_to_date,
       annual_target, projected, deviation, deviation_pct, status
FROM pks.organisation_projection_by_basis
WHERE basis = pks.plan_basis();

-- The waiting list's capacity and mean wait, in all and per guarantee type, published for the queue figures.
INSERT INTO pks.measure_catalogue (measure, kind, direction, unit_of_measure, description) VALUES
    ('removals', 'COUNT', 'HIGHER_IS_BETTER', 'patients',
     'Waiting-list entries removed in the period (performed, cancelled or transferred): the list''s capacity'),
    ('mean_wait_days', 'RATIO', 'LOWER_IS_BETTER', 'days',
     'Mean days waited since waitingSince by the entries waiting at the end of the period: days summed / entries'),
    ('referrals_in_first_visit', 'COUNT', 'NEUTRAL', 'referrals', 'referrals_in of the first-visit list'),
    ('referrals_in_treatment', 'COUNT', 'NEUTRAL', 'referrals', 'referrals_in of the treatment list'),
    ('removals_first_visit', 'COUNT', 'HIGHER_IS_BETTER', 'patients', 'removals from the first-visit list'),
    ('removals_treatment', 'COUNT', 'HIGHER_IS_BETTER', 'patients', 'removals from the treatment list'),
    ('waiting_count_first_visit', 'STOCK', 'LOWER_IS_BETTER', 'patients', 'waiting_count of the first-visit list'),
    ('waiting_count_treatment', 'STOCK', 'LOWER_IS_BETTER', 'patients', 'waiting_count of the treatment list'),
    ('mean_wait_days_first_visit', 'RATIO', 'LOWER_IS_BETTER', 'days', 'mean_wait_days of the first-visit list'),
    ('mean_wait_days_treatment', 'RATIO', 'LOWER_IS_BETTER', 'days', 'mean_wait_days of the treatment list');

-- Signals and queues, kept by the database sink in the same transaction as the weekly figures they are computed
-- from, so they always describe the figures next to them.

-- One XmR chart per unit and measure over its weekly values.
CREATE TABLE pks.spc_chart (
    unit_id              text             NOT NULL,
    measure              text             NOT NULL,
    centre               double precision,
    lower_limit          double precision,
    upper_limit          double precision,
    average_moving_range double precision,
    trial_limits         boolean          NOT NULL,
    target               double precision,
    assurance            text             NOT NULL CHECK (assurance IN ('PASS', 'FAIL', 'HIT_OR_MISS', 'NONE')),
    points               integer          NOT NULL,
    baseline_points      integer          NOT NULL,
    updated_at           timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (unit_id, measure)
);

-- Every weekly point of a chart with the special-cause rule that marks it, if any.
CREATE TABLE pks.spc_point (
    unit_id        text             NOT NULL,
    measure        text             NOT NULL,
    week_start     date             NOT NULL,
    value          double precision NOT NULL,
    moving_range   double precision,
    centre         double precision,
    lower_limit    double precision,
    upper_limit    double precision,
    low_production boolean          NOT NULL,
    rule           text             NOT NULL CHECK (rule IN ('NONE', 'BEYOND_LIMIT', 'TREND', 'TWO_OF_THREE', 'SHIFT')),
    signal         text             NOT NULL CHECK (signal IN ('NONE', 'IMPROVEMENT', 'CONCERN', 'NEUTRAL')),
    PRIMARY KEY (unit_id, measure, week_start)
);

-- Waiting-list queue figures per unit, guarantee type and week over the trailing window (Fong et al. 2022). Rates
-- are patients per week, waits and the limit days, sizes patients.
CREATE TABLE pks.queue_status (
    unit_id            text             NOT NULL,
    guarantee          text             NOT NULL CHECK (guarantee IN ('FIRST_VISIT', 'TREATMENT')),
    week_start         date             NOT NULL,
    window_weeks       integer          NOT NULL,
    limit_days         double precision NOT NULL,
    queue_size         bigint           NOT NULL,
    mean_wait_days     double precision,
    demand             double precision NOT NULL,
    capacity           double precision NOT NULL,
    load               double precision,
    target_mean_wait   double precision NOT NULL,
    target_queue_size  double precision NOT NULL,
    queue_too_big      boolean          NOT NULL,
    relief_capacity    double precision,
    target_capacity    double precision,
    pressure           double precision,
    updated_at         timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (unit_id, guarantee, week_start)
);

-- Year-end projection per unit, count measure and year: the year-to-date outcome scaled by the plan's own weekly
-- shape (projected = actual to date / weekly TARGET plan to date * the year's weekly TARGET plan).
CREATE TABLE pks.projection (
    unit_id        text             NOT NULL,
    measure        text             NOT NULL,
    year           integer          NOT NULL,
    weeks_elapsed  integer          NOT NULL,
    actual_to_date double precision NOT NULL,
    plan_to_date   double precision NOT NULL,
    annual_target  double precision NOT NULL,
    projected      double precision,
    deviation      double precision,
    deviation_pct  double precision,
    updated_at     timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (unit_id, measure, year)
);

-- Series whose chart, projection or queue figures must be recomputed: written by the sink in the same transaction as the
-- figures that changed, consumed by the refresher. Being a table, a request survives a crash in between.
CREATE TABLE pks.refresh_request (
    kind    text NOT NULL CHECK (kind IN ('SERIES', 'QUEUE')),
    unit_id text NOT NULL,
    measure text NOT NULL DEFAULT '',
    PRIMARY KEY (kind, unit_id, measure)
);

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

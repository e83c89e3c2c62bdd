package se.pks.stream.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import se.pks.stream.deploy.GrafanaQueries;

/**
 * Every query of every Grafana dashboard (template variables, annotations and panels) answers with the columns its
 * panel is built for and at least one row, on the service with the demo region loaded, as an analyst opening the
 * dashboards on the local run sees them. The variables take values a user can pick in the demo (each checked against
 * the variable's own query) and the time range is the demo's whole span, 1 January last year to now.
 *
 * <p>Every panel has figures on the demo: the demo's registration errors (se.pks.stream.demo.ProviderMistakes)
 * give the rejections and the implausible figure, and the variables pick a unit whose chart has special causes.
 */
@QuarkusTest
@TestProfile(DemoRegionProfile.class)
@QuarkusTestResource(value = EmbeddedInfrastructureResource.class, restrictToAnnotatedClass = true)
class DemoRegionDashboardsTest {

    private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");

    /** Values every dashboard's variables take: the demo's region, its largest hospital, the region as a whole. */
    private static final Map<String, String> VARIABLES = Map.of(
            "region", "region-demo", "organisation", "org-sus", "measure", "first_visits", "granularity", "WEEK",
            "period_kind", "YEAR_TO_DATE", "level", "REGION", "group", "region-demo");

    /**
     * The unit each dashboard is looked at for: one its unit variable offers. The dermatology clinic's first visits
     * slide over the demo's time, so its SPC chart has special causes; the orthopaedic clinic has waiting lists and an
     * inflow forecast; the medical ward has capacity forecasts and reports daily.
     */
    private static final Map<String, String> UNIT = Map.of(
            "pks-unit-follow-up", "sus-hud-mott", "pks-waiting-lists", "sus-ort-mott", "pks-inflow", "sus-ort-mott",
            "pks-capacity", "sus-med-avd", "pks-data-quality", "sus-med-avd");

    /** The columns each query returns, in order, as the panels' field overrides and the contract docs name them. */
    private static final Map<String, String> COLUMNS = Map.ofEntries(
            Map.entry("pks-balanced-scorecard / variable region", "region_id"),
            Map.entry("pks-balanced-scorecard / variable group", "__value,__text"),
            Map.entry("pks-balanced-scorecard / panel Traffic lights per perspective (${group:text}, $period_kind)", "perspective,green,yellow,red,no_status"),
            Map.entry("pks-balanced-scorecard / panel Patient: access and the care guarantee (${group:text}, $period_kind)", "indicator,measure,goal,period_start,actual,plan,deviation_pct,status"),
            Map.entry("pks-balanced-scorecard / panel Process: production against plan (${group:text}, $period_kind)", "indicator,measure,goal,period_start,actual,plan,deviation_pct,status"),
            Map.entry("pks-balanced-scorecard / panel Economy: capacity as planned (${group:text}, $period_kind)", "indicator,measure,goal,period_start,actual,plan,deviation_pct,status"),
            Map.entry("pks-balanced-scorecard / panel Every organisation by perspective ($period_kind)", "organisation,perspective,status,red,yellow,green"),
            Map.entry("pks-balanced-scorecard / panel Per cent of plan by month (${group:text})", "time,metric,value"),
            Map.entry("pks-capacity / variable region", "region_id"),
            Map.entry("pks-capacity / variable organisation", "__value,__text"),
            Map.entry("pks-capacity / variable unit", "__value,__text"),
            Map.entry("pks-capacity / annotation Low-production weeks", "time,timeend,text"),
            Map.entry("pks-capacity / panel Staffed beds vs forecast, ${organisation:text} ($granularity)", "time,staffed_beds,forecast"),
            Map.entry("pks-capacity / panel Bed occupancy, ${organisation:text} ($granularity)", "time,metric,value"),
            Map.entry("pks-capacity / panel Theatre hours vs forecast, ${organisation:text} ($granularity)", "time,theatre_hours,forecast"),
            Map.entry("pks-capacity / panel Capacity utilisation, ${unit:text} ($granularity)", "time,metric,value"),
            Map.entry("pks-capacity / panel Capacity utilisation per unit ($period_kind)", "unit,measure,period_start,actual,planned_capacity,utilisation"),
            Map.entry("pks-capacity / panel Organisations and the region ($period_kind)", "level,organisation,measure,period_start,actual,planned_capacity,utilisation"),
            Map.entry("pks-capacity / panel Key figures per unit ($period_kind)", "unit,period_start,operations_per_theatre_hour,discharges_per_staffed_bed,mean_length_of_stay_days,occupancy"),
            Map.entry("pks-data-quality / variable region", "region_id"),
            Map.entry("pks-data-quality / variable organisation", "__value,__text"),
            Map.entry("pks-data-quality / variable unit", "__value,__text"),
            Map.entry("pks-data-quality / panel Completeness and timeliness, ${unit:text} ($granularity)", "time,metric,value"),
            Map.entry("pks-data-quality / panel Records per day, ${organisation:text}", "time,received,accepted,rejected,duplicates,corrected,deleted,late"),
            Map.entry("pks-data-quality / panel Completeness and late share per unit and feed", "unit,feed,expected_reports,received_reports,completeness,accepted_events,late_share"),
            Map.entry("pks-data-quality / panel Missing reports, ${organisation:text}", "unit,feed,period_kind,period_start,deficiency"),
            Map.entry("pks-data-quality / panel Rejections by reason, ${organisation:text}", "feed,field,reason,records,units,first_day,last_day"),
            Map.entry("pks-data-quality / panel Late and corrected records per provider and feed", "provider,feed,received,accepted,rejected,duplicates,corrected,deleted,late,late_share"),
            Map.entry("pks-data-quality / panel Outliers, ${organisation:text}", "unit,measure,week_start,value,usual_level,modified_z"),
            Map.entry("pks-data-quality / panel Implausible figures, ${organisation:text}", "unit,measure,granularity,period_start,value,rule"),
            Map.entry("pks-data-quality / panel Known deficiencies next to the figures they affect ($granularity)", "unit,measure,plan_kind,period_start,actual,expected,deviation_pct,incomplete,flagged,deficiencies"),
            Map.entry("pks-inflow / variable region", "region_id"),
            Map.entry("pks-inflow / variable organisation", "__value,__text"),
            Map.entry("pks-inflow / variable unit", "__value,__text"),
            Map.entry("pks-inflow / annotation Low-production weeks", "time,timeend,text"),
            Map.entry("pks-inflow / panel Referrals in vs inflow forecast, ${unit:text} ($granularity)", "time,referrals_in,inflow_forecast"),
            Map.entry("pks-inflow / panel Cumulative referrals vs cumulative forecast this year, ${unit:text}", "time,cumulative_referrals,cumulative_forecast"),
            Map.entry("pks-inflow / panel Cumulative referrals vs cumulative forecast this year, ${organisation:text}", "time,cumulative_referrals,cumulative_forecast"),
            Map.entry("pks-inflow / panel Inflow by list: first visit and treatment, ${unit:text} ($granularity)", "time,first_visit,treatment"),
            Map.entry("pks-inflow / panel Inflow and outflow, ${unit:text} ($granularity)", "time,referrals_in,removals"),
            Map.entry("pks-inflow / panel Inflow vs forecast per unit ($period_kind)", "unit,period_start,referrals_in,inflow_forecast,deviation,deviation_pct"),
            Map.entry("pks-inflow / panel Inflow vs forecast per organisation ($period_kind)", "level,organisation,period_start,referrals_in,inflow_forecast,deviation_pct"),
            Map.entry("pks-own-vs-private / variable region", "region_id"),
            Map.entry("pks-own-vs-private / variable measure", "measure"),
            Map.entry("pks-own-vs-private / panel $measure: per cent of target, own vs private ($granularity)", "time,metric,value"),
            Map.entry("pks-own-vs-private / panel $measure: private providers' share ($granularity)", "time,private_share_actual,private_share_plan"),
            Map.entry("pks-own-vs-private / panel Own vs private side by side, every measure ($period_kind)", "measure,period_start,own_actual,own_plan,own_deviation_pct,own_status,private_actual,private_plan,private_deviation_pct,private_status"),
            Map.entry("pks-own-vs-private / panel Every provider: $measure ($period_kind)", "ownership,provider,period_start,actual,plan,deviation_pct,status"),
            Map.entry("pks-own-vs-private / panel Care guarantee compliance, own vs private ($granularity)", "time,metric,value"),
            Map.entry("pks-own-vs-private / panel Waiting lists, own vs private (latest week)", "ownership,guarantee,lists,waiting,referrals_per_week,removals_per_week,lists_under_pressure"),
            Map.entry("pks-strategic-overview / variable region", "region_id"),
            Map.entry("pks-strategic-overview / panel Organisations against target ($period_kind)", "organisation,measure,period_start,actual,expected,deviation_pct,status"),
            Map.entry("pks-strategic-overview / panel Own vs private providers ($period_kind)", "ownership,measure,actual,expected,deviation_pct,status"),
            Map.entry("pks-strategic-overview / panel Year-end projection at today's pace", "organisation,unit,measure,annual_target,projected,deviation_pct"),
            Map.entry("pks-strategic-overview / panel Figures resting on incomplete or suspicious data", "unit,measure,granularity,period_start,incomplete,flagged,deficiencies"),
            Map.entry("pks-unit-follow-up / variable unit", "__value,__text"),
            Map.entry("pks-unit-follow-up / variable measure", "measure"),
            Map.entry("pks-unit-follow-up / annotation Low-production weeks", "time,timeend,text"),
            Map.entry("pks-unit-follow-up / panel $measure: actual vs target ($granularity)", "time,actual,expected"),
            Map.entry("pks-unit-follow-up / panel Latest deviation per unit: $measure ($granularity)", "unit,organisation,plan_kind,period_start,actual,expected,deviation,deviation_pct,updated_at"),
            Map.entry("pks-unit-follow-up / panel $measure: cumulative vs cumulative plan, this year (weekly TARGET)", "time,cumulative_actual,cumulative_plan"),
            Map.entry("pks-unit-follow-up / panel $measure: SPC (XmR) on weekly values", "time,value,centre,lower_limit,upper_limit"),
            Map.entry("pks-unit-follow-up / panel $measure: special-cause signals", "week_start,value,rule,signal,low_production,assurance,trial_limits"),
            Map.entry("pks-waiting-lists / variable unit", "__value,__text"),
            Map.entry("pks-waiting-lists / panel Care guarantee and medical target compliance ($granularity)", "time,guarantee_compliance,medical_target_compliance"),
            Map.entry("pks-waiting-lists / panel Waiting vs waiting forecast ($granularity)", "time,waiting,forecast,over_limit"),
            Map.entry("pks-waiting-lists / panel Queue pressure and load (weekly, per guarantee type)", "time,metric,value"),
            Map.entry("pks-waiting-lists / panel Queue figures, latest week", "unit,guarantee,week_start,queue_size,target_queue_size,queue_too_big,demand_per_week,capacity_per_week,relief_capacity,target_capacity,pressure"));

    @Inject
    DataSource dataSource;

    @Test
    void everyDashboardQueryAnswersWithItsColumnsAndFiguresOnTheDemoRegion() throws SQLException {
        awaitSettledDemo();
        final GrafanaQueries.TimeRange demoSpan = new GrafanaQueries.TimeRange(
                LocalDate.now(STOCKHOLM).minusYears(1).withDayOfYear(1).atStartOfDay(STOCKHOLM).toInstant(),
                Instant.now());
        final List<String> failures = new ArrayList<>();
        final Set<String> checked = new HashSet<>();
        int queries = 0;
        try (Connection connection = dataSource.getConnection()) {
            for (final var file : GrafanaQueries.files()) {
                final var dashboard = GrafanaQueries.read(file);
                final Map<String, String> variables = new HashMap<>(VARIABLES);
                final String uid = dashboard.path("uid").asText();
                if (UNIT.containsKey(uid)) {
                    variables.put("unit", UNIT.get(uid));
                }
                for (final GrafanaQueries.Query query : GrafanaQueries.of(dashboard)) {
                    final String key = query.toString();
                    checked.add(key);
                    queries++;
                    final String sql = GrafanaQueries.expand(query.sql(), demoSpan, variables);
                    final Answer answer;
                    try {
                        answer = run(connection, sql);
                    } catch (final SQLException e) {
                        failures.add(key + ": " + e.getMessage());
                        continue;
                    }
                    if (!answer.columns().equals(COLUMNS.get(key))) {
                        failures.add(key + ": columns " + answer.columns() + ", expected " + COLUMNS.get(key));
                    }
                    if (answer.rows() == 0) {
                        failures.add(key + ": no rows");
                    }
                    if (query.kind() == GrafanaQueries.Kind.VARIABLE && variables.containsKey(query.name())
                            && !answer.firstColumn().contains(variables.get(query.name()))) {
                        failures.add(key + ": does not offer " + variables.get(query.name()) + ", the value the"
                                + " other queries were run with");
                    }
                }
            }
        }
        final Set<String> unknown = new HashSet<>(COLUMNS.keySet());
        unknown.removeAll(checked);
        assertTrue(unknown.isEmpty(), "expected columns for queries no dashboard has: " + unknown);
        assertTrue(queries >= 60, "expected the dashboards' queries, ran " + queries);
        assertTrue(failures.isEmpty(), failures.size() + " of " + queries + " queries:\n" + String.join("\n", failures));
    }

    private record Answer(String columns, int rows, Set<String> firstColumn) {
    }

    private static Answer run(final Connection connection, final String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            final ResultSetMetaData meta = result.getMetaData();
            final List<String> columns = new ArrayList<>();
            for (int column = 1; column <= meta.getColumnCount(); column++) {
                columns.add(meta.getColumnLabel(column));
            }
            int rows = 0;
            final Set<String> firstColumn = new HashSet<>();
            while (result.next()) {
                rows++;
                firstColumn.add(result.getString(1));
            }
            return new Answer(String.join(",", columns), rows, firstColumn);
        }
    }

    /**
     * Waits until the demo region is in and the figures have stopped moving: the loader has written the expected
     * reporting (its last step, after every record is acknowledged by the broker), the stream has a deviation for
     * every plan row, nothing waits for the refresher, and the stored figures and quality counts are the same
     * three polls in a row.
     */
    private void awaitSettledDemo() {
        final AtomicReference<String> previous = new AtomicReference<>("");
        final int[] sameInARow = {0};
        Awaitility.await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            final String state = query("""
                    SELECT (SELECT count(*) FROM pks.expected_reporting) || ' '
                        || (SELECT count(*) FROM pks.plan) || ' ' || (SELECT count(*) FROM pks.deviation) || ' '
                        || (SELECT count(*) FROM pks.refresh_request) || ' '
                        || (SELECT count(*) || ' ' || coalesce(max(updated_at)::text, '') FROM pks.measure_value) || ' '
                        || (SELECT coalesce(sum(received), 0) FROM pks.feed_quality) || ' '
                        || (SELECT count(*) FROM pks.spc_point) || ' ' || (SELECT count(*) FROM pks.queue_status)""");
            final String[] counts = state.split(" ");
            final boolean loaded = !counts[0].equals("0") && !counts[1].equals("0") && counts[1].equals(counts[2])
                    && counts[3].equals("0");
            sameInARow[0] = loaded && state.equals(previous.get()) ? sameInARow[0] + 1 : 0;
            previous.set(state);
            return sameInARow[0] >= 2;
        });
    }

    private String query(final String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            return result.next() ? result.getString(1) : null;
        }
    }
}

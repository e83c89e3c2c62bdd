package se.pks.stream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The dashboards read the way the issue "dashboards leadership reads at a glance" asks, checked on the JSON alone:
 * each rule here is a way a dashboard looked broken or meaningless before (a CRITICAL count shown green, raw column
 * names, statuses in colour only, a unit list that ignores the chosen organisation, a link to a panel that is not
 * there, last December in this year). The columns of each query come from grafana/query-columns.txt, which
 * GrafanaDashboardsTest checks against the schema.
 */
class DashboardLintTest {

    private static final Map<String, String> COLUMNS = GrafanaQueries.expectedColumns();
    private static final Set<String> STATUSES = Set.of("RED", "YELLOW", "GREEN", "NONE");
    /** Columns that name a unit or an organisation: a reader who sees one wants to open it. */
    private static final Set<String> PLACES = Set.of("unit", "organisation", "provider");
    private static final Pattern DASHBOARD_URL = Pattern.compile("^/d/([a-z0-9-]+)\\?(.*)$");
    /**
     * Goal lines: the panels whose figure has a goal that is a number, and the goal. 100 % of plan; the care
     * guarantee's 80 %; a queue's pressure and load of 1, above which the list will miss the guarantee or grow; all
     * planned capacity used; every expected report received.
     */
    private static final Map<String, Double> GOALS = Map.of(
            "pks-waiting-lists / Care guarantee and medical target compliance (${granularity:text})", 0.8,
            "pks-waiting-lists / Queue pressure and load (weekly, per guarantee type)", 1.0,
            "pks-own-vs-private / ${measure:text}: per cent of target, own vs private (${granularity:text})", 100.0,
            "pks-own-vs-private / Care guarantee compliance, own vs private (${granularity:text})", 0.8,
            "pks-balanced-scorecard / Per cent of plan by month (${group:text})", 100.0,
            "pks-capacity / Capacity utilisation, ${unit:text} (${granularity:text})", 1.0,
            "pks-data-quality / Completeness and timeliness, ${unit:text} (${granularity:text})", 1.0);

    private final Map<String, JsonNode> dashboards = new HashMap<>();
    private final Map<JsonNode, String> titles = new IdentityHashMap<>();

    DashboardLintTest() {
        for (final Path file : GrafanaQueries.files()) {
            final JsonNode dashboard = GrafanaQueries.read(file);
            dashboards.put(dashboard.path("uid").asText(), dashboard);
        }
    }

    @Test
    void everyColouredStatOrCellHasThresholdsOrColouredWords() {
        final List<String> failures = new ArrayList<>();
        for (final Shown shown : shownFields()) {
            final JsonNode panel = shown.panel();
            final boolean colouredStat = panel.path("type").asText().equals("stat")
                    && !panel.path("options").path("colorMode").asText("value").equals("none");
            final String cell = DashboardFields.property(panel, shown.field(), "custom.cellOptions").path("type")
                    .asText();
            if ((colouredStat || cell.startsWith("color-")) && !coloured(panel, shown.field())) {
                failures.add(shown + ": coloured without thresholds or coloured value mappings");
            }
        }
        // Prometheus stats have no listed columns: their panel-wide thresholds colour them
        for (final JsonNode panel : panels()) {
            if (panel.path("type").asText().equals("stat") && !panel.path("targets").path(0).has("rawSql")
                    && panel.at("/fieldConfig/defaults/thresholds/steps").size() < 2) {
                failures.add(title(panel) + ": a coloured stat without thresholds");
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void aStatusIsAWordAndASignAsWellAsAColour() {
        final List<String> failures = new ArrayList<>();
        int statuses = 0;
        for (final Shown shown : shownFields()) {
            final JsonNode options = DashboardFields.property(shown.panel(), shown.field(), "mappings")
                    .path(0).path("options");
            // an action's status (PLANNED, DONE...) is not a traffic light; no_status counts figures without one
            if (!shown.field().equals("status") && !shown.field().endsWith("_status")
                    || shown.field().equals("no_status") || options.has("PLANNED")) {
                continue;
            }
            statuses++;
            for (final String status : STATUSES) {
                final String text = options.path(status).path("text").asText();
                if (text.isBlank() || text.equals(status) || !text.matches("^\\S+ .*")) {
                    failures.add(shown + ": " + status + " is not mapped to a sign and a word (" + text + ")");
                }
                if (!status.equals("NONE") && !options.path(status).path("color").asText()
                        .equals(status.toLowerCase(Locale.ROOT))) {
                    failures.add(shown + ": " + status + " is not coloured " + status.toLowerCase(Locale.ROOT));
                }
            }
        }
        assertEquals(List.of(), failures);
        assertTrue(statuses >= 12, "status columns checked: " + statuses);
    }

    @Test
    void everyColumnShownHasAReadableName() {
        final List<String> failures = new ArrayList<>();
        for (final Shown shown : shownFields()) {
            if (shown.panel().path("type").asText().equals("table") && !matrix(shown.panel())
                    && DashboardFields.property(shown.panel(), shown.field(), "displayName").asText().isBlank()) {
                failures.add(shown + ": no display name");
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void everyTimeSeriesHasAUnitAndEveryTableOrStatSaysWhatEmptyMeans() {
        final List<String> failures = new ArrayList<>();
        for (final JsonNode panel : panels()) {
            final String type = panel.path("type").asText();
            if (type.equals("timeseries") && panel.at("/fieldConfig/defaults/unit").asText().isBlank()) {
                failures.add(title(panel) + ": a time series without a unit");
            }
            if (panel.path("targets").path(0).has("rawSql") && !type.equals("timeseries")
                    && panel.at("/fieldConfig/defaults/noValue").asText().isBlank()) {
                failures.add(title(panel) + ": no text for an empty answer");
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void aGoalIsDrawnAsADashedLineAtItsValue() {
        final List<String> failures = new ArrayList<>();
        final Set<String> found = new HashSet<>();
        for (final JsonNode panel : panels()) {
            final Double goal = GOALS.get(title(panel));
            if (goal == null) {
                continue;
            }
            found.add(title(panel));
            final JsonNode defaults = panel.path("fieldConfig").path("defaults");
            final JsonNode steps = defaults.path("thresholds").path("steps");
            if (!defaults.path("custom").path("thresholdsStyle").path("mode").asText().startsWith("dashed")
                    || steps.size() != 2 || steps.path(1).path("value").asDouble() != goal) {
                failures.add(title(panel) + ": no dashed goal line at " + goal);
            }
        }
        assertEquals(List.of(), failures);
        assertEquals(GOALS.keySet(), found, "every panel with a goal exists");
    }

    @Test
    void tablesNamingAUnitOrOrganisationLinkOnward() {
        final List<String> failures = new ArrayList<>();
        int places = 0;
        for (final Shown shown : shownFields()) {
            if (PLACES.contains(shown.field()) && shown.panel().path("type").asText().equals("table")) {
                places++;
                if (DashboardFields.property(shown.panel(), shown.field(), "links").isEmpty()) {
                    failures.add(shown + ": no data link");
                }
            }
        }
        assertEquals(List.of(), failures);
        assertTrue(places >= 20, "unit and organisation columns checked: " + places);
    }

    @Test
    void everyDataLinkOpensADashboardThatHasItsVariablesAndPanel() {
        final List<String> failures = new ArrayList<>();
        int links = 0;
        for (final JsonNode panel : panels()) {
            for (final JsonNode link : dataLinks(panel)) {
                links++;
                final String url = link.path("url").asText();
                // a report of the service (a benchmarking round's) is the one link that leaves Grafana
                if (url.startsWith("${pks_service}/api/v1/") && url.contains("/report?format=")) {
                    continue;
                }
                final Matcher target = DASHBOARD_URL.matcher(url);
                if (!target.matches() || !dashboards.containsKey(target.group(1))) {
                    failures.add(title(panel) + ": " + url + " opens no PKS dashboard");
                    continue;
                }
                final JsonNode dashboard = dashboards.get(target.group(1));
                for (final String parameter : target.group(2).split("&")) {
                    final String key = parameter.split("=", 2)[0];
                    if (key.startsWith("var-") && !variables(dashboard).contains(key.substring(4))) {
                        failures.add(title(panel) + ": " + target.group(1) + " has no variable " + key);
                    } else if (key.equals("viewPanel") && !panelIds(dashboard)
                            .contains(parameter.substring("viewPanel=".length()))) {
                        failures.add(title(panel) + ": " + target.group(1) + " has no panel " + parameter);
                    } else if (!key.startsWith("var-") && !key.equals("viewPanel")
                            && !parameter.equals("${__url_time_range}")) {
                        failures.add(title(panel) + ": unexpected " + parameter + " in " + url);
                    }
                }
                if (!url.contains("${__url_time_range}")) {
                    failures.add(title(panel) + ": " + url + " does not keep the time range");
                }
            }
        }
        assertEquals(List.of(), failures);
        assertTrue(links >= 40, "data links checked: " + links);
    }

    @Test
    void aDashboardThatShowsUnitsCascadesRegionOrganisationUnit() {
        final List<String> failures = new ArrayList<>();
        for (final JsonNode dashboard : dashboards.values()) {
            final List<String> names = new ArrayList<>(variables(dashboard));
            if (!names.contains("unit")) {
                continue;
            }
            final String uid = dashboard.path("uid").asText();
            final int region = names.indexOf("region");
            final int organisation = names.indexOf("organisation");
            if (region < 0 || organisation < region || names.indexOf("unit") < organisation) {
                failures.add(uid + ": variables " + names + " are not region, organisation, unit in that order");
                continue;
            }
            if (!variableQuery(dashboard, "organisation").contains("'$region'")) {
                failures.add(uid + ": the organisations do not follow the region");
            }
            if (!variableQuery(dashboard, "unit").contains("organisation_id = '$organisation'")) {
                failures.add(uid + ": the units do not follow the organisation");
            }
            // the link to the other dashboards carries the chosen region, organisation and unit
            if (!dashboard.path("links").path(0).path("includeVars").asBoolean()) {
                failures.add(uid + ": the PKS dashboards link does not carry the variables");
            }
        }
        assertEquals(List.of(), failures);
        assertTrue(dashboards.get("pks-unit-follow-up").toString().contains("\"name\":\"organisation\""),
                "the unit follow-up cascades");
    }

    @Test
    void timeMacrosAreTakenAsTheRegionsDates() {
        // Grafana sends its range as UTC timestamps; their date is the day before in Stockholm at local midnight
        final Pattern utcDate = Pattern.compile("\\$__time(From|To)\\(\\)::|\\$__timeFilter\\(");
        final List<String> failures = new ArrayList<>();
        for (final JsonNode dashboard : dashboards.values()) {
            for (final GrafanaQueries.Query query : GrafanaQueries.of(dashboard)) {
                if (utcDate.matcher(query.sql()).find()) {
                    failures.add(query + ": use pks.local_day($__timeFrom()) and pks.local_day($__timeTo())");
                }
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void choicesAndTitlesShowWordsNotCodes() {
        // YEAR_TO_DATE in a title or a drop-down reads as a code: a custom variable offers "text : value" pairs and a
        // title names a variable by its text
        final Pattern rawInTitle = Pattern.compile("\\$(period_kind|granularity|measure|level)\\b");
        final List<String> failures = new ArrayList<>();
        for (final JsonNode dashboard : dashboards.values()) {
            for (final JsonNode variable : dashboard.path("templating").path("list")) {
                if (variable.path("type").asText().equals("custom")) {
                    for (final String option : variable.path("query").asText().split(",")) {
                        if (!option.matches("[^:]+ : [A-Z0-9_]+")) {
                            failures.add(dashboard.path("uid").asText() + " / " + variable.path("name").asText()
                                    + ": \"" + option + "\" is not \"words : VALUE\"");
                        }
                    }
                }
            }
        }
        for (final JsonNode panel : panels()) {
            if (rawInTitle.matcher(panel.path("title").asText()).find()) {
                failures.add(title(panel) + ": name the variable by its text, ${name:text}");
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void everyPanelFollowsTheChosenPlace() {
        // a panel of a dashboard with a region, organisation or unit to choose shows that place's figures, unless its
        // title says it is about every organisation
        final Pattern place = Pattern.compile("\\$\\{?(region|organisation|unit|group)\\b");
        final List<String> failures = new ArrayList<>();
        for (final JsonNode dashboard : dashboards.values()) {
            final Set<String> variables = variables(dashboard);
            if (variables.stream().noneMatch(Set.of("region", "organisation", "unit")::contains)) {
                continue;
            }
            for (final GrafanaQueries.Query query : GrafanaQueries.of(dashboard)) {
                if (query.kind() == GrafanaQueries.Kind.PANEL && !query.name().contains("(all organisations)")
                        && !place.matcher(query.sql()).find()) {
                    failures.add(query + ": ignores the chosen region, organisation and unit");
                }
            }
        }
        assertEquals(List.of(), failures);
    }

    /**
     * The Plan switch (variable plan: the current or the adopted plan) means what it says. On a dashboard that has it,
     * a panel that compares with a plan either reads a view of both plans and keeps to the chosen one
     * (basis = lower('$plan'), the choice being CURRENT or ADOPTED), or says in its description why the switch does
     * not change it ("The Plan switch does not change ..."); a panel that names the switch reads a view that holds both plans. Dashboards that compare with a
     * plan and have no switch are listed, so that adding a plan panel elsewhere is a decision.
     */
    @Test
    void aPanelOnADashboardWithThePlanSwitchFollowsItOrSaysWhyNot() {
        // what compares with a plan: the period and rollup views (per transaction's plan, or *_by_basis with both),
        // the stream's deviations, the projections, the scorecard, capacity use, the SPC chart's target
        final Pattern comparesWithPlan = Pattern.compile("pks\\.(period_deviation|rollup_deviation|deviation|"
                + "deviation_status|deviation_quality|adopted_deviation_quality|period_comparison|period_expected|"
                + "projection|organisation_projection|rollup_projection|projection_quality|scorecard|"
                + "scorecard_quality|capacity_utilisation|rollup_capacity_utilisation|spc_chart|plan|plan_in_use)"
                + "(_quality|_by_basis)?\\b");
        final Pattern bothPlans = Pattern.compile("pks\\.\\w+_by_basis\\b");
        final Pattern followsSwitch = Pattern.compile("\\bbasis = lower\\('\\$(plan|\\{plan})'\\)");
        final List<String> failures = new ArrayList<>();
        final Set<String> comparingWithoutSwitch = new java.util.TreeSet<>();
        for (final JsonNode dashboard : dashboards.values()) {
            final boolean hasSwitch = variables(dashboard).contains("plan");
            for (final GrafanaQueries.Query query : GrafanaQueries.of(dashboard)) {
                if (query.kind() != GrafanaQueries.Kind.PANEL || !comparesWithPlan.matcher(query.sql()).find()) {
                    continue;
                }
                if (!hasSwitch) {
                    comparingWithoutSwitch.add(query.dashboard());
                    continue;
                }
                final boolean follows = followsSwitch.matcher(query.sql()).find();
                final boolean saysWhyNot = query.panel().path("description").asText()
                        .contains("The Plan switch does not change");
                if (follows == saysWhyNot) {
                    failures.add(query + (follows ? ": follows the Plan switch and says it does not"
                            : ": compares with a plan, neither follows the Plan switch nor says why not"));
                }
                if (follows && !bothPlans.matcher(query.sql()).find()) {
                    failures.add(query + ": names the Plan switch but reads no view that holds both plans");
                }
            }
        }
        assertEquals(List.of(), failures);
        // the switch is on the strategic overview, own vs private and the unit follow-up; these compare with the
        // current plan only (docs/plans-and-units-api.md says so)
        assertEquals(Set.of("pks-balanced-scorecard", "pks-capacity", "pks-data-quality", "pks-inflow",
                "pks-waiting-lists"), comparingWithoutSwitch);
        for (final String uid : List.of("pks-strategic-overview", "pks-own-vs-private", "pks-unit-follow-up")) {
            final JsonNode plan = variable(dashboards.get(uid), "plan");
            assertEquals("Plan", plan.path("label").asText(), uid);
            assertEquals("CURRENT", plan.path("current").path("value").asText(), uid + ": the current plan first");
            assertEquals(List.of("Current plan=CURRENT", "Adopted plan=ADOPTED"), options(plan), uid);
        }
    }

    private static JsonNode variable(final JsonNode dashboard, final String name) {
        for (final JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("name").asText().equals(name)) {
                return variable;
            }
        }
        throw new AssertionError(dashboard.path("uid").asText() + " has no variable " + name);
    }

    private static List<String> options(final JsonNode variable) {
        final List<String> options = new ArrayList<>();
        variable.path("options").forEach(option -> options.add(option.path("text").asText() + "="
                + option.path("value").asText()));
        return options;
    }

    @Test
    void operationsShowsRecordsPerSecondConsumerLagCpuAndGarbageCollection() {
        final JsonNode operations = dashboards.get("pks-operations");
        final String promQl = operations.findValues("expr").toString();
        for (final String metric : List.of("kafka_consumer_fetch_manager_records_lag_max", "process_cpu_usage",
                "jvm_gc_pause_seconds_sum")) {
            assertTrue(promQl.contains(metric), "the operations dashboard shows " + metric);
        }
        for (final JsonNode panel : GrafanaQueries.panels(operations)) {
            final String unit = panel.at("/fieldConfig/defaults/unit").asText();
            // records are not HTTP requests: reqps would label the ingest rate "req/s"
            assertFalse(unit.equals("reqps"), panel.path("title").asText() + " counts records, not requests");
            if (panel.path("title").asText().contains("per second") && panel.toString().contains("records")) {
                assertEquals("suffix:records/s", unit, panel.path("title").asText());
            }
        }
    }

    /** One column a panel shows: a listed column of its query that is not hidden (and is a stat's field). */
    private record Shown(String where, JsonNode panel, String field) {
        @Override
        public String toString() {
            return where + " / " + field;
        }
    }

    private List<Shown> shownFields() {
        final List<Shown> shown = new ArrayList<>();
        for (final JsonNode dashboard : dashboards.values()) {
            for (final GrafanaQueries.Query query : GrafanaQueries.of(dashboard)) {
                final String columns = COLUMNS.get(query.toString());
                if (query.kind() != GrafanaQueries.Kind.PANEL || query.timeSeries() || columns == null) {
                    continue;
                }
                final String fields = query.panel().path("options").path("reduceOptions").path("fields").asText();
                for (final String column : columns.split(",")) {
                    final boolean statField = !query.panelType().equals("stat") || fields.isEmpty()
                            || Pattern.compile(fields.substring(1, fields.length() - 1)).matcher(column).find();
                    if (statField && !DashboardFields.hidden(query.panel(), column)) {
                        shown.add(new Shown(query.toString(), query.panel(), column));
                    }
                }
            }
        }
        return shown;
    }

    private static boolean coloured(final JsonNode panel, final String field) {
        if (DashboardFields.property(panel, field, "thresholds").path("steps").size() >= 2) {
            return true;
        }
        for (final JsonNode mapping : DashboardFields.property(panel, field, "mappings")) {
            for (final JsonNode result : mapping.path("options")) {
                if (result.has("color")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean matrix(final JsonNode panel) {
        return panel.path("transformations").toString().contains("groupingToMatrix");
    }

    /** Every panel but rows, with the uid of its dashboard for the messages. */
    private List<JsonNode> panels() {
        final List<JsonNode> panels = new ArrayList<>();
        for (final JsonNode dashboard : dashboards.values()) {
            for (final JsonNode panel : GrafanaQueries.panels(dashboard)) {
                if (!panel.path("type").asText().equals("row")) {
                    titles.put(panel, dashboard.path("uid").asText() + " / " + panel.path("title").asText());
                    panels.add(panel);
                }
            }
        }
        return panels;
    }

    private String title(final JsonNode panel) {
        return titles.get(panel);
    }

    /** The panel's data links: on all its fields and on single fields by override. */
    private static List<JsonNode> dataLinks(final JsonNode panel) {
        final List<JsonNode> links = new ArrayList<>();
        panel.at("/fieldConfig/defaults/links").forEach(links::add);
        for (final JsonNode override : panel.path("fieldConfig").path("overrides")) {
            for (final JsonNode property : override.path("properties")) {
                if (property.path("id").asText().equals("links")) {
                    property.path("value").forEach(links::add);
                }
            }
        }
        return links;
    }

    private static Set<String> variables(final JsonNode dashboard) {
        final Set<String> names = new LinkedHashSet<>();
        dashboard.path("templating").path("list").forEach(v -> names.add(v.path("name").asText()));
        return names;
    }

    private static String variableQuery(final JsonNode dashboard, final String name) {
        for (final JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("name").asText().equals(name)) {
                return variable.path("query").asText();
            }
        }
        return "";
    }

    private static Set<String> panelIds(final JsonNode dashboard) {
        final Set<String> ids = new HashSet<>();
        GrafanaQueries.panels(dashboard).forEach(p -> ids.add(p.path("id").asText()));
        return ids;
    }
}

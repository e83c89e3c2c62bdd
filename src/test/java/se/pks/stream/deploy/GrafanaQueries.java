package se.pks.stream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import se.pks.stream.topics.JsonSerde;

/**
 * The SQL of the provisioned Grafana dashboards (template variables, annotations, panels) and Grafana's PostgreSQL
 * macros and template variables filled in as Grafana fills them in, for the tests that run the queries.
 */
public final class GrafanaQueries {

    public static final Path DASHBOARDS = Path.of("grafana/dashboards");

    private static final Pattern TIME_FILTER = Pattern.compile("\\$__timeFilter\\(([^)]+)\\)");
    /** {@code $name} or {@code ${name}}; Grafana's own macros start with two underscores and are expanded first. */
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)");

    private GrafanaQueries() {
    }

    /** Where a query sits in its dashboard. */
    public enum Kind { VARIABLE, ANNOTATION, PANEL }

    /**
     * One query of a dashboard: {@code name} is the variable's name, the annotation's name or the panel's title;
     * {@code panelType} is the panel's type ("timeseries", "table"), empty for variables and annotations;
     * {@code panel} the panel itself (a missing node for variables and annotations).
     */
    public record Query(String dashboard, Kind kind, String name, String panelType, String sql, JsonNode panel) {

        /** Grafana draws a time series from the column named time; the panel shows nothing without it. */
        public boolean timeSeries() {
            return panelType.equals("timeseries");
        }

        @Override
        public String toString() {
            return dashboard + " / " + kind.name().toLowerCase(Locale.ROOT) + " " + name;
        }
    }

    /** The dashboard's time range, as $__timeFilter, $__timeFrom() and $__timeTo() see it. */
    public record TimeRange(Instant from, Instant to) {
    }

    /**
     * The columns each query returns, in order, from grafana/query-columns.txt on the test class path: query (as
     * {@link Query#toString()}) to its column labels joined by commas.
     */
    public static Map<String, String> expectedColumns() {
        try (InputStream in = GrafanaQueries.class.getResourceAsStream("/grafana/query-columns.txt")) {
            final Map<String, String> columns = new HashMap<>();
            for (final String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    final int equals = line.lastIndexOf(" = ");
                    columns.put(line.substring(0, equals), line.substring(equals + 3).replace(", ", ","));
                }
            }
            return columns;
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Path> files() {
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            return new ArrayList<>(files.filter(file -> file.toString().endsWith(".json")).sorted().toList());
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode read(final Path file) {
        try {
            return JsonSerde.MAPPER.readTree(file.toFile());
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every SQL query of the dashboard: its query variables, its annotations with SQL, and every panel target on the
     * PostgreSQL data source, panels inside collapsed rows included. Prometheus queries (the operations dashboard)
     * are left out: OperationsMetricsTest checks those against a real scrape.
     */
    public static List<Query> of(final JsonNode dashboard) {
        final String uid = dashboard.path("uid").asText();
        final List<Query> queries = new ArrayList<>();
        for (final JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("type").asText().equals("query") && isPostgres(variable.path("datasource"))) {
                queries.add(new Query(uid, Kind.VARIABLE, variable.path("name").asText(), "",
                        variable.path("query").asText(), MissingNode.getInstance()));
            }
        }
        for (final JsonNode annotation : dashboard.path("annotations").path("list")) {
            if (annotation.has("rawQuery") && isPostgres(annotation.path("datasource"))) {
                queries.add(new Query(uid, Kind.ANNOTATION, annotation.path("name").asText(), "",
                        annotation.path("rawQuery").asText(), MissingNode.getInstance()));
            }
        }
        for (final JsonNode panel : panels(dashboard)) {
            for (final JsonNode target : panel.path("targets")) {
                final JsonNode source = target.has("datasource") ? target.path("datasource") : panel.path("datasource");
                if (isPostgres(source)) {
                    queries.add(new Query(uid, Kind.PANEL, panel.path("title").asText(), panel.path("type").asText(),
                            target.path("rawSql").asText(), panel));
                }
            }
        }
        return queries;
    }

    /** The dashboard's panels, with those of collapsed rows (which Grafana keeps inside the row) in their place. */
    public static List<JsonNode> panels(final JsonNode dashboard) {
        final List<JsonNode> panels = new ArrayList<>();
        for (final JsonNode panel : dashboard.path("panels")) {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        }
        return panels;
    }

    private static boolean isPostgres(final JsonNode datasource) {
        return datasource.path("type").asText().equals("postgres");
    }

    /**
     * The SQL as Grafana sends it: $__timeFilter(column) becomes {@code column BETWEEN from AND to}, $__timeFrom() and
     * $__timeTo() the range's ends as timestamp literals, and each template variable its value (single-valued, as
     * the dashboards use them, so quoting stays in the SQL). A variable without a value is an error: Grafana would
     * send it unreplaced.
     */
    public static String expand(final String sql, final TimeRange range, final Map<String, String> variables) {
        final String from = "'" + range.from() + "'";
        final String to = "'" + range.to() + "'";
        final String macros = TIME_FILTER.matcher(sql)
                .replaceAll(match -> Matcher.quoteReplacement(match.group(1) + " BETWEEN " + from + " AND " + to))
                .replace("$__timeFrom()", from)
                .replace("$__timeTo()", to);
        return VARIABLE.matcher(macros).replaceAll(match -> {
            final String name = match.group(1) != null ? match.group(1) : match.group(2);
            final String value = variables.get(name);
            if (value == null) {
                throw new IllegalArgumentException("no value for the template variable $" + name + " in:\n" + sql);
            }
            return Matcher.quoteReplacement(value);
        });
    }
}

package se.pks.stream.notifications;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Which Grafana panel shows the figure behind an alert: the unit follow-up for status, SPC and projection alerts and
 * for overdue actions, the waiting lists for queue alerts, data quality for feed alerts; with the unit's region and
 * organisation, which the dashboards' unit lists cascade from. The uids and panel ids are those of
 * {@code grafana/dashboards}; DashboardLinksTest checks them against the
 * dashboard files.
 */
public final class DashboardLinks {

    static final String UNIT_FOLLOW_UP = "pks-unit-follow-up";
    static final String WAITING_LISTS = "pks-waiting-lists";
    static final String DATA_QUALITY = "pks-data-quality";

    private final String baseUrl;

    /** @param baseUrl Grafana's address as subscribers reach it, e.g. {@code https://grafana.region.se} */
    public DashboardLinks(final String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /** The panel for the alert's condition, with the unit (and measure) chosen; the dashboard itself if unknown. */
    public String panelUrl(final PendingNotification alert) {
        final Map<String, String> query = new LinkedHashMap<>();
        final String uid;
        final int panel;
        // Region and organisation first: the dashboards' unit lists cascade from them, so a unit arrives chosen only
        // when its organisation does.
        putIfKnown(query, "var-region", alert.regionId());
        putIfKnown(query, "var-organisation", alert.organisationId());
        query.put("var-unit", alert.unitId());
        switch (alert.condition()) {
            case "STATUS", "SPC", "PROJECTION" -> {
                uid = UNIT_FOLLOW_UP;
                // Alerts are judged on weeks; panel 1 is actual vs target, 4 the SPC chart, 3 the cumulative plan.
                panel = switch (alert.condition()) {
                    case "STATUS" -> 1;
                    case "SPC" -> 4;
                    default -> 3;
                };
                query.put("var-measure", alert.subject());
                query.put("var-granularity", "WEEK");
            }
            case "QUEUE_PRESSURE", "QUEUE_SIZE" -> {
                uid = WAITING_LISTS;
                // 3: pressure and load per guarantee type; 4: queue size against its target.
                panel = alert.condition().equals("QUEUE_PRESSURE") ? 3 : 4;
                query.put("var-granularity", "WEEK");
            }
            case "FEED_MISSING", "FEED_REJECTED" -> {
                uid = DATA_QUALITY;
                // 4: missing reports; 5: rejections by reason.
                panel = alert.condition().equals("FEED_MISSING") ? 4 : 5;
                query.put("var-granularity", "WEEK");
            }
            case "ACTION_OVERDUE" -> {
                // 6: the unit's actions, overdue first.
                uid = UNIT_FOLLOW_UP;
                panel = 6;
            }
            default -> {
                uid = UNIT_FOLLOW_UP;
                panel = 0;
            }
        }
        if (panel > 0) {
            query.put("viewPanel", Integer.toString(panel));
        }
        return baseUrl + "/d/" + uid + "?" + query.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static void putIfKnown(final Map<String, String> query, final String name, final String value) {
        if (value != null) {
            query.put(name, value);
        }
    }
}

package se.pks.stream.deploy;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a Grafana panel's field configuration says about one field (a column of its query): the panel-wide defaults,
 * overridden per field by name.
 */
final class DashboardFields {

    private DashboardFields() {
    }

    /** The field's setting {@code id} ("unit", "mappings", "links"...): its own override, else the panel's default. */
    static JsonNode property(final JsonNode panel, final String field, final String id) {
        JsonNode value = null;
        for (final JsonNode override : panel.path("fieldConfig").path("overrides")) {
            if (override.path("matcher").path("id").asText().equals("byName")
                    && override.path("matcher").path("options").asText().equals(field)) {
                for (final JsonNode property : override.path("properties")) {
                    if (property.path("id").asText().equals(id)) {
                        value = property.path("value");
                    }
                }
            }
        }
        if (value != null) {
            return value;
        }
        final JsonNode defaults = panel.path("fieldConfig").path("defaults");
        JsonNode fallback = defaults;
        for (final String step : id.split("\\.")) {
            fallback = fallback.path(step);
        }
        return fallback;
    }

    static boolean hasUnit(final JsonNode panel, final String field) {
        return !property(panel, field, "unit").asText().isBlank();
    }

    static boolean hidden(final JsonNode panel, final String field) {
        return property(panel, field, "custom.hidden").asBoolean(false);
    }
}

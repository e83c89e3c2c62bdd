package se.pks.stream.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import se.pks.stream.model.CareUnit;
import se.pks.stream.model.Granularity;
import se.pks.stream.model.Measure;
import se.pks.stream.model.Plan;
import se.pks.stream.model.PlanKind;

/** Rules for one plan row: a known unit and measure, a period aligned to its granularity, a value >= 0. */
public final class PlanValidator {

    private final UnitRegister units;

    public PlanValidator(final UnitRegister units) {
        this.units = units;
    }

    /** A plan row as read from {@code pks.plans.v1}: its content, and a key that must be the row's own key. */
    public Validation<Plan> validate(final String key, final byte[] value) {
        final Validation<Plan> content = validate(value);
        if (content instanceof Validation.Accepted<Plan> accepted && !accepted.value().key().equals(key)) {
            return Validation.rejected("key", "must be '" + accepted.value().key() + "' (unitId|measure|planKind|"
                    + "granularity|periodStart), was '" + key + "'");
        }
        return content;
    }

    /** A plan row's content alone, for writers that build the key from the row (the plans API). */
    public Validation<Plan> validate(final byte[] value) {
        final Validation<JsonNode> parsed = RecordText.parseObject(value);
        if (parsed instanceof Validation.Rejected<JsonNode> rejected) {
            return Validation.rejected(rejected.reasons());
        }
        final FieldReader fields = new FieldReader(((Validation.Accepted<JsonNode>) parsed).value());
        final String unitId = fields.requiredText("unitId");
        final String measure = fields.requiredText("measure");
        final PlanKind planKind = fields.requiredEnum("planKind", PlanKind.class);
        final Granularity granularity = fields.requiredEnum("granularity", Granularity.class);
        final LocalDate periodStart = fields.requiredDate("periodStart");
        final Double planned = fields.requiredNonNegativeNumber("value");

        if (measure != null && Measure.byId(measure).isEmpty()) {
            fields.reject("measure", "unknown measure '" + measure + "'");
        }
        if (unitId != null) {
            final CareUnit unit = units.find(unitId);
            if (unit == null) {
                fields.reject("unitId", "unknown unit '" + unitId + "'");
            }
        }
        if (granularity != null && periodStart != null && !granularity.isAligned(periodStart)) {
            fields.reject("periodStart", granularity == Granularity.WEEK
                    ? "must be a Monday for WEEK plans" : "must be the first day of a month for MONTH plans");
        }
        if (!fields.errors().isEmpty()) {
            return Validation.rejected(fields.errors());
        }
        return new Validation.Accepted<>(new Plan(unitId, measure, planKind, granularity, periodStart, planned));
    }
}

package se.pks.stream.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import se.pks.stream.model.CareUnit;
import se.pks.stream.model.Ownership;

/**
 * Rules for one entry of the unit register before it is written to {@code pks.units.v1}: every field present, ids
 * usable in composite keys, a known ownership. The register is the region's own data, so it is checked where it is
 * entered (the units API) rather than in the stream.
 */
public final class UnitValidator {

    /** The unit as sent, which must describe the unit {@code unitId} (the record key it will be written under). */
    public Validation<CareUnit> validate(final String unitId, final byte[] value) {
        return validate(unitId, value, true);
    }

    /**
     * An entry as read back from {@code pks.units.v1}, where the topic's key is not at hand: the same rules except the
     * comparison with the key. Someone who can write to the topic directly bypasses the units API, so the stream
     * must not trust the entry either.
     */
    public Validation<CareUnit> validateEntry(final byte[] value) {
        return validate(null, value, false);
    }

    private Validation<CareUnit> validate(final String unitId, final byte[] value, final boolean compareWithKey) {
        final Validation<JsonNode> parsed = RecordText.parseObject(value);
        if (parsed instanceof Validation.Rejected<JsonNode> rejected) {
            return Validation.rejected(rejected.reasons());
        }
        final FieldReader fields = new FieldReader(((Validation.Accepted<JsonNode>) parsed).value());
        final String id = fields.requiredId("unitId");
        final String name = fields.requiredText("name");
        final String providerId = fields.requiredId("providerId");
        final String organisationId = fields.requiredId("organisationId");
        final String organisationName = fields.requiredText("organisationName");
        final Ownership ownership = fields.requiredEnum("ownership", Ownership.class);
        final String regionId = fields.requiredId("regionId");
        if (compareWithKey && id != null && !id.equals(unitId)) {
            fields.reject("unitId", "must equal the unit id in the path '" + unitId + "', was '" + id + "'");
        }
        if (!fields.errors().isEmpty()) {
            return Validation.rejected(fields.errors());
        }
        return new Validation.Accepted<>(
                new CareUnit(id, name, providerId, organisationId, organisationName, ownership, regionId));
    }
}

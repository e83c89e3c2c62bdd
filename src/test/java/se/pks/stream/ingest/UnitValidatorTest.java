package se.pks.stream.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.pks.stream.model.CareUnit;
import se.pks.stream.model.FieldError;
import se.pks.stream.model.Ownership;

class UnitValidatorTest {

    private final UnitValidator validator = new UnitValidator();

    @Test
    void aCompleteUnitIsAccepted() {
        final Validation<CareUnit> result = validate("lindhaga-ort", """
                {"unitId":"lindhaga-ort","name":"Lindhaga Ortopedklinik","providerId":"prov-lindhaga",
                 "organisationId":"lindhaga-vard","organisationName":"Lindhaga Vård AB","ownership":"PRIVATE",
                 "regionId":"region-exempel","note":"unknown fields are dropped"}""");
        assertEquals(new Validation.Accepted<>(new CareUnit("lindhaga-ort", "Lindhaga Ortopedklinik",
                "prov-lindhaga", "lindhaga-vard", "Lindhaga Vård AB", Ownership.PRIVATE, "region-exempel")), result);
    }

    @Test
    void everyWrongFieldIsNamed() {
        final Validation<CareUnit> result = validate("u1", """
                {"unitId":"u2","name":" ","providerId":"prov|a","organisationId":"org",
                 "ownership":"STATE","regionId":"r"}""");
        assertEquals(new Validation.Rejected<CareUnit>(List.of(
                new FieldError("name", "must be a non-empty string"),
                new FieldError("providerId", "must not contain '|'"),
                new FieldError("organisationName", "is required"),
                new FieldError("ownership", "must be one of [PUBLIC, PRIVATE], was 'STATE'"),
                new FieldError("unitId", "must equal the unit id in the path 'u1', was 'u2'"))), result);
    }

    private Validation<CareUnit> validate(final String unitId, final String json) {
        return validator.validate(unitId, json.getBytes(StandardCharsets.UTF_8));
    }
}

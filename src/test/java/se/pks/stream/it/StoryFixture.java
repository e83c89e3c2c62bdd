package se.pks.stream.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.specification.RequestSpecification;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import javax.sql.DataSource;
import org.awaitility.Awaitility;

/**
 * What the story tests (approval, plan versions, reports) do between their steps: sign in as a person of the test
 * profile, send first visits over HTTP, wait until the database shows a figure, count rows.
 */
final class StoryFixture {

    private StoryFixture() {
    }

    /** A person of the test profile's user list, whose password is the user name followed by {@code -pw}. */
    static RequestSpecification person(final String user) {
        return given().auth().preemptive().basic(user, user + "-pw");
    }

    /**
     * Posts one first visit a day at 09:15 from the tenth day of {@code month}, one event id each, and expects every
     * one accepted.
     */
    static void firstVisits(final String token, final String providerId, final String unitId, final LocalDate month,
                            final String... eventIds) {
        final StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < eventIds.length; i++) {
            body.append(i == 0 ? "" : ",").append("""
                    {"eventId":"%s","providerId":"%s","unitId":"%s","occurredAt":"%sT09:15:00+01:00",\
                    "visitType":"FIRST"}""".formatted(eventIds[i], providerId, unitId, month.plusDays(9 + i)));
        }
        given().header("Authorization", "Bearer " + token).contentType("application/json")
                .body(body.append("]").toString())
                .when().post("/api/v1/events/visits")
                .then().statusCode(200).body("accepted", equalTo(eventIds.length));
    }

    /** Waits up to a minute until the unit's first visits of the month stand at {@code value} in the database. */
    static void awaitFirstVisitsOfMonth(final DataSource dataSource, final String unitId, final LocalDate month,
                                        final double value) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
            try (Connection connection = dataSource.getConnection();
                 PreparedStatement select = connection.prepareStatement("""
                         SELECT value FROM pks.measure_value WHERE granularity = 'MONTH' AND unit_id = ?
                           AND measure = 'first_visits' AND period_start = ?""")) {
                select.setString(1, unitId);
                select.setObject(2, month);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() && row.getDouble(1) == value;
                }
            }
        });
    }

    /** The first column of the first row of a {@code SELECT count(*)}, with its parameters in order. */
    static long count(final DataSource dataSource, final String sql, final Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setObject(i + 1, parameters[i]);
            }
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}

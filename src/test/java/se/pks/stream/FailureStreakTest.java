package se.pks.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.SQLException;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

class FailureStreakTest {

    private final FailureStreak streak = new FailureStreak(Logger.getLogger(FailureStreakTest.class), "Test task");

    @Test
    void countsFailuresInARowUntilASuccess() {
        assertEquals(1, streak.failed(new SQLException("Connection refused", "08001"), "retrying"));
        assertEquals(2, streak.failed(new IllegalStateException("wrapped", new SQLException("Connection refused")),
                "retrying"));
        assertEquals(2, streak.inARow());
        assertEquals("Connection refused", streak.lastReason());
        streak.succeeded();
        assertEquals(0, streak.inARow());
        assertNull(streak.lastReason());
        assertEquals(1, streak.failed(new SQLException("again"), "retrying"));
    }

    @Test
    void aLongReasonIsCutAt200Characters() {
        streak.failed(new SQLException("x".repeat(500)), "retrying");
        assertEquals("x".repeat(200) + "...", streak.lastReason());
    }
}

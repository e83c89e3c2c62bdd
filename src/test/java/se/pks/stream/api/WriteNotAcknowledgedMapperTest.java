package se.pks.stream.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import se.pks.stream.topics.WriteNotAcknowledgedException;

/** A write Kafka did not acknowledge is still answered as before it had its own exception: 503, try again soon. */
class WriteNotAcknowledgedMapperTest {

    @Test
    void anUnacknowledgedWriteIsServiceUnavailable() {
        final Response response = new WriteNotAcknowledgedMapper().toResponse(new WriteNotAcknowledgedException(
                "Kafka did not acknowledge the write to pks.units.v1", new TimeoutException()));
        assertEquals(503, response.getStatus());
        assertEquals("5", response.getHeaderString(HttpHeaders.RETRY_AFTER));
        final Problem problem = (Problem) response.getEntity();
        assertEquals("Kafka did not acknowledge the write to pks.units.v1", problem.detail());
    }
}

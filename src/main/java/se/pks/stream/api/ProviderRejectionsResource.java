package se.pks.stream.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import se.pks.stream.storage.ProviderRejectionQueries;
import se.pks.stream.storage.ProviderRejectionQueries.RejectedRecord;
import se.pks.stream.topics.JsonSerde;

/**
 * The records a provider wrote to its own Kafka topics ({@code pks.provider.<providerId>.*.v1}) that the stream
 * refused, newest first, each with the topic, partition and offset it was read from and the reasons: the HTTP twin of
 * the provider's rejected topic. A provider sees its own rejections only; records sent over HTTP are answered in the
 * HTTP response instead, and records on the shared topics belong to no provider for certain (kafka/providers.md).
 */
@Path("/api/v1/providers/{providerId}/rejections")
@Produces(MediaType.APPLICATION_JSON)
public class ProviderRejectionsResource {

    private static final int DEFAULT_DAYS = 7;
    private static final int MAX_DAYS = 90;
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;
    private static final TypeReference<List<Reason>> REASONS = new TypeReference<>() {
    };

    public record ProviderRejections(String providerId, Instant since, List<Rejected> rejections) {
    }

    /** One refused record: where it was read from, its (masked) key, why, and when it arrived. */
    public record Rejected(String topic, int partition, long offset, String key, List<Reason> reasons,
                           Instant receivedAt) {
        static Rejected of(final RejectedRecord row) {
            try {
                return new Rejected(row.topic(), row.partition(), row.offset(), row.key(),
                        JsonSerde.MAPPER.readValue(row.reasons(), REASONS), row.receivedAt());
            } catch (final JsonProcessingException e) {
                throw new IllegalStateException("Stored reasons are not JSON: " + e.getOriginalMessage(), e);
            }
        }
    }

    public record Reason(String field, String reason) {
    }

    @Inject
    ProviderAuthentication authentication;

    @Inject
    ProviderRejectionQueries queries;

    @GET
    public ProviderRejections rejections(@PathParam("providerId") final String providerId,
                                         @HeaderParam(HttpHeaders.AUTHORIZATION) final String authorization,
                                         @QueryParam("days") final Integer days,
                                         @QueryParam("limit") final Integer limit) {
        final String caller = authentication.provider(authorization);
        if (!caller.equals(providerId)) {
            throw ProblemException.forbidden("A provider can read only its own rejections");
        }
        final int period = RequestValues.range("days", days, DEFAULT_DAYS, MAX_DAYS);
        final int rows = RequestValues.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
        final Instant since = Instant.now().minus(Duration.ofDays(period));
        return new ProviderRejections(providerId, since,
                queries.since(providerId, since, rows).stream().map(Rejected::of).toList());
    }
}

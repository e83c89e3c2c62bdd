package se.pks.stream.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.util.List;
import se.pks.stream.PksConfig;
import se.pks.stream.storage.FeedStatusQueries;
import se.pks.stream.storage.FeedStatusQueries.ReasonCount;
import se.pks.stream.storage.FeedStatusQueries.UnitFeedStatus;

/**
 * A provider's own feed status from the data-quality register: what was received, accepted and rejected per unit and
 * feed, and the most frequent rejection reasons. A provider sees its own status only, never another's.
 */
@Path("/api/v1/providers/{providerId}/feed-status")
@Produces(MediaType.APPLICATION_JSON)
public class FeedStatusResource {

    private static final int DEFAULT_DAYS = 28;
    private static final int MAX_DAYS = 366;
    private static final int TOP_REASONS = 5;

    /** {@code from} and {@code to} are days in the region's time zone, both inclusive. */
    public record FeedStatus(String providerId, LocalDate from, LocalDate to, List<UnitFeed> feeds) {
    }

    public record UnitFeed(String unitId, String feed, long received, long accepted, long rejected, long duplicates,
                           long corrected, long deleted, long late, List<Rejections> topRejections) {
        static UnitFeed of(final UnitFeedStatus row) {
            return new UnitFeed(row.unitId(), row.feed(), row.received(), row.accepted(), row.rejected(),
                    row.duplicates(), row.corrected(), row.deleted(), row.late(),
                    row.topRejections().stream().map(Rejections::of).toList());
        }
    }

    public record Rejections(String field, String reason, long count) {
        static Rejections of(final ReasonCount row) {
            return new Rejections(row.field(), row.reason(), row.count());
        }
    }

    @Inject
    ProviderAuthentication authentication;

    @Inject
    FeedStatusQueries queries;

    @Inject
    PksConfig config;

    @GET
    public FeedStatus status(@PathParam("providerId") final String providerId,
                             @HeaderParam(HttpHeaders.AUTHORIZATION) final String authorization,
                             @QueryParam("days") final Integer days) {
        final String caller = authentication.provider(authorization);
        if (!caller.equals(providerId)) {
            throw ProblemException.forbidden("A provider can read only its own feed status");
        }
        final int period = RequestValues.range("days", days, DEFAULT_DAYS, MAX_DAYS);
        final LocalDate to = LocalDate.now(config.region().timeZone());
        final LocalDate from = to.minusDays(period - 1L);
        return new FeedStatus(providerId, from, to, queries.status(providerId, from, to, TOP_REASONS).stream()
                .map(UnitFeed::of).toList());
    }
}

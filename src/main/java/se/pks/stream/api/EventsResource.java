package se.pks.stream.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import se.pks.stream.PksConfig;
import se.pks.stream.api.IngestReport.RecordOutcome;
import se.pks.stream.api.IngestReport.Status;
import se.pks.stream.ingest.EventValidator;
import se.pks.stream.ingest.PersonalIdentityNumbers;
import se.pks.stream.ingest.Validation;
import se.pks.stream.model.FieldError;
import se.pks.stream.model.ProviderEvent;
import se.pks.stream.topics.AcknowledgedWriter;
import se.pks.stream.topics.JsonSerde;
import se.pks.stream.topics.Topics;

/**
 * Event ingestion over HTTP for providers who do not run Kafka clients. Each record gets the stream's own validation
 * against the stream's own unit register, so the answer says now what the stream would say later; the accepted
 * records are on the event topic (acks=all) before the answer, and the rejected ones are not written at all.
 */
@Path("/api/v1/events/{feed}")
public class EventsResource {

    /** Five megabytes and ten thousand records: a day of a large hospital's visits, answered within seconds. */
    static final int MAX_BODY_BYTES = 5 * 1024 * 1024;
    static final int MAX_RECORDS = 10_000;
    static final String CSV = "text/csv";

    @Inject
    ProviderAuthentication authentication;

    @Inject
    ProviderRateLimiter rateLimiter;

    @Inject
    RegisteredUnits units;

    @Inject
    AcknowledgedWriter writer;

    @Inject
    PksConfig config;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public IngestReport post(@PathParam("feed") final String feed,
                             @HeaderParam(HttpHeaders.AUTHORIZATION) final String authorization,
                             @HeaderParam(HttpHeaders.CONTENT_TYPE) final String contentType,
                             final InputStream body) throws IOException {
        final String providerId = authentication.provider(authorization);
        rateLimiter.acquire(providerId);
        final EventFeedPath target = EventFeedPath.of(feed);
        final String mediaType = mediaType(contentType);
        final List<Candidate> records = candidates(target, mediaType, EventBatch.read(body, MAX_BODY_BYTES));

        final EventValidator validator = new EventValidator(units.register(), config.futureTolerance());
        final Instant receivedAt = Instant.now();
        final List<RecordOutcome> outcomes = new ArrayList<>(records.size());
        final List<AcknowledgedWriter.Entry<byte[]>> accepted = new ArrayList<>();
        for (int index = 0; index < records.size(); index++) {
            if (records.get(index).problem() != null) {
                outcomes.add(new RecordOutcome(index, null, Status.REJECTED, List.of(records.get(index).problem())));
                continue;
            }
            final byte[] record = records.get(index).record();
            final JsonNode fields = objectOf(record);
            final Validation<ProviderEvent> result = validator.validate(Topics.FEEDS.get(target.topic().name()),
                    text(fields, "unitId"), record, receivedAt);
            final List<FieldError> reasons = reasons(result, text(fields, "providerId"), providerId);
            if (reasons.isEmpty()) {
                final ProviderEvent event = ((Validation.Accepted<ProviderEvent>) result).value();
                accepted.add(new AcknowledgedWriter.Entry<>(event.header().unitId(), contractFields(fields, target)));
                outcomes.add(new RecordOutcome(index, event.header().eventId(), Status.ACCEPTED, List.of()));
            } else {
                final String eventId = text(fields, "eventId");
                outcomes.add(new RecordOutcome(index,
                        eventId == null || PersonalIdentityNumbers.containsLikely(eventId) ? null : eventId,
                        Status.REJECTED, reasons));
            }
        }
        writer.writeAll(target.topic(), accepted);
        return IngestReport.of(outcomes);
    }

    /**
     * The record as stored: the contract's fields only, in the order sent. Anything else a provider adds (a note, a
     * name) is free text the product must not keep, so it does not reach the topic.
     */
    private static byte[] contractFields(final JsonNode fields, final EventFeedPath target) throws IOException {
        final ObjectNode kept = JsonSerde.MAPPER.createObjectNode();
        fields.fieldNames().forEachRemaining(name -> {
            if (target.csvColumns().all().contains(name)) {
                kept.set(name, fields.get(name));
            }
        });
        return JsonSerde.MAPPER.writeValueAsBytes(kept);
    }

    /** One posted record, or why a CSV line could not even be read as one. */
    private record Candidate(byte[] record, FieldError problem) {
    }

    /**
     * The body's records. A CSV line becomes the JSON object of its known columns (other columns are not taken in),
     * so that every format meets the same validator.
     */
    private static List<Candidate> candidates(final EventFeedPath target, final String mediaType, final byte[] body)
            throws IOException {
        if (!mediaType.equals(CSV)) {
            return EventBatch.split(mediaType, body, MAX_RECORDS).stream()
                    .map(record -> new Candidate(record, null)).toList();
        }
        final List<Candidate> candidates = new ArrayList<>();
        for (final CsvRows.Row row : new CsvRows(MAX_BODY_BYTES, MAX_RECORDS, target.csvColumns())
                .read(new ByteArrayInputStream(body))) {
            candidates.add(row.unreadable() != null
                    ? new Candidate(null, new FieldError("line " + row.number(),
                            PersonalIdentityNumbers.mask(row.unreadable())))
                    : new Candidate(JsonSerde.MAPPER.writeValueAsBytes(row.fields()), null));
        }
        return candidates;
    }

    private static String mediaType(final String contentType) {
        final String mediaType = contentType == null ? ""
                : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!mediaType.equals(EventBatch.JSON) && !mediaType.equals(EventBatch.NDJSON) && !mediaType.equals(CSV)) {
            throw ProblemException.unsupportedMediaType("Send " + EventBatch.JSON + " (a JSON array of events), "
                    + EventBatch.NDJSON + " (one event per line) or " + CSV + " (a header line, then one event per"
                    + " line), not '" + contentType + "'");
        }
        return mediaType;
    }

    /**
     * The validator's reasons in HTTP terms, plus the rule only HTTP has: a record must be the authenticated
     * provider's own. The validator checks the Kafka key against unitId; here the key is taken from unitId, so a
     * reason about the key would name something the provider never sent.
     */
    private static List<FieldError> reasons(final Validation<ProviderEvent> result, final String recordProvider,
                                            final String providerId) {
        final List<FieldError> reasons = new ArrayList<>();
        if (result instanceof Validation.Rejected<ProviderEvent> rejected) {
            for (final FieldError reason : rejected.reasons()) {
                if (!reason.field().equals("key")) {
                    // "value" is the Kafka record's value: over HTTP that is the record itself.
                    final String field = reason.field().equals("value") ? "record" : reason.field();
                    reasons.add(new FieldError(field, reason.reason()));
                }
            }
        }
        if (recordProvider != null && !recordProvider.equals(providerId)) {
            reasons.add(new FieldError("providerId", "'" + recordProvider + "' is not the authenticated provider '"
                    + providerId + "'"));
        }
        // Reasons quote what was sent, and a field's path is a JSON key the provider chose: masking both guarantees no
        // personal identity number is echoed back.
        return reasons.stream()
                .map(reason -> new FieldError(PersonalIdentityNumbers.mask(reason.field()),
                        PersonalIdentityNumbers.mask(reason.reason())))
                .toList();
    }

    /** The record as a JSON object, or null when it is not one (the validator then says why). */
    private static JsonNode objectOf(final byte[] record) {
        try {
            final JsonNode root = JsonSerde.MAPPER.readTree(record);
            return root != null && root.isObject() ? root : null;
        } catch (final IOException e) {
            return null;
        }
    }

    private static String text(final JsonNode fields, final String name) {
        final JsonNode value = fields == null ? null : fields.get(name);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}

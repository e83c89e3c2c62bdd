package se.pks.stream.topology;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import se.pks.stream.model.BedCensus;
import se.pks.stream.model.ContactMode;
import se.pks.stream.model.Discharge;
import se.pks.stream.model.EventDeletion;
import se.pks.stream.model.EventHeader;
import se.pks.stream.model.Feed;
import se.pks.stream.model.FeedObservation;
import se.pks.stream.model.FeedQuality;
import se.pks.stream.model.GuaranteeType;
import se.pks.stream.model.Granularity;
import se.pks.stream.model.MeasureValue;
import se.pks.stream.model.Plan;
import se.pks.stream.model.PlanKind;
import se.pks.stream.model.Operation;
import se.pks.stream.model.OperationPriority;
import se.pks.stream.model.ProviderEvent;
import se.pks.stream.model.RemovalReason;
import se.pks.stream.model.Visit;
import se.pks.stream.model.VisitType;
import se.pks.stream.model.WaitingListAction;
import se.pks.stream.model.WaitingListChange;

/**
 * The binary layouts (format 1 of {@link BinarySerde}) of the topology's internal values. Enums are written by name,
 * not ordinal, so that adding or reordering constants does not change what stored bytes mean; nullable fields carry
 * a presence flag.
 */
final class BinaryCodecs {

    private static final byte VISIT = 'V';
    private static final byte OPERATION = 'O';
    private static final byte CENSUS = 'C';
    private static final byte DISCHARGE = 'D';
    private static final byte WAITING_LIST = 'W';
    private static final byte DELETION = 'X';
    private static final byte ARRIVAL = 'A';
    private static final byte OBSERVED = 'Q';
    private static final byte PLAN = 'P';
    private static final byte TICK = 'T';

    private BinaryCodecs() {
    }

    static BinarySerde<ProviderEvent> providerEvents() {
        return new BinarySerde<>(ProviderEvent.class, BinaryCodecs::writeEvent, BinaryCodecs::readEvent);
    }

    static BinarySerde<WaitingEntry> waitingEntries() {
        return new BinarySerde<>(WaitingEntry.class, (out, entry) -> {
            writeNullableEvent(out, entry.added());
            writeNullableEvent(out, entry.removed());
        }, in -> new WaitingEntry((WaitingListChange) readNullableEvent(in),
                (WaitingListChange) readNullableEvent(in)));
    }

    static BinarySerde<CensusDay> censusDays() {
        return new BinarySerde<>(CensusDay.class, (out, day) -> {
            out.writeInt(day.byEventId().size());
            for (final Map.Entry<String, BedCensus> census : day.byEventId().entrySet()) {
                out.writeUTF(census.getKey());
                writeEvent(out, census.getValue());
            }
        }, in -> {
            final int size = in.readInt();
            final Map<String, BedCensus> byEventId = new TreeMap<>();
            for (int i = 0; i < size; i++) {
                byEventId.put(in.readUTF(), (BedCensus) readEvent(in));
            }
            return new CensusDay(byEventId);
        });
    }

    static BinarySerde<BucketSums> bucketSums() {
        return new BinarySerde<>(BucketSums.class, (out, sums) -> {
            out.writeInt(sums.sums().size());
            for (final Map.Entry<Component, Long> sum : sums.sums().entrySet()) {
                out.writeUTF(sum.getKey().name());
                out.writeLong(sum.getValue());
            }
        }, in -> {
            final int size = in.readInt();
            final Map<Component, Long> sums = new TreeMap<>();
            for (int i = 0; i < size; i++) {
                sums.put(Component.valueOf(in.readUTF()), in.readLong());
            }
            return new BucketSums(sums);
        });
    }

    /** The data-quality register's rows. */
    static BinarySerde<FeedQuality> feedQuality() {
        return new BinarySerde<>(FeedQuality.class, BinaryCodecs::writeFeedQuality, BinaryCodecs::readFeedQuality);
    }

    /** The last published value of a figure. */
    static BinarySerde<MeasureValue> measureValues() {
        return new BinarySerde<>(MeasureValue.class, BinaryCodecs::writeMeasureValue,
                BinaryCodecs::readMeasureValue);
    }

    /** The plan rows of one figure. */
    static BinarySerde<PlanRows> planRows() {
        return new BinarySerde<>(PlanRows.class, (out, rows) -> {
            out.writeInt(rows.plans().size());
            for (final Plan plan : rows.plans()) {
                writePlan(out, plan);
            }
        }, in -> {
            final int size = in.readInt();
            final List<Plan> plans = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                plans.add(readPlan(in));
            }
            return new PlanRows(plans);
        });
    }

    /** What crosses the one repartition: an accepted event, an observation alone, or a plan row. */
    static BinarySerde<FollowUpInput> followUpInputs() {
        return new BinarySerde<>(FollowUpInput.class, (out, input) -> {
            switch (input) {
                case FollowUpInput.Arrival arrival -> {
                    out.writeByte(ARRIVAL);
                    writeEvent(out, arrival.event());
                    writeObservation(out, arrival.observation());
                }
                case FollowUpInput.Observed observed -> {
                    out.writeByte(OBSERVED);
                    writeObservation(out, observed.observation());
                }
                case FollowUpInput.PlanChange change -> {
                    out.writeByte(PLAN);
                    out.writeUTF(change.key());
                    out.writeBoolean(change.plan() != null);
                    if (change.plan() != null) {
                        writePlan(out, change.plan());
                    }
                }
                case FollowUpInput.Tick ignored -> out.writeByte(TICK);
            }
        }, in -> {
            final byte kind = in.readByte();
            return switch (kind) {
                case ARRIVAL -> new FollowUpInput.Arrival(readEvent(in), readObservation(in));
                case OBSERVED -> new FollowUpInput.Observed(readObservation(in));
                case PLAN -> new FollowUpInput.PlanChange(in.readUTF(), in.readBoolean() ? readPlan(in) : null);
                case TICK -> new FollowUpInput.Tick();
                default -> throw new IOException("Unknown follow-up input kind " + kind);
            };
        });
    }

    private static void writeObservation(final DataOutput out, final FeedObservation observation)
            throws IOException {
        writeString(out, observation.providerId());
        writeString(out, observation.unitId());
        writeEnum(out, observation.feed());
        writeDate(out, observation.day());
        writeEnum(out, observation.outcome());
        writeString(out, observation.reason());
    }

    private static FeedObservation readObservation(final DataInput in) throws IOException {
        return new FeedObservation(readString(in), readString(in), readEnum(in, Feed.class), readDate(in),
                readEnum(in, FeedObservation.Outcome.class), readString(in));
    }

    private static void writePlan(final DataOutput out, final Plan plan) throws IOException {
        out.writeUTF(plan.unitId());
        out.writeUTF(plan.measure());
        writeEnum(out, plan.planKind());
        writeEnum(out, plan.granularity());
        writeDate(out, plan.periodStart());
        out.writeDouble(plan.value());
    }

    private static Plan readPlan(final DataInput in) throws IOException {
        return new Plan(in.readUTF(), in.readUTF(), readEnum(in, PlanKind.class), readEnum(in, Granularity.class),
                readDate(in), in.readDouble());
    }

    private static void writeMeasureValue(final DataOutput out, final MeasureValue value) throws IOException {
        writeEnum(out, value.granularity());
        writeDate(out, value.periodStart());
        out.writeUTF(value.unitId());
        out.writeUTF(value.measure());
        out.writeDouble(value.value());
        writeNullableDouble(out, value.numerator());
        writeNullableDouble(out, value.denominator());
    }

    private static MeasureValue readMeasureValue(final DataInput in) throws IOException {
        return new MeasureValue(readEnum(in, Granularity.class), readDate(in), in.readUTF(), in.readUTF(),
                in.readDouble(), readNullableDouble(in), readNullableDouble(in));
    }

    private static void writeNullableDouble(final DataOutput out, final Double value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeDouble(value);
        }
    }

    private static Double readNullableDouble(final DataInput in) throws IOException {
        return in.readBoolean() ? in.readDouble() : null;
    }

    private static void writeFeedQuality(final DataOutput out, final FeedQuality quality) throws IOException {
        out.writeUTF(quality.providerId());
        out.writeUTF(quality.unitId());
        out.writeUTF(quality.feed().name());
        writeDate(out, quality.day());
        out.writeLong(quality.received());
        out.writeLong(quality.accepted());
        out.writeLong(quality.rejected());
        out.writeLong(quality.duplicates());
        out.writeLong(quality.corrected());
        out.writeLong(quality.deleted());
        out.writeLong(quality.late());
        out.writeInt(quality.rejectionReasons().size());
        for (final Map.Entry<String, Long> reason : quality.rejectionReasons().entrySet()) {
            out.writeUTF(reason.getKey());
            out.writeLong(reason.getValue());
        }
    }

    private static FeedQuality readFeedQuality(final DataInput in) throws IOException {
        final String provider = in.readUTF();
        final String unit = in.readUTF();
        final Feed feed = Feed.valueOf(in.readUTF());
        final LocalDate day = readDate(in);
        final long received = in.readLong();
        final long accepted = in.readLong();
        final long rejected = in.readLong();
        final long duplicates = in.readLong();
        final long corrected = in.readLong();
        final long deleted = in.readLong();
        final long late = in.readLong();
        final int size = in.readInt();
        final Map<String, Long> reasons = new TreeMap<>();
        for (int i = 0; i < size; i++) {
            reasons.put(in.readUTF(), in.readLong());
        }
        return new FeedQuality(provider, unit, feed, day, received, accepted, rejected, duplicates, corrected,
                deleted, late, reasons);
    }

    private static void writeNullableEvent(final DataOutput out, final ProviderEvent event) throws IOException {
        out.writeBoolean(event != null);
        if (event != null) {
            writeEvent(out, event);
        }
    }

    private static ProviderEvent readNullableEvent(final DataInput in) throws IOException {
        return in.readBoolean() ? readEvent(in) : null;
    }

    private static void writeEvent(final DataOutput out, final ProviderEvent event) throws IOException {
        switch (event) {
            case Visit visit -> {
                out.writeByte(VISIT);
                writeHeader(out, visit.header());
                writeEnum(out, visit.visitType());
                writeEnum(out, visit.contactMode());
            }
            case Operation operation -> {
                out.writeByte(OPERATION);
                writeHeader(out, operation.header());
                writeInstant(out, operation.startedAt());
                writeInstant(out, operation.endedAt());
                writeEnum(out, operation.priority());
            }
            case BedCensus census -> {
                out.writeByte(CENSUS);
                writeHeader(out, census.header());
                out.writeInt(census.staffedBeds());
                out.writeInt(census.occupiedBeds());
            }
            case Discharge discharge -> {
                out.writeByte(DISCHARGE);
                writeHeader(out, discharge.header());
                writeInstant(out, discharge.admittedAt());
                writeInstant(out, discharge.dischargedAt());
            }
            case WaitingListChange change -> {
                out.writeByte(WAITING_LIST);
                writeHeader(out, change.header());
                writeString(out, change.referralId());
                writeEnum(out, change.action());
                writeEnum(out, change.guarantee());
                writeDate(out, change.waitingSince());
                writeDate(out, change.medicalTargetDate());
                out.writeBoolean(change.patientChosenWait());
                writeEnum(out, change.removalReason());
            }
            case EventDeletion deletion -> {
                out.writeByte(DELETION);
                writeHeader(out, deletion.header());
            }
        }
    }

    private static ProviderEvent readEvent(final DataInput in) throws IOException {
        final byte kind = in.readByte();
        final EventHeader header = readHeader(in);
        return switch (kind) {
            case VISIT -> new Visit(header, readEnum(in, VisitType.class), readEnum(in, ContactMode.class));
            case OPERATION -> new Operation(header, readInstant(in), readInstant(in),
                    readEnum(in, OperationPriority.class));
            case CENSUS -> new BedCensus(header, in.readInt(), in.readInt());
            case DISCHARGE -> new Discharge(header, readInstant(in), readInstant(in));
            case WAITING_LIST -> new WaitingListChange(header, readString(in), readEnum(in, WaitingListAction.class),
                    readEnum(in, GuaranteeType.class), readDate(in), readDate(in), in.readBoolean(),
                    readEnum(in, RemovalReason.class));
            case DELETION -> new EventDeletion(header);
            default -> throw new IOException("Unknown event kind " + kind);
        };
    }

    private static void writeHeader(final DataOutput out, final EventHeader header) throws IOException {
        writeString(out, header.eventId());
        writeString(out, header.providerId());
        writeString(out, header.unitId());
        writeInstant(out, header.occurredAt());
    }

    private static EventHeader readHeader(final DataInput in) throws IOException {
        return new EventHeader(readString(in), readString(in), readString(in), readInstant(in));
    }

    private static void writeString(final DataOutput out, final String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private static String readString(final DataInput in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static void writeEnum(final DataOutput out, final Enum<?> value) throws IOException {
        writeString(out, value == null ? null : value.name());
    }

    private static <E extends Enum<E>> E readEnum(final DataInput in, final Class<E> type) throws IOException {
        final String name = readString(in);
        return name == null ? null : Enum.valueOf(type, name);
    }

    private static void writeInstant(final DataOutput out, final Instant value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeLong(value.getEpochSecond());
            out.writeInt(value.getNano());
        }
    }

    private static Instant readInstant(final DataInput in) throws IOException {
        return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
    }

    /** Dates as epoch days; {@link Long#MIN_VALUE} for none. */
    private static void writeDate(final DataOutput out, final LocalDate value) throws IOException {
        out.writeLong(value == null ? Long.MIN_VALUE : value.toEpochDay());
    }

    private static LocalDate readDate(final DataInput in) throws IOException {
        final long day = in.readLong();
        return day == Long.MIN_VALUE ? null : LocalDate.ofEpochDay(day);
    }
}

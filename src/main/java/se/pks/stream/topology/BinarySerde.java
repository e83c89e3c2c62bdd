package se.pks.stream.topology;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import se.pks.stream.topics.JsonSerde;

/**
 * A compact binary serde for values that only the topology itself reads: state stores, their changelogs and the
 * repartition topics. JSON was a quarter of the stream thread's time in the replay profile; this writes the fields
 * in a fixed order behind a format byte.
 *
 * <p>It still reads JSON: a value that starts with '{' is read as the JSON that earlier versions wrote. Stores,
 * changelogs and repartition topics written before the switch are therefore read back as they are, and an upgrade
 * needs neither new store names nor a replay. A later change of the binary layout takes a new format byte and keeps
 * reading this one.
 */
final class BinarySerde<T> implements Serde<T> {

    /** The first byte of every value in the binary layout of {@link BinaryCodecs}. */
    static final byte FORMAT_1 = 1;
    private static final byte JSON_OBJECT = '{';

    /** Writes one value's fields; its {@link Reader} reads them in the same order. */
    @FunctionalInterface
    interface Writer<T> {
        void write(DataOutput out, T value) throws IOException;
    }

    @FunctionalInterface
    interface Reader<T> {
        T read(DataInput in) throws IOException;
    }

    private final Class<T> type;
    private final Writer<T> writer;
    private final Reader<T> reader;
    private final Deserializer<T> fromJson;

    BinarySerde(final Class<T> type, final Writer<T> writer, final Reader<T> reader) {
        this(type, writer, reader, new JsonSerde<>(type).deserializer());
    }

    /** @param fromJson reads what earlier versions wrote as JSON where that was another type */
    BinarySerde(final Class<T> type, final Writer<T> writer, final Reader<T> reader, final Deserializer<T> fromJson) {
        this.type = type;
        this.writer = writer;
        this.reader = reader;
        this.fromJson = fromJson;
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            final ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeByte(FORMAT_1);
                writer.write(out, value);
            } catch (final IOException e) {
                throw new SerializationException("Cannot write " + type.getSimpleName() + " to " + topic, e);
            }
            return bytes.toByteArray();
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length > 0 && bytes[0] == JSON_OBJECT) {
                return fromJson.deserialize(topic, bytes);
            }
            if (bytes.length == 0 || bytes[0] != FORMAT_1) {
                throw new SerializationException("Unknown format " + (bytes.length == 0 ? "(empty)" : bytes[0])
                        + " of a " + type.getSimpleName() + " from " + topic);
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 1, bytes.length - 1))) {
                return reader.read(in);
            } catch (final IOException | RuntimeException e) {
                throw new SerializationException("Cannot read " + type.getSimpleName() + " from " + topic, e);
            }
        };
    }
}

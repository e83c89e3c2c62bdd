package se.pks.stream.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecodedByContentTest {

    private final List<String> decodings = new ArrayList<>();
    private final DecodedByContent<String> decoder = new DecodedByContent<>((topic, bytes) -> {
        if (bytes == null) {
            return null;
        }
        final String text = new String(bytes, StandardCharsets.UTF_8);
        decodings.add(text);
        if (text.startsWith("bad")) {
            throw new IllegalArgumentException("refused: " + text);
        }
        return text.toUpperCase();
    });

    @Test
    void theSameBytesAreDecodedOnceAndOtherBytesOnTheirOwn() {
        assertEquals("UNIT-1 V1", decoder.deserialize("t", bytes("unit-1 v1")));
        assertEquals("UNIT-1 V1", decoder.deserialize("t", bytes("unit-1 v1")));
        // the register changed the unit: other bytes, decoded afresh
        assertEquals("UNIT-1 V2", decoder.deserialize("t", bytes("unit-1 v2")));
        assertEquals(List.of("unit-1 v1", "unit-1 v2"), decodings);
    }

    @Test
    void refusedBytesAreRefusedEveryTimeAndNullStaysNull() {
        assertThrows(IllegalArgumentException.class, () -> decoder.deserialize("t", bytes("bad unit")));
        assertThrows(IllegalArgumentException.class, () -> decoder.deserialize("t", bytes("bad unit")));
        assertEquals(2, decodings.size());
        assertNull(decoder.deserialize("t", null));
    }

    @Test
    void aCallerReusingItsArrayDoesNotChangeWhatWasRemembered() {
        final byte[] reused = bytes("unit-1");
        assertEquals("UNIT-1", decoder.deserialize("t", reused));
        reused[5] = '2';
        assertEquals("UNIT-2", decoder.deserialize("t", reused));
        assertEquals("UNIT-1", decoder.deserialize("t", bytes("unit-1")));
        assertEquals(List.of("unit-1", "unit-2"), decodings);
    }

    private static byte[] bytes(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

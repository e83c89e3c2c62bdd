package se.pks.stream.topics;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.pks.stream.local.EmbeddedKafkaBroker;

/** On a real broker: an application id that holds the earlier topology's state is refused, with what to do. */
class UpgradeGuardTest {

    @Test
    void anIdWithTheEarlierTopologysLedgerIsRefusedAndANewIdStarts(@TempDir final Path dir) throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, 0, 0);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                     broker.bootstrapServers()))) {
            // What the five-step topology left under its application id.
            admin.createTopics(List.of(new NewTopic("pks-stream-event-ledger-changelog", 1, (short) 1))).all().get();

            final IllegalStateException refused =
                    assertThrows(IllegalStateException.class, () -> UpgradeGuard.check(admin, "pks-stream"));
            assertTrue(refused.getMessage().contains("pks-stream-event-ledger-changelog"), refused.getMessage());
            assertTrue(refused.getMessage().contains("new application id"), refused.getMessage());
            assertDoesNotThrow(() -> UpgradeGuard.check(admin, "pks-stream-v2"));
        }
    }
}

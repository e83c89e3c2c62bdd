package se.pks.stream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The ACLs of a rendered Strimzi KafkaUser ({@code spec.authorization.type: simple}) as Kafka's own bindings, the way
 * Strimzi's user operator creates them: principal {@code User:<metadata.name>}, any host, allow. So the chart's grants
 * can be read in tests and applied to a real broker exactly as rendered.
 */
public final class StrimziAcls {

    private StrimziAcls() {
    }

    public static String principal(final JsonNode kafkaUser) {
        return "User:" + kafkaUser.at("/metadata/name").asText();
    }

    public static List<AclBinding> of(final JsonNode kafkaUser) {
        final List<AclBinding> bindings = new ArrayList<>();
        for (final JsonNode acl : kafkaUser.at("/spec/authorization/acls")) {
            final JsonNode resource = acl.path("resource");
            final ResourceType type = type(resource.path("type").asText());
            final String name = type == ResourceType.CLUSTER ? "kafka-cluster" : resource.path("name").asText();
            final PatternType pattern = "prefix".equals(resource.path("patternType").asText("literal"))
                    ? PatternType.PREFIXED : PatternType.LITERAL;
            for (final JsonNode operation : acl.path("operations")) {
                bindings.add(new AclBinding(new ResourcePattern(type, name, pattern), new AccessControlEntry(
                        principal(kafkaUser), "*", operation(operation.asText()), AclPermissionType.ALLOW)));
            }
        }
        return bindings;
    }

    /** One binding as "type pattern name operation", e.g. "TOPIC PREFIXED pks.provider.prov-a. WRITE". */
    public static String text(final AclBinding binding) {
        return binding.pattern().resourceType() + " " + binding.pattern().patternType() + " "
                + binding.pattern().name() + " " + binding.entry().operation();
    }

    private static ResourceType type(final String strimzi) {
        return switch (strimzi) {
            case "topic" -> ResourceType.TOPIC;
            case "group" -> ResourceType.GROUP;
            case "cluster" -> ResourceType.CLUSTER;
            case "transactionalId" -> ResourceType.TRANSACTIONAL_ID;
            default -> throw new IllegalArgumentException("resource type " + strimzi);
        };
    }

    /** Strimzi spells operations in CamelCase (IdempotentWrite), Kafka in upper snake case (IDEMPOTENT_WRITE). */
    private static AclOperation operation(final String strimzi) {
        return AclOperation.fromString(strimzi.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT));
    }
}

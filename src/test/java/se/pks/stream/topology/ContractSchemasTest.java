package se.pks.stream.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import se.pks.stream.topics.OutputTopics;
import se.pks.stream.topics.ProviderTopics;
import se.pks.stream.topics.Topic;
import se.pks.stream.topics.Topics;

/**
 * Keeps the published contract honest: {@code kafka/topics.yaml} matches the topic registry, every schema accepts its
 * own examples and the examples in {@code docs/event-contract.md}, and the schemas refuse what the contract calls
 * wrong. Providers copy these files, so a mistake in them is a bug even if the service itself is right.
 */
class ContractSchemasTest {

    private static final Path KAFKA = Path.of("kafka");
    private static final Path SCHEMAS = KAFKA.resolve("schemas");
    private static final Path CONTRACT_DOCUMENT = Path.of("docs", "event-contract.md");
    private static final String DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    // In draft 2020-12 "format" is only an annotation unless asserted; the contract means date-time and date as rules.
    private static final SchemaValidatorsConfig ASSERT_FORMATS =
            SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    private static final Pattern DOCUMENT_EXAMPLE =
            Pattern.compile("<!-- example: (\\S+) -->\\s*```json\\n(.*?)```", Pattern.DOTALL);

    private static final String EVENT_HEADER = "\"eventId\": \"ev-1\", \"providerId\": \"prov-norrstad\", "
            + "\"unitId\": \"norrstad-ort-1\", \"occurredAt\": \"2025-03-04T09:15:00+01:00\"";

    @Test
    void topicsYamlHasEveryRegisteredTopicWithItsExactConfig() throws IOException {
        final Map<String, Map<String, String>> documented = new HashMap<>();
        for (final JsonNode topic : topicsYaml()) {
            documented.put(topic.get("name").asText(),
                    JSON.convertValue(topic.get("config"), new TypeReference<Map<String, String>>() { }));
        }
        final OutputTopics outputs = OutputTopics.of("<application-id>");
        final Map<String, Map<String, String>> registered = Stream.of(Topics.all(outputs),
                        ProviderTopics.eventTopicsOf("<providerId>"),
                        List.of(outputs.providerRejected("<providerId>"), outputs.providerFeedQuality("<providerId>")))
                .flatMap(List::stream)
                .collect(Collectors.toMap(Topic::name, Topic::configs));

        assertEquals(registered, documented);
    }

    @Test
    void everyTopicHasPartitionsAKeyADescriptionAndAnExistingSchema() throws IOException {
        final Set<String> referenced = new HashSet<>();
        for (final JsonNode topic : topicsYaml()) {
            final String name = topic.get("name").asText();
            assertTrue(topic.path("partitions").isInt() && topic.get("partitions").intValue() > 0, name);
            assertFalse(topic.path("key").asText().isBlank(), name);
            assertFalse(topic.path("description").asText().isBlank(), name);
            final Path schema = KAFKA.resolve(topic.path("schema").asText());
            assertTrue(Files.isRegularFile(schema), name + " names a missing schema " + schema);
            referenced.add(schema.getFileName().toString());
        }
        assertEquals(schemaFileNames(), referenced, "every schema file belongs to a topic");
    }

    @ParameterizedTest
    @MethodSource("schemaFileNames")
    void schemaIsDraft202012AndAcceptsItsOwnExamples(final String fileName) throws IOException {
        final JsonNode schemaNode = JSON.readTree(SCHEMAS.resolve(fileName).toFile());
        assertEquals(DRAFT_2020_12, schemaNode.path("$schema").asText());
        assertFalse(schemaNode.path("title").asText().isBlank());
        assertFalse(schemaNode.path("description").asText().isBlank());
        assertTrue(schemaNode.path("examples").size() > 0, "at least one example");

        final JsonSchema schema = FACTORY.getSchema(schemaNode, ASSERT_FORMATS);
        for (final JsonNode example : schemaNode.get("examples")) {
            for (final JsonNode required : schemaNode.get("required")) {
                assertTrue(example.has(required.asText()), fileName + " example lacks " + required + ": " + example);
            }
            assertEquals(Set.of(), schema.validate(example), fileName + " refuses its example " + example);
        }
    }

    @Test
    void everyExampleInTheContractDocumentIsValid() throws IOException {
        final Matcher examples = DOCUMENT_EXAMPLE.matcher(Files.readString(CONTRACT_DOCUMENT));
        final Set<String> covered = new TreeSet<>();
        while (examples.find()) {
            final String fileName = examples.group(1);
            assertEquals(Set.of(), problems(fileName, examples.group(2)), fileName + " refuses " + examples.group(2));
            covered.add(fileName);
        }
        assertEquals(schemaFileNames(), covered, "the document shows an example of every schema");
    }

    @Test
    void eventBodyIsRequiredUnlessTheEventIsDeleted() throws IOException {
        assertTrue(problems("visit.v1.json", "{" + EVENT_HEADER + "}").toString().contains("visitType"));
        assertTrue(problems("visit.v1.json", "{" + EVENT_HEADER + ", \"deleted\": false}").toString()
                .contains("visitType"));
        assertEquals(Set.of(), problems("visit.v1.json", "{" + EVENT_HEADER + ", \"deleted\": true}"));
        assertTrue(problems("operation.v1.json", "{" + EVENT_HEADER + "}").toString().contains("startedAt"));
        assertEquals(Set.of(), problems("bed-occupancy.v1.json", "{" + EVENT_HEADER + ", \"deleted\": true}"));
    }

    @Test
    void headerIsRequiredEvenOnADeletion() throws IOException {
        final String withoutUnit = """
                {"eventId": "ev-1", "providerId": "prov-norrstad", "occurredAt": "2025-03-04T09:15:00+01:00",
                 "deleted": true}""";

        assertTrue(problems("visit.v1.json", withoutUnit).toString().contains("unitId"));
    }

    @Test
    void timesNeedAnOffsetAndDatesNeedIsoForm() throws IOException {
        final String localTime = """
                {"eventId": "ev-1", "providerId": "p", "unitId": "u", "occurredAt": "2025-03-04T09:15:00",
                 "visitType": "FIRST"}""";
        final String swedishDate = "{" + EVENT_HEADER + """
                , "referralId": "r-1", "action": "ADDED", "guarantee": "TREATMENT", "waitingSince": "4/3/2025"}""";

        assertTrue(problems("visit.v1.json", localTime).toString().contains("occurredAt"));
        assertTrue(problems("waiting-list.v1.json", swedishDate).toString().contains("waitingSince"));
    }

    @Test
    void waitingListActionDecidesTheRequiredFields() throws IOException {
        final String removed = "{" + EVENT_HEADER + ", \"referralId\": \"r-1\", \"action\": \"REMOVED\"";
        final String added = "{" + EVENT_HEADER + ", \"referralId\": \"r-1\", \"action\": \"ADDED\"";

        assertTrue(problems("waiting-list.v1.json", removed + "}").toString().contains("removalReason"));
        assertEquals(Set.of(), problems("waiting-list.v1.json", removed + ", \"removalReason\": \"CANCELLED\"}"));
        assertTrue(problems("waiting-list.v1.json", added + ", \"guarantee\": \"FIRST_VISIT\"}").toString()
                .contains("waitingSince"));
    }

    @Test
    void bedOccupancyTypeDecidesTheRequiredFields() throws IOException {
        final String census = "{" + EVENT_HEADER + ", \"type\": \"CENSUS\"";

        assertTrue(problems("bed-occupancy.v1.json", census + ", \"admittedAt\": \"2025-03-01T10:00:00+01:00\", "
                + "\"dischargedAt\": \"2025-03-04T09:15:00+01:00\"}").toString().contains("staffedBeds"));
        assertTrue(problems("bed-occupancy.v1.json", census + ", \"staffedBeds\": -1, \"occupiedBeds\": 0}")
                .toString().contains("staffedBeds"));
        assertEquals(Set.of(),
                problems("bed-occupancy.v1.json", census + ", \"staffedBeds\": 0, \"occupiedBeds\": 0}"));
    }

    @Test
    void outputsAllowNullOnlyWhereTheContractDoes() throws IOException {
        final String deviation = """
                {"granularity": "MONTH", "periodStart": "2025-03-01", "unitId": "u", "measure": "discharges",
                 "planKind": "TARGET", "actual": 3, "expected": %s, "deviation": 3, "deviationPct": null}""";

        assertEquals(Set.of(), problems("deviation.v1.json", deviation.formatted("0")));
        assertTrue(problems("deviation.v1.json", deviation.formatted("null")).toString().contains("expected"));
    }

    @Test
    void planValueMustNotBeNegativeAndMeasureMustBeKnown() throws IOException {
        final String plan = """
                {"unitId": "u", "measure": "%s", "planKind": "TARGET", "granularity": "WEEK",
                 "periodStart": "2025-03-03", "value": %s}""";

        assertTrue(problems("plan.v1.json", plan.formatted("operations", "-1")).toString().contains("value"));
        assertTrue(problems("plan.v1.json", plan.formatted("surgeries", "10")).toString().contains("measure"));
    }

    static Set<String> schemaFileNames() throws IOException {
        try (Stream<Path> files = Files.list(SCHEMAS)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".json"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static JsonNode topicsYaml() throws IOException {
        return new YAMLMapper().readTree(KAFKA.resolve("topics.yaml").toFile()).get("topics");
    }

    private static Set<ValidationMessage> problems(final String schemaFile, final String json) throws IOException {
        final JsonNode schemaNode = JSON.readTree(SCHEMAS.resolve(schemaFile).toFile());
        return FACTORY.getSchema(schemaNode, ASSERT_FORMATS).validate(JSON.readTree(json));
    }
}

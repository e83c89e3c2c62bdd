package se.pks.stream;

import static com.tngtech.archunit.base.DescribedPredicate.or;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import jakarta.ws.rs.HttpMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The packages follow one event's path (docs/architecture.md):
 *
 * <pre>
 *   model, analysis        the records and the statistics; no Kafka, no database
 *   ingest                 the rules an event or a plan must pass (model only)
 *   topics                 the topic registry, serdes, headers, topic creation, the acknowledged writer
 *   topology               Kafka Streams: validate, repartition by provider, FollowUpProcessor; writes the topics
 *   storage                queries of the database, the registers people edit, row helpers and SPC charts
 *   sink                   copies the output topics into PostgreSQL (through storage's helpers), refreshes the
 *                          derived figures
 *   api, alerts, demo      the ends: HTTP, alert rounds over the figures, the demo region
 *   notifications          delivery of what alerts owe their subscribers: webhooks, Slack, Teams, e-mail
 *   local                  the embedded broker and database, used only by the application's entry point
 * </pre>
 *
 * Each package may use only the packages above it that are listed in its rule below; the root package
 * {@code se.pks.stream} (configuration and the application's lifecycle) wires them together. The build fails on a
 * package cycle or on an arrow against that direction.
 */
class ArchitectureTest {

    private static final String ROOT = "se.pks.stream";

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    @Test
    void noCyclesBetweenPackages() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void theModelAndTheStatisticsKnowNoOtherPackage() {
        mayUseOnly("model");
        mayUseOnly("analysis", "model");
    }

    @Test
    void validationKnowsOnlyTheModel() {
        mayUseOnly("ingest", "model");
    }

    @Test
    void theTopicRegistryKnowsNothingDownstream() {
        mayUseOnly("topics", "model", "ingest", "");
    }

    @Test
    void theTopologyWritesTopicsAndKnowsNothingOfTheDatabaseOrTheApi() {
        mayUseOnly("topology", "model", "ingest", "topics", "");
    }

    @Test
    void theSinkReadsTopicsAndWritesTheDatabase() {
        mayUseOnly("sink", "model", "analysis", "topics", "storage", "");
    }

    @Test
    void storageKnowsNeitherKafkaNorTheSink() {
        mayUseOnly("storage", "model", "analysis", "");
    }

    @Test
    void alertsAndTheDemoReadFiguresAndWriteThroughTopics() {
        mayUseOnly("alerts", "model", "analysis", "storage", "topics", "");
        mayUseOnly("demo", "model", "storage", "topics", "");
        nothingElseUses("demo");
    }

    @Test
    void notificationsDeliverFromTheOutboxAndKnowNothingOfTheAlertRules() {
        mayUseOnly("notifications", "model", "storage", "");
        nothingElseUses("notifications");
    }

    @Test
    void reportsReadFiguresThroughStorageAndOnlyTheApiServesThem() {
        mayUseOnly("reports", "model", "analysis", "storage", "");
        noClasses().that().resideInAPackage(ROOT + ".*..").and().resideOutsideOfPackage(ROOT + ".reports..")
                .and().resideOutsideOfPackage(ROOT + ".api..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".reports..")
                .check(CLASSES);
    }

    @Test
    void theApiIsAnEnd() {
        mayUseOnly("api", "model", "analysis", "ingest", "topics", "topology", "storage", "alerts", "reports", "");
        nothingElseUses("api");
    }

    /**
     * A column rename must not change the public JSON: an endpoint answers with the api package's own records, copied
     * from the storage rows. Checked on what the endpoints declare they return and on every field of the api's
     * records (the entity of a {@code Response} is not visible to the check; those entities are api records too).
     */
    @Test
    void theApiAnswersWithItsOwnRecordsNotStorageRows() {
        methods().that().areDeclaredInClassesThat().resideInAPackage(ROOT + ".api..")
                .and().areMetaAnnotatedWith(HttpMethod.class)
                .should(new ArchCondition<JavaMethod>("return no storage type") {
                    @Override
                    public void check(final JavaMethod method, final ConditionEvents events) {
                        reportStorageTypes(method.getReturnType(), method.getFullName(), events);
                    }
                })
                .check(CLASSES);
        fields().that().areDeclaredInClassesThat(new DescribedPredicate<JavaClass>("are records") {
                    @Override
                    public boolean test(final JavaClass owner) {
                        return owner.isRecord();
                    }
                })
                .and().areDeclaredInClassesThat().resideInAPackage(ROOT + ".api..")
                .should(new ArchCondition<JavaField>("have no storage type") {
                    @Override
                    public void check(final JavaField field, final ConditionEvents events) {
                        reportStorageTypes(field.getType(), field.getFullName(), events);
                    }
                })
                .check(CLASSES);
    }

    private static void reportStorageTypes(final JavaType type, final String where, final ConditionEvents events) {
        for (final JavaClass involved : type.getAllInvolvedRawTypes()) {
            if (involved.getPackageName().startsWith(ROOT + ".storage")) {
                events.add(SimpleConditionEvent.violated(where, where + " exposes " + involved.getName()
                        + " in the public JSON; answer with an api record copied from it"));
            }
        }
    }

    @Test
    void onlyTheEntryPointStartsTheLocalInfrastructure() {
        mayUseOnly("local");
        nothingElseUses("local");
    }

    /**
     * Every package may use the root package's shared pieces (configuration, periodic tasks, back-off), so those use
     * no package; only the entry point and the shutdown order wire packages together, and no package uses them.
     */
    @Test
    void onlyTheEntryPointAndTheShutdownOrderWirePackagesTogether() {
        final String wiring = "se\\.pks\\.stream\\.(PksMain|ShutdownSequence)(\\$.*)?";
        noClasses().that().resideInAPackage(ROOT).and().haveNameNotMatching(wiring)
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".*..")
                .check(CLASSES);
        noClasses().that().resideInAPackage(ROOT + ".*..")
                .should().dependOnClassesThat().haveNameMatching(wiring)
                .check(CLASSES);
    }

    /** Classes in {@code pkg} use only their own package, the listed ones ("" is the root package) and libraries. */
    private static void mayUseOnly(final String pkg, final String... allowed) {
        final List<DescribedPredicate<? super JavaClass>> targets = new ArrayList<>();
        targets.add(resideOutsideOfPackage(ROOT + ".."));
        targets.add(resideInAPackage(ROOT + "." + pkg + ".."));
        for (final String other : allowed) {
            targets.add(other.isEmpty() ? resideInAPackage(ROOT) : resideInAPackage(ROOT + "." + other + ".."));
        }
        classes().that().resideInAPackage(ROOT + "." + pkg + "..")
                .should().onlyDependOnClassesThat(or(targets))
                .check(CLASSES);
    }

    /** No package but {@code pkg} itself and the root package uses {@code pkg}. */
    private static void nothingElseUses(final String pkg) {
        noClasses().that().resideInAPackage(ROOT + ".*..").and().resideOutsideOfPackage(ROOT + "." + pkg + "..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + "." + pkg + "..")
                .check(CLASSES);
    }
}

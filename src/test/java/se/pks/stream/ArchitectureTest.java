package se.pks.stream;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The packages follow one event's path: {@code model} (the records) and {@code ingest} (validation) know nothing of
 * Kafka; {@code topology} turns events into figures on the {@code topics}; the {@code sink} copies the topics into
 * PostgreSQL; {@code storage} queries the database and keeps the registers people edit; {@code api} and
 * {@code alerts} sit at the end. See docs/architecture.md. This test fails the build on a cycle between packages or
 * an arrow against that direction.
 */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("se.pks.stream");

    @Test
    void noCyclesBetweenPackages() {
        slices().matching("se.pks.stream.(*)..").should().beFreeOfCycles().check(CLASSES);
    }
}

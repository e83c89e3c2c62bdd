package se.pks.stream.storage;

import io.quarkus.flyway.FlywayConfigurationCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Makes Flyway run every repeatable migration ({@code R__*.sql} in {@code db/migration}) again whenever any one of
 * them changed, so that the first of them may drop all the views they define and the others create them afresh
 * (src/main/resources/db/migration/README.md). Flyway re-runs a repeatable migration when its checksum changes, and
 * computes that checksum after replacing placeholders; every R__ file holds the placeholder {@value #PLACEHOLDER},
 * whose value is a checksum of all of them. Without it, a changed family's file would run alone and could neither
 * drop a view that another family's views read nor leave those views behind.
 *
 * <p>Quarkus applies it to the service's own Flyway (a {@link FlywayConfigurationCustomizer} bean); anything else
 * that runs the migrations (the storage tests) calls {@link #configure(FluentConfiguration)}. Flyway fails on a
 * placeholder with no value, so a Flyway without it stops rather than running half the set.
 */
@Singleton
public final class RepeatableMigrations implements FlywayConfigurationCustomizer {

    /** The placeholder every R__ file carries. */
    public static final String PLACEHOLDER = "pks_repeatables_checksum";

    /**
     * The repeatable migrations, in the order Flyway runs them (by name). A new family's file is added here and to
     * {@code R__00_drop_views.sql}'s list; {@code RepeatableMigrationsTest} fails when this list and the folder
     * differ.
     */
    public static final List<String> FILES = List.of(
            "R__00_drop_views.sql",
            "R__01_calendar.sql",
            "R__02_periods_rollups_status.sql",
            "R__03_data_quality.sql",
            "R__04_actions.sql",
            "R__05_balanced_scorecard.sql",
            "R__06_key_figures.sql",
            "R__07_deficiencies.sql",
            "R__08_alerts.sql",
            "R__09_approval.sql",
            "R__10_plan_versions.sql",
            "R__11_benchmarking_round.sql",
            "R__90_privileges.sql");

    private static final String LOCATION = "db/migration/";

    @Override
    public void customize(final FluentConfiguration configuration) {
        configure(configuration);
    }

    /** Adds the placeholder, computed from the R__ files on the class path, to the configuration's own. */
    public static FluentConfiguration configure(final FluentConfiguration configuration) {
        return configure(configuration, RepeatableMigrations::fromClassPath);
    }

    /**
     * Adds the placeholder computed from the R__ files as {@code contents} reads them by name: for a Flyway whose
     * location is not the class path, the same files as that location holds.
     */
    public static FluentConfiguration configure(final FluentConfiguration configuration,
            final Function<String, String> contents) {
        final Map<String, String> placeholders = new HashMap<>(configuration.getPlaceholders());
        placeholders.put(PLACEHOLDER, checksum(contents));
        return configuration.placeholders(placeholders);
    }

    /** SHA-256 over every file's name and text, in order, as hex: changes when any file changes. */
    static String checksum(final Function<String, String> contents) {
        try {
            final MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (final String file : FILES) {
                // name and text, each followed by a separator no file name holds, so that moving text from one
                // file to the next changes the checksum too
                digest.update(file.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(contents.apply(file).getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static String fromClassPath(final String file) {
        final ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader()
                : RepeatableMigrations.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(LOCATION + file)) {
            if (in == null) {
                throw new IllegalStateException("Repeatable migration " + LOCATION + file
                        + " is listed in RepeatableMigrations.FILES but not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (final IOException e) {
            throw new UncheckedIOException("Could not read " + LOCATION + file, e);
        }
    }
}

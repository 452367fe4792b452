package de.videoberatung.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import de.videoberatung.app.Launcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The server bundle carries only the libraries in {@code packaging/server/server-dependencies.txt} (and what Maven
 * resolves for them): the server's code, with the api, db and threads packages it uses, must need nothing else.
 */
class ServerDependenciesTest {

    static final Path LIST = Path.of("packaging/server/server-dependencies.txt");

    @Test
    void theServersCodeUsesOnlyTheListedLibraries() throws Exception {
        List<String> allowed = new ArrayList<>(List.of("java..", "javax.crypto..", "javax.net.ssl..",
                "de.videoberatung.server..", "de.videoberatung.api..", "de.videoberatung.db..",
                "de.videoberatung.threads..", "de.videoberatung.logging.."));
        for (String line : Files.readAllLines(LIST)) {
            String[] fields = line.trim().split("\\s+");
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            assertThat(fields).as("dependency and its packages: %s", line).hasSizeGreaterThan(1);
            Arrays.stream(fields).skip(1).map(p -> p + "..").forEach(allowed::add);
        }
        JavaClasses server = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("de.videoberatung.server", "de.videoberatung.api", "de.videoberatung.db",
                        "de.videoberatung.threads", "de.videoberatung.logging");
        assertThat(server).isNotEmpty();
        classes().should().onlyDependOnClassesThat().resideInAnyPackage(allowed.toArray(String[]::new))
                .because("the server bundle (packaging/build-server.sh) holds only the listed libraries")
                .check(server);
    }

    @Test
    void theJarsMainClassNamesNoDesktopLibrarySoTheBundleStartsThroughIt() {
        JavaClass launcher = new ClassFileImporter().importClass(Launcher.class);
        List<String> named = launcher.getDirectDependenciesFromSelf().stream()
                .map(d -> d.getTargetClass().getName()).distinct().toList();
        assertThat(named).as("what the bundle's main class names (the desktop start stays behind one call)")
                .allMatch(n -> n.startsWith("java.") || n.startsWith("[Ljava.") || n.startsWith("de.videoberatung.server.")
                        || n.equals("de.videoberatung.app.DesktopMain"));
    }
}

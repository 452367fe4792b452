package de.videoberatung.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape of the code, checked from the first commit on. The directions of dependency between our
 * packages are not written here but read from the package table in docs/architecture.md, so the document
 * and the code cannot drift apart.
 */
class ArchitectureTest {

    static final String ROOT = "de.videoberatung";
    static JavaClasses classes;
    static PackageTable table;

    @BeforeAll
    static void importClasses() throws IOException {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
        table = PackageTable.parse(Files.readString(Path.of("docs", "architecture.md")));
    }

    @Test
    void theTableNamesExactlyThePackagesThatExist() {
        Set<String> inCode = new TreeSet<>();
        classes.forEach(c -> inCode.add(PackageTable.topLevel(c.getName())));
        assertThat(table.packages()).as("packages in docs/architecture.md").isEqualTo(inCode);
    }

    @Test
    void everyPackageDependsOnlyOnWhatTheTableAllows() {
        Set<String> violations = new TreeSet<>();
        for (JavaClass origin : classes) {
            String from = PackageTable.topLevel(origin.getName());
            for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                String target = dependency.getTargetClass().getName();
                if (target.startsWith(ROOT + ".") && !table.allows(from, target)) {
                    violations.add(from + " -> " + target + " (" + origin.getSimpleName() + ")");
                }
            }
        }
        assertThat(violations).as("dependencies not in the 'may depend on' column of docs/architecture.md")
                .isEmpty();
    }

    @Test
    void featurePackagesAreFreeOfCycles() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void backgroundLayersHaveNoJavaFx() {
        noClasses().that().resideInAnyPackage(ROOT + ".api..", ROOT + ".db..", ROOT + ".store..", ROOT + ".sync..",
                        ROOT + ".server..", ROOT + ".call..", ROOT + ".i18n..", ROOT + ".threads..")
                .should().dependOnClassesThat().resideInAPackage("javafx..")
                .check(classes);
    }

    @Test
    void theEnginesMediaStateIsReadOnlyWhereThePhaseIsDerived() {
        noClasses().that().resideOutsideOfPackage(ROOT + ".media.call..")
                .and().haveNameNotMatching("de\\.videoberatung\\.call\\.ActiveCall(\\$.*)?")
                .should().dependOnClassesThat().haveFullyQualifiedName(ROOT + ".media.call.MediaState")
                .check(classes);
    }

    @Test
    void mediaUsesNoJavaFxViews() {
        noClasses().that().resideInAPackage(ROOT + ".media..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..",
                        "javafx.application..")
                .check(classes);
    }

    @Test
    void nobodyWritesToStandardStreamsOutsideTheCommandLineEntryPoints() {
        noClasses().that().doNotHaveFullyQualifiedName(ROOT + ".app.Launcher")
                .and().doNotHaveFullyQualifiedName(ROOT + ".app.DesktopMain")
                .and().doNotHaveFullyQualifiedName(ROOT + ".server.ServerMain")
                .and().doNotHaveFullyQualifiedName(ROOT + ".app.VideoberatungApp")
                .and().doNotHaveFullyQualifiedName(ROOT + ".app.StartupTrace")
                .should().accessField(System.class, "out").orShould().accessField(System.class, "err")
                .check(classes);
    }
}

package de.videoberatung.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The directions of dependency that keep features apart, checked from the first commit on. */
class ArchitectureTest {

    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("de.videoberatung");
    }

    @Test
    void serverNeverDependsOnDesktopPackages() {
        noClasses().that().resideInAPackage("..server..")
                .should().dependOnClassesThat().resideInAnyPackage("..app..", "..queue..", "..call..", "..devices..",
                        "..notes..", "..teamlead..", "..settings..", "..store..", "..sync..", "..media..", "javafx..")
                .check(classes);
    }

    @Test
    void backgroundLayersHaveNoJavaFx() {
        noClasses().that().resideInAnyPackage("..api..", "..db..", "..store..", "..sync..", "..server..",
                        "de.videoberatung.call")
                .should().dependOnClassesThat().resideInAPackage("javafx..")
                .check(classes);
    }

    @Test
    void mediaUsesNoJavaFxViews() {
        noClasses().that().resideInAPackage("..media..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..",
                        "javafx.application..")
                .check(classes);
    }

    @Test
    void apiAndStorageDoNotReachIntoFeatures() {
        noClasses().that().resideInAnyPackage("..api..", "..db..", "..store..")
                .should().dependOnClassesThat().resideInAnyPackage("..app..", "..queue..", "..call..", "..devices..",
                        "..notes..", "..teamlead..", "..server..")
                .check(classes);
    }

    @Test
    void nobodyWritesToStandardStreamsOutsideTheCommandLineEntryPoints() {
        noClasses().that().doNotHaveSimpleName("Launcher").and().doNotHaveSimpleName("ServerMain")
                .and().doNotHaveSimpleName("VideoberatungApp")
                .should().accessField(System.class, "out").orShould().accessField(System.class, "err")
                .check(classes);
    }
}

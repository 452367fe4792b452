package de.videoberatung.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The logging set-up in code: what the file receives and what the chatty libraries may say. */
class LogSetupTest {

    @Test
    void writesInfoToTheRollingFileAndKeepsLibrariesQuiet(@TempDir Path logDir) throws Exception {
        LoggerContext context = new LoggerContext();
        // What logback's SLF4J provider gives the real context.
        context.setMDCAdapter(new LogbackMDCAdapter());
        try {
            LogSetup.configure(context, logDir);
            context.getLogger("de.videoberatung.app.AppContext").info("embedded demo server started");
            context.getLogger("de.videoberatung.app.AppContext").debug("not at INFO");
            context.getLogger("org.eclipse.jetty.server.Server").info("jetty chatter");
            context.getLogger("org.eclipse.jetty.server.Server").warn("jetty warning");
        } finally {
            context.stop();
        }
        String log = Files.readString(logDir.resolve("videoberatung.log"), StandardCharsets.UTF_8);
        assertThat(log).containsPattern("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3} INFO  \\[[^]]+] "
                + "de\\.videoberatung\\.app\\.AppContext - embedded demo server started");
        assertThat(log).contains("WARN  ", "jetty warning").doesNotContain("jetty chatter", "not at INFO");
    }

    @Test
    void leavesTheTestsXmlToLogback() {
        // The test class path has logback-test.xml: Joran reads it, not this set-up.
        LoggerContext context = new LoggerContext();
        LogSetup setup = new LogSetup();
        setup.setContext(context);
        assertThat(setup.configure(context)).isEqualTo(LogSetup.ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger("ROOT").iteratorForAppenders().hasNext()).isFalse();
    }

    @Test
    void beforeTheFolderIsKnownOnlyTheConsoleLogsAndThenTheFileTakesOver(@TempDir Path dir) throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        Path logDir = dir.resolve("logs");
        try {
            LogSetup.configure(context, null); // something logged while the configuration was read
            context.getLogger("net.fortuna.ical4j.model.TimeZoneLoader").warn("early");
            assertThat(dir).isEmptyDirectory();

            LogSetup.logTo(context, logDir);
            context.getLogger("de.videoberatung.app.AppContext").info("after the configuration");
            LogSetup.logTo(context, logDir); // the same folder again changes nothing
            context.getLogger("de.videoberatung.app.AppContext").info("still there");
        } finally {
            context.stop();
        }
        assertThat(Files.readString(logDir.resolve("videoberatung.log"), StandardCharsets.UTF_8))
                .contains("after the configuration", "still there").doesNotContain("early");
    }

    @Test
    void aTestConfigurationIsNotReplaced(@TempDir Path dir) {
        LoggerContext context = new LoggerContext();
        LogSetup.logTo(context, dir); // not configured by this class
        assertThat(context.getLogger("ROOT").iteratorForAppenders().hasNext()).isFalse();
    }
}

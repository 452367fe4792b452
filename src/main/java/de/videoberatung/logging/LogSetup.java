package de.videoberatung.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.util.FileSize;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Logback's configuration for the app and the server, in code rather than a {@code logback.xml}: reading the XML
 * (an XML parser, Joran's model and its reflection, ~500 classes) cost a noticeable part of the start to the
 * queue. Logback finds this class as a service ({@code META-INF/services}) before it looks for XML.
 *
 * <ul>
 *   <li>console and a rolling file {@code <logDir>/videoberatung.log} (10 MB per file, 14 days, 200 MB in all);
 *       {@code logDir} is the system property {@code videoberatung.logDir}, or the folder the launcher and the
 *       server give {@link #logTo} once their configuration is read (until then the console alone: reading it
 *       may log already, and nothing is to be left in a temp folder);</li>
 *   <li>INFO, and WARN for the chatty libraries.</li>
 * </ul>
 * A {@code logback-test.xml} on the class path (the tests) or {@code -Dlogback.configurationFile} still wins.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {

    static final String LOG_DIR_PROPERTY = "videoberatung.logDir";
    /** In the logger context: the folder this class configured (or that it logs to the console only). */
    private static final String CONFIGURED = LogSetup.class.getName();
    private static final List<String> QUIET = List.of("org.eclipse.jetty", "io.javalin", "org.flywaydb",
            "org.jitsi", "org.ice4j", "com.github.sarxos");

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || LogSetup.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        String dir = System.getProperty(LOG_DIR_PROPERTY);
        configure(context, dir != null ? Path.of(dir) : null);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /**
     * Logs go to {@code logDir} from now on: the launcher calls this once it knows the folder. If logback was
     * already configured here for another folder (something logged while the configuration was read), it is
     * configured again; a test configuration is left alone.
     */
    public static void logTo(Path logDir) {
        System.setProperty(LOG_DIR_PROPERTY, logDir.toString());
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            logTo(context, logDir);
        }
    }

    static void logTo(LoggerContext context, Path logDir) {
        if (context.getObject(CONFIGURED) != null && !logDir.equals(context.getObject(CONFIGURED))) {
            context.reset();
            configure(context, logDir);
        }
    }

    /** Console and, with a {@code logDir}, the rolling file there; the levels. */
    static void configure(LoggerContext context, Path logDir) {
        context.putObject(CONFIGURED, logDir != null ? logDir : "console only");
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("CONSOLE");
        console.setEncoder(encoder(context, "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n"));
        console.start();

        for (String name : QUIET) {
            context.getLogger(name).setLevel(Level.WARN);
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(console);
        if (logDir != null) {
            root.addAppender(rollingFile(context, logDir));
        }
    }

    private static RollingFileAppender<ILoggingEvent> rollingFile(LoggerContext context, Path logDir) {
        RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
        file.setContext(context);
        file.setName("FILE");
        file.setFile(logDir.resolve("videoberatung.log").toString());
        SizeAndTimeBasedRollingPolicy<ILoggingEvent> rolling = new SizeAndTimeBasedRollingPolicy<>();
        rolling.setContext(context);
        rolling.setParent(file);
        rolling.setFileNamePattern(logDir.resolve("videoberatung.%d{yyyy-MM-dd}.%i.log.gz").toString());
        rolling.setMaxFileSize(FileSize.valueOf("10MB"));
        rolling.setMaxHistory(14);
        rolling.setTotalSizeCap(FileSize.valueOf("200MB"));
        rolling.start();
        file.setRollingPolicy(rolling);
        file.setEncoder(encoder(context, "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n"));
        file.start();
        return file;
    }

    private static PatternLayoutEncoder encoder(LoggerContext context, String pattern) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.start();
        return encoder;
    }
}

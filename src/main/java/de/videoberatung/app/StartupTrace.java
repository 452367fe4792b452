package de.videoberatung.app;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Start-up phases for the benchmarks: with {@code --exit-after-queue-shown} each phase prints
 * {@code STARTUP <phase> <ms since the JVM started> <CPU ms the process used so far> <thread>} on standard output;
 * otherwise this does nothing. The CPU figure tells work from waiting on a machine shared with other load.
 */
final class StartupTrace {

    /** Set by the launcher before anything starts; read once. */
    static final String PROPERTY = "videoberatung.startupTrace";

    private StartupTrace() {
    }

    static void mark(String phase) {
        if (Boolean.getBoolean(PROPERTY)) {
            System.out.println("STARTUP " + phase + " " + sinceJvmStart() + " " + processCpuMillis() + " "
                    + Thread.currentThread().getName());
        }
    }

    /**
     * CPU time of the whole process (all threads, JIT and GC included) from Linux's {@code /proc/self/stat}
     * (user + system, in 10 ms ticks), or -1 elsewhere; the app image's runtime has no {@code jdk.management}.
     */
    static long processCpuMillis() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // Fields 14 and 15 of stat(5); the array starts at field 3 (the state).
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Milliseconds since the JVM started (the figure {@code QUEUE_SHOWN} reports). */
    static long sinceJvmStart() {
        return System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    }
}

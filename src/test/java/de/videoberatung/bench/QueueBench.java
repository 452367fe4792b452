package de.videoberatung.bench;

import de.videoberatung.api.SessionResponse;
import de.videoberatung.app.AdvisorSession;
import de.videoberatung.app.AppConfigs;
import de.videoberatung.app.AppContext;
import de.videoberatung.app.MainWindow;
import de.videoberatung.queue.QueueModel;
import com.sun.management.OperatingSystemMXBean;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * Day-queue benchmarks, printed as medians of several runs:
 * <ol>
 *   <li>process start to the queue showing the demo day (a fresh JVM each run, headless Monocle);</li>
 *   <li>loading and rendering a day of 2,000 appointments from the server, and filtering it by search text.</li>
 * </ol>
 * Run with {@code mvn -B -Pbench verify} (or {@code exec:java} with this class and test scope).
 */
public final class QueueBench {

    private static final int RUNS = 5;

    /** {@code -Dbench.args=start} or {@code rows} runs one part; empty runs both. */
    public static void main(String[] args) throws Exception {
        String part = System.getProperty("bench.args", "").trim();
        Bench.headlessFx();
        try {
            if (!part.equals("rows")) {
                startToQueue();
            }
            if (!part.equals("start")) {
                bigDay();
            }
        } finally {
            Platform.exit();
        }
    }

    /**
     * Start to the queue without and with a class-data-sharing archive made by one training start (as the app
     * image does), alternating so both see the same load.
     */
    private static void startToQueue() throws Exception {
        String load = loadAverage();
        Path archive = Files.createTempDirectory("vb-bench-cds").resolve("app.jsa");
        long training = startToQueueMillis(List.of("-XX:ArchiveClassesAtExit=" + archive));
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException("the training start wrote no CDS archive");
        }
        System.out.println("  CDS archive " + Files.size(archive) / 1_000_000 + " MB (training start " + training
                + " ms)");
        Map<String, List<Long>> plain = new LinkedHashMap<>();
        Map<String, List<Long>> shared = new LinkedHashMap<>();
        List<Long> plainShown = new ArrayList<>();
        List<Long> sharedShown = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            plainShown.add(startToQueueMillis(List.of(), plain));
            sharedShown.add(startToQueueMillis(List.of("-XX:SharedArchiveFile=" + archive), shared));
        }
        Bench.report("start to queue shown (ms, fresh JVM, demo)", plainShown);
        Bench.report("start to queue shown with AppCDS (ms, fresh JVM, demo)", sharedShown);
        System.out.println("  load average (1 min) before / after: " + load + " / " + loadAverage());
        System.out.println("  phases, median ms since the JVM started / CPU ms the process used by then:");
        for (Map<String, List<Long>> phases : List.of(plain, shared)) {
            System.out.println(phases == plain ? "    without AppCDS" : "    with AppCDS");
            phases.forEach((phase, values) -> {
                if (phase.startsWith("cpu:")) {
                    return;
                }
                System.out.printf("      %-14s %6d / %6d%n", phase, Bench.median(values),
                        Bench.median(phases.getOrDefault("cpu:" + phase, List.of(-1L))));
            });
        }
    }

    /**
     * One start; adds the {@code STARTUP} phases the app prints (wall and, as {@code cpu:phase}, CPU ms) to
     * {@code phases}. Answers the milliseconds to the queue shown.
     */
    private static long startToQueueMillis(List<String> jvmFlags) throws Exception {
        return startToQueueMillis(jvmFlags, new LinkedHashMap<>());
    }

    private static long startToQueueMillis(List<String> jvmFlags, Map<String, List<Long>> phases)
            throws Exception {
        Path data = Files.createTempDirectory("vb-bench");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", appClassPath()));
        command.addAll(jvmFlags);
        command.addAll(Bench.HEADLESS_FX_FLAGS);
        command.addAll(List.of("de.videoberatung.app.Launcher", "--data-dir", data.toString(),
                "--exit-after-queue-shown"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("STARTUP ")) {
                    // STARTUP <phase> <ms since JVM start> <process CPU ms> <thread>
                    String[] f = line.split(" ", 5);
                    phases.computeIfAbsent(f[1], k -> new ArrayList<>()).add(Long.parseLong(f[2]));
                    phases.computeIfAbsent("cpu:" + f[1], k -> new ArrayList<>()).add(Long.parseLong(f[3]));
                }
                if (line.startsWith("QUEUE_SHOWN ")) {
                    long shown = Long.parseLong(line.substring("QUEUE_SHOWN ".length()).trim());
                    // Drain the output until exit: a training start writes its archive then.
                    while (out.readLine() != null) {
                        // nothing to keep
                    }
                    process.waitFor(120, TimeUnit.SECONDS);
                    return shown;
                }
            }
        }
        throw new IllegalStateException("the app never reported the queue as shown");
    }

    /**
     * The app as it ships (the packaged jar, its libraries and Monocle) rather than the class folders: class-data
     * sharing archives classes from jars only.
     */
    private static String appClassPath() {
        Path jar = Path.of("target", "videoberatung.jar");
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.endsWith(".jar")) {
                entries.add(entry);
            } else if (entry.endsWith("classes") && !entry.endsWith("test-classes") && !Files.isRegularFile(jar)) {
                entries.add(entry);
            }
        }
        if (Files.isRegularFile(jar)) {
            entries.add(0, jar.toAbsolutePath().toString());
        }
        return String.join(File.pathSeparator, entries);
    }

    /** CPU time of one thread of this JVM: unlike wall time, hardly changed by other work on the machine. */
    private static long threadCpuMillis(long threadId) {
        return ManagementFactory.getThreadMXBean().getThreadCpuTime(threadId) / 1_000_000;
    }

    private static long processCpuMillis() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1_000_000;
    }

    private static String loadAverage() {
        return String.format(Locale.ROOT, "%.1f",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static void bigDay() throws Exception {
        Path data = Files.createTempDirectory("vb-bench-big");
        // Devices are not part of this measurement: they stay "starting".
        AppContext context = AppContext.start(AppConfigs.demo(data, "07:00"), Clock.systemUTC(),
                new CompletableFuture<>());
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Berlin"));
        addAppointments(context.embeddedServer().dataDir().resolve("server.db"), 2_000 - 12);
        SessionResponse session = context.signInDemo();

        List<Long> loads = new ArrayList<>();
        List<Long> loadsFxCpu = new ArrayList<>();
        List<Long> loadsProcessCpu = new ArrayList<>();
        List<Long> filters = new ArrayList<>();
        long[] fxThread = new long[1];
        onFx(() -> fxThread[0] = Thread.currentThread().getId());
        MainWindow[] window = new MainWindow[1];
        Stage[] stage = new Stage[1];
        onFx(() -> {
            window[0] = MainWindow.open(context, session, () -> null, () -> { });
            stage[0] = new Stage();
            stage[0].setScene(new Scene(window[0].start(), 1280, 800));
            stage[0].show();
        });
        QueueModel queue = ((AdvisorSession) window[0].session()).queue();
        Bench.waitUntil(() -> queue.allAppointments().size() == 2_000);
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            onFx(queue::nextDay);
            Bench.waitUntil(() -> !queue.loadingProperty().get() && queue.allAppointments().isEmpty());
            long fxCpu = threadCpuMillis(fxThread[0]);
            long processCpu = processCpuMillis();
            start = System.nanoTime();
            onFx(() -> queue.dayProperty().set(today));
            Bench.waitUntil(() -> !queue.loadingProperty().get() && queue.allAppointments().size() == 2_000);
            onFx(() -> stage[0].getScene().getRoot().layout());
            loads.add((System.nanoTime() - start) / 1_000_000);
            loadsFxCpu.add(threadCpuMillis(fxThread[0]) - fxCpu);
            loadsProcessCpu.add(processCpuMillis() - processCpu);

            long filterStart = System.nanoTime();
            onFx(() -> {
                queue.searchProperty().set("19");
                stage[0].getScene().getRoot().layout();
            });
            filters.add((System.nanoTime() - filterStart) / 1_000_000);
            System.out.println("  filter '19' keeps " + queue.visibleAppointments().size() + " of 2000 rows");
            onFx(() -> queue.searchProperty().set(""));
        }
        Bench.report("load and render a day of 2,000 appointments (ms)", loads);
        Bench.report("  of it CPU of the FX thread (ms)", loadsFxCpu);
        Bench.report("  of it CPU of the process: server, client, FX (ms)", loadsProcessCpu);
        Bench.report("filter 2,000 rows by search text and lay out (ms)", filters);
        onFx(() -> stage[0].close());
        onFx(() -> window[0].stop());
        window[0].session().close();
        context.close();
    }

    /** Copies the demo advisor's first appointment into {@code count} more on the same day. */
    private static void addAppointments(Path serverDb, int count) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + serverDb)) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO appointment (advisor_id, team_id, "
                    + "customer_name, customer_number, customer_phone, topic, channel, starts_at, ends_at, status, "
                    + "join_token, updated_at) SELECT advisor_id, team_id, customer_name || ' ' || ?, customer_number, "
                    + "customer_phone, topic, channel, starts_at + ? * 1000, ends_at + ? * 1000, 'SCHEDULED', NULL, "
                    + "updated_at FROM appointment WHERE id = (SELECT MIN(a.id) FROM appointment a JOIN account u ON "
                    + "u.id = a.advisor_id WHERE u.username = 'demo.berater')")) {
                for (int i = 0; i < count; i++) {
                    ps.setInt(1, i);
                    ps.setInt(2, i * 15);
                    ps.setInt(3, i * 15);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        }
    }

    static void onFx(Runnable action) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        Platform.runLater(() -> {
            try {
                action.run();
            } finally {
                done.countDown();
            }
        });
        done.await(30, TimeUnit.SECONDS);
    }

    /** Shared measuring helpers of the benchmarks. */
    static final class Bench {
        static final List<String> HEADLESS_FX_FLAGS = List.of("-Dglass.platform=Monocle",
                "-Dmonocle.platform=Headless", "-Dprism.order=sw", "-Djava.awt.headless=true");

        static void headlessFx() throws InterruptedException {
            for (String flag : HEADLESS_FX_FLAGS) {
                String[] kv = flag.substring(2).split("=", 2);
                System.setProperty(kv[0], kv[1]);
            }
            CountDownLatch started = new CountDownLatch(1);
            Platform.startup(started::countDown);
            started.await();
        }

        static void waitUntil(BooleanSupplier condition) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!condition.getAsBoolean()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("condition not met within 60 s");
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }

        static long median(List<Long> values) {
            List<Long> sorted = new ArrayList<>(values);
            Collections.sort(sorted);
            return sorted.get(sorted.size() / 2);
        }

        static void report(String what, List<Long> values) {
            List<Long> sorted = new ArrayList<>(values);
            Collections.sort(sorted);
            System.out.printf("BENCH %-55s median %6d   min %6d   max %6d   runs %s%n", what,
                    sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1), values);
        }
    }
}

package de.videoberatung.bench;

import com.sun.management.OperatingSystemMXBean;
import com.sun.net.httpserver.HttpServer;
import de.videoberatung.api.ApiClient;
import de.videoberatung.api.Appointment;
import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.api.Channel;
import de.videoberatung.api.ServerConnection;
import de.videoberatung.call.ActiveCall;
import de.videoberatung.call.CallObserver;
import de.videoberatung.call.CallService;
import de.videoberatung.call.shaped.CallLab;
import de.videoberatung.media.call.CallEngine;
import de.videoberatung.media.call.CallEngineConfig;
import de.videoberatung.media.camera.CameraClip;
import de.videoberatung.media.camera.OpenCamera;
import de.videoberatung.media.camera.TestCameras;
import de.videoberatung.media.camera.TestbildDriver;
import de.videoberatung.media.camera.VideoSize;
import de.videoberatung.media.video.CameraFeed;
import de.videoberatung.server.ConsultationServer;
import de.videoberatung.server.ServerOptions;
import de.videoberatung.testsupport.HeadlessChromium;
import de.videoberatung.testsupport.PulseAudioServer;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Call set-up time and advisor CPU: the engine against headless Chromium, and as the reference
 * Chromium against Chromium, measured in the same run on the same machine.
 *
 * <p>Set-up time: from the moment the advisor starts the call (the customer waits in the join page's
 * waiting room with camera and microphone open) to the first decoded remote video frame, on each side.
 * The engine's calls go the product's way, through the real server's signalling and the real join page;
 * the reference is signalled by this benchmark directly, with camera and microphone also opened beforehand.
 * Every camera is camera-like: the engine's is the moving Testbild, both browsers' the same picture as a
 * Y4M clip (640x480, 20 fps). CPU: the advisor's process
 * (this JVM for the engine; the advisor browser's process tree for the reference) during a 30 s
 * 640x480 call, in percent of one core.
 *
 * <p>Run (see docs/call.md): {@code PULSE_SERVER=unix:$PWD/target/pulse/native java -cp
 * target/test-classes:target/classes:$(cat target/cp.txt) de.videoberatung.bench.CallBench [runs] [seconds]}
 */
public final class CallBench {

    private static final int FPS = 20;

    private record Run(double advisorFirstFrameMs, double customerFirstFrameMs, double advisorCpuPercent) {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        List<Run> engine = new ArrayList<>();
        List<Run> reference = new ArrayList<>();
        Path data = Files.createTempDirectory("callbench-");
        try (PulseAudioServer pulse = PulseAudioServer.start()) {
            pulse.run("set-default-source", PulseAudioServer.TONE_SOURCE);
            pulse.run("set-default-sink", PulseAudioServer.SINK);
            CallEngine callEngine = CallEngine.start(CallEngineConfig.loopback());
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            http.createContext("/", ex -> {
                try (InputStream in = CallBench.class.getResourceAsStream("bench.html")) {
                    byte[] page = in.readAllBytes();
                    ex.sendResponseHeaders(200, page.length);
                    ex.getResponseBody().write(page);
                } finally {
                    ex.close();
                }
            });
            http.start();
            String url = "http://127.0.0.1:" + http.getAddress().getPort() + "/";
            Map<String, String> env = Map.of("PULSE_SERVER", System.getenv("PULSE_SERVER"));
            // Camera-like pictures on every side (the flat pattern costs the encoder almost nothing).
            List<String> clip = List.of("--use-file-for-fake-video-capture="
                    + CameraClip.write(data.resolve("clip.y4m"), "Kamera", VideoSize.VGA, FPS));
            TestbildDriver testbild = TestCameras.testbild();
            if (!testbild.isPlugged(TestbildDriver.MOVING_NAME)) {
                testbild.plugMoving(TestbildDriver.MOVING_NAME);
            }
            Path chromium = Path.of("/usr/bin/chromium");
            try (HeadlessChromium customer = HeadlessChromium.start(env, chromium, clip);
                 HeadlessChromium advisorBrowser = HeadlessChromium.start(env, chromium, clip);
                 OpenCamera camera = TestCameras.service().open(TestbildDriver.MOVING_NAME, VideoSize.VGA)
                         .get(20, TimeUnit.SECONDS)) {
                for (int i = 0; i < runs; i++) {
                    engine.add(engineRun(customer.driver(), callEngine, CallLab.atRate(camera, FPS), data.resolve("run" + i), seconds));
                    reference.add(referenceRun(advisorBrowser, customer.driver(), url, seconds));
                    System.out.printf("run %d: engine %s | chromium %s%n", i + 1, engine.get(i), reference.get(i));
                }
            } finally {
                http.stop(0);
                callEngine.close();
            }
        }
        report("engine (libjitsi) vs Chromium", engine);
        report("Chromium vs Chromium (reference)", reference);
        double e = median(engine, Run::advisorFirstFrameMs);
        double r = median(reference, Run::advisorFirstFrameMs);
        double c = median(engine, Run::customerFirstFrameMs);
        double cr = median(reference, Run::customerFirstFrameMs);
        double cpu = median(engine, Run::advisorCpuPercent);
        double cpuRef = median(reference, Run::advisorCpuPercent);
        System.out.printf("BENCH call.setup.advisor.ratio %.2f%nBENCH call.setup.customer.ratio %.2f%n"
                + "BENCH call.cpu.advisor.ratio %.2f%n", e / r, c / cr, cpu / cpuRef);
        System.exit(0);
    }

    /**
     * One call the product's way: a fresh demo server, the customer's join page in its waiting room, the
     * advisor's {@link CallService} starts the call; set-up time from that start to the first decoded frame.
     */
    private static Run engineRun(ChromeDriver customer, CallEngine callEngine, CameraFeed camera, Path data,
                                 int seconds) throws Exception {
        try (ConsultationServer server = ConsultationServer.create(ServerOptions.builder(data).demo(true)
                .demoTime(LocalTime.of(7, 0)).build()).start()) {
            ApiClient api = new ApiClient(server.baseUri());
            api.login("demo.berater", "demo");
            ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
            ServerConnection connection = new ServerConnection(api, scheduler, Clock.systemUTC(), c -> false);
            CompletableFuture<Void> online = new CompletableFuture<>();
            connection.onEvent(ev -> online.complete(null));
            connection.start();
            online.get(10, TimeUnit.SECONDS);
            try (CallService calls = new CallService(callEngine, connection, Clock.systemUTC())) {
                Appointment a = api.appointments(LocalDate.now(ZoneId.of("Europe/Berlin"))).stream()
                        .filter(x -> x.channel() == Channel.VIDEO && x.status() == AppointmentStatus.SCHEDULED)
                        .findFirst().orElseThrow();
                CallLab.enterWaitingRoom(customer, a.joinUrl());
                CompletableFuture<Long> first = new CompletableFuture<>();
                // The customer's page notes the start and polls its own decoder every 10 ms.
                customer.executeScript("window.benchStart = performance.now(); window.benchFirst = null;"
                        + "const poll = setInterval(async () => { const pc = window.joinPage.peerConnection();"
                        + " if (!pc) return; (await pc.getStats()).forEach(s => { if (s.type === 'inbound-rtp'"
                        + " && s.kind === 'video' && s.framesDecoded > 0 && window.benchFirst === null) {"
                        + " window.benchFirst = performance.now() - window.benchStart; clearInterval(poll); } }); }, 10);");
                long t0 = System.nanoTime();
                ActiveCall call = calls.start(a.id(), camera, frame -> first.complete(System.nanoTime()),
                        new CallObserver() { });
                double advisorMs = (first.get(30, TimeUnit.SECONDS) - t0) / 1e6;
                double customerMs = ((Number) async(customer, "(function wait() { if (window.benchFirst !== null)"
                        + " done(window.benchFirst); else setTimeout(wait, 10); })()")).doubleValue();
                double cpu = cpuPercent(seconds, CallBench::jvmCpuNanos);
                call.hangUp();
                customer.get("about:blank");
                return new Run(advisorMs, customerMs, cpu);
            } finally {
                connection.close();
                scheduler.shutdownNow();
            }
        }
    }

    private static Run referenceRun(HeadlessChromium advisor, ChromeDriver customer, String url, int seconds)
            throws Exception {
        advisor.driver().get(url);
        customer.get(url);
        async(advisor.driver(), "prepare().then(() => done('ok'))");
        async(customer, "prepare().then(() => done('ok'))");
        long t0 = System.nanoTime();
        // The customer offers, as with the engine; the advisor browser answers.
        String offer = (String) async(customer, "makeOffer().then(done)");
        String answer = (String) async(advisor.driver(), "answer(arguments[0]).then(done)", offer);
        async(customer, "accept(arguments[0]).then(() => done('ok'))", answer);
        double customerMs = ((Number) async(customer, "firstFrameMs().then(done)")).doubleValue();
        async(advisor.driver(), "firstFrameMs().then(done)");
        double advisorMs = (System.nanoTime() - t0) / 1e6;
        long advisorPid = advisor.browserPid();
        double cpu = cpuPercent(seconds, () -> treeCpuNanos(advisorPid));
        advisor.driver().executeScript("hangUp()");
        customer.executeScript("hangUp()");
        return new Run(advisorMs, customerMs, cpu);
    }

    private static Object async(ChromeDriver d, String body, Object... args) {
        return d.executeAsyncScript("const done = arguments[arguments.length - 1];" + body, args);
    }

    private interface CpuClock {
        long nanos() throws IOException;
    }

    private static double cpuPercent(int seconds, CpuClock clock) throws IOException, InterruptedException {
        long wall0 = System.nanoTime();
        long cpu0 = clock.nanos();
        TimeUnit.SECONDS.sleep(seconds); // the measurement window itself, not a synchronisation
        long cpu1 = clock.nanos();
        return 100.0 * (cpu1 - cpu0) / (System.nanoTime() - wall0);
    }

    private static long jvmCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** utime + stime of a process and all its descendants, from /proc. */
    static long treeCpuNanos(long rootPid) throws IOException {
        long ticks = 0;
        List<Long> pids = new ArrayList<>();
        ProcessHandle.of(rootPid).ifPresent(p -> {
            pids.add(p.pid());
            p.descendants().forEach(c -> pids.add(c.pid()));
        });
        for (long pid : pids) {
            Path stat = Path.of("/proc", Long.toString(pid), "stat");
            if (!Files.exists(stat)) {
                continue;
            }
            String s = Files.readString(stat);
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
        }
        return ticks * 10_000_000L; // USER_HZ = 100 on Linux
    }

    private static double median(List<Run> runs, ToDoubleFunction<Run> f) {
        List<Double> v = new ArrayList<>(runs.stream().map(f::applyAsDouble).toList());
        Collections.sort(v);
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }

    private static void report(String title, List<Run> runs) {
        System.out.printf("%s (median of %d): first remote frame at advisor %.0f ms, at customer %.0f ms;"
                        + " advisor CPU %.1f %% of one core%n", title, runs.size(),
                median(runs, Run::advisorFirstFrameMs), median(runs, Run::customerFirstFrameMs),
                median(runs, Run::advisorCpuPercent));
    }
}

package de.videoberatung.bench;

import com.sun.management.OperatingSystemMXBean;
import de.videoberatung.api.Appointment;
import de.videoberatung.call.ActiveCall;
import de.videoberatung.call.CallObserver;
import de.videoberatung.call.CallPhase;
import de.videoberatung.call.shaped.CallFigures;
import de.videoberatung.call.shaped.CallLab;
import de.videoberatung.call.shaped.FrameClock;
import de.videoberatung.call.shaped.PageProbe;
import de.videoberatung.call.shaped.ReferenceCall;
import de.videoberatung.testsupport.HeadlessChromium;
import de.videoberatung.testsupport.Poll;
import de.videoberatung.testsupport.PulseAudioServer;
import de.videoberatung.testsupport.Coturn;
import de.videoberatung.testsupport.netlab.LinkCheck;
import de.videoberatung.testsupport.netlab.LinkProfile;
import de.videoberatung.testsupport.netlab.NetLab;
import de.videoberatung.testsupport.netlab.TcpForwarder;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The call on shaped links, engine (advisor) ↔ Chromium (customer) against Chromium ↔ Chromium on the same
 * {@link NetLab} link in one run, with camera-like video (640x480, 20 fps) on both sides and the real-time
 * microphone: for each profile received frames per second each way, received resolution, freeze time and
 * longest gap, audio concealment at the customer, round trip, both senders' bitrates and the time to the
 * first picture; for (d) through coturn over TCP only; for (e) the recovery after a 5 s cut and an address
 * change; unshaped also the advisor's CPU. Not a test: it prints a table and BENCH lines (docs/benchmarks.md).
 *
 * <p>Run as root: {@code mvn -B -Pbench -DskipTests verify -Dbench.main=de.videoberatung.bench.ShapedCallBench}
 * ({@code -Dbench.args="seconds profiles"} chooses, e.g. {@code "20 unshaped,b"}; default 20 s, all profiles;
 * {@code "20 b engine"} leaves out the Chromium reference).
 */
public final class ShapedCallBench {

    private static final Duration FIRST_PICTURE = Duration.ofSeconds(30);

    private enum Setup { PLAIN, TURN_TCP_ONLY, CUT_AND_MOVE }

    private record Case(String name, LinkProfile link, Setup setup) {
    }

    private static final List<Case> CASES = List.of(
            new Case("unshaped", LinkProfile.UNSHAPED, Setup.PLAIN),
            new Case("a", LinkProfile.A, Setup.PLAIN),
            new Case("b", LinkProfile.B, Setup.PLAIN),
            new Case("c", LinkProfile.C, Setup.PLAIN),
            new Case("d", LinkProfile.A, Setup.TURN_TCP_ONLY),
            new Case("e", LinkProfile.A, Setup.CUT_AND_MOVE));

    public static void main(String[] args) throws Exception {
        // Arguments, or -Dbench.args="seconds profiles" (what the bench profile passes on).
        String[] a = args.length > 0 ? args : System.getProperty("bench.args", "").trim().split("\\s+");
        int seconds = a.length > 0 && !a[0].isEmpty() ? Integer.parseInt(a[0]) : 20;
        List<String> only = a.length > 1 ? List.of(a[1].split(",")) : List.of();
        // A third argument "engine" skips the Chromium reference (quicker runs while working on the engine).
        boolean engineOnly = a.length > 2 && a[2].equals("engine");
        Duration window = Duration.ofSeconds(seconds);
        Path dir = Files.createTempDirectory("shapedbench-");
        List<String> table = new ArrayList<>();
        try (PulseAudioServer pulse = PulseAudioServer.start();
             CallLab calls = CallLab.start(pulse, dir)) {
            for (Case c : CASES) {
                if (!only.isEmpty() && !only.contains(c.name())) {
                    continue;
                }
                System.out.println("== profile " + c.name() + " (" + c.link().name() + ", " + c.setup() + ")");
                Row engine = engineRun(calls, c, window);
                List<Row> rows = engineOnly ? List.of(engine) : List.of(engine, referenceRun(calls, c, window));
                for (Row r : rows) {
                    System.out.println(r.figures.benchLines(c.name()));
                    System.out.println("BENCH shaped." + c.name() + "." + r.figures.setup() + ".cpu_percent.advisor "
                            + String.format(Locale.ROOT, "%.1f", r.cpuPercent));
                    if (c.setup() == Setup.CUT_AND_MOVE) {
                        System.out.println("BENCH shaped.e." + r.figures.setup() + ".recovery_ms.customer "
                                + String.format(Locale.ROOT, "%.0f", r.recoveryMs));
                    }
                    table.add(row(c.name(), r));
                }
            }
        }
        System.out.println();
        System.out.println("| profile | setup | fps cust/adv | resolution cust/adv | freeze ms cust/adv | longest gap ms cust/adv"
                + " | concealed % cust | rtt ms | send kbit/s adv/cust | first picture ms cust/adv | advisor CPU % | recovery ms |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
        table.forEach(System.out::println);
        System.exit(0);
    }

    private record Row(CallFigures figures, double cpuPercent, double recoveryMs) {
    }

    private static String row(String profile, Row r) {
        CallFigures f = r.figures;
        return String.format(Locale.ROOT, "| %s | %s | %.1f / %.1f | %s / %s | %.0f / %.0f | %.0f / %.0f | %.1f | %.0f"
                        + " | %.0f / %.0f | %.0f / %.0f | %.1f | %s |",
                profile, f.setup(), f.fpsAtCustomer(), f.fpsAtAdvisor(), f.resolutionAtCustomer(), f.resolutionAtAdvisor(),
                f.freezeMsAtCustomer(), f.freezeMsAtAdvisor(), f.longestGapMsAtCustomer(), f.longestGapMsAtAdvisor(),
                f.concealedPercentAtCustomer(), f.rttMs(), f.advisorSendKbps(), f.customerSendKbps(),
                f.firstPictureMsAtCustomer(), f.firstPictureMsAtAdvisor(), r.cpuPercent,
                Double.isNaN(r.recoveryMs) ? "-" : String.format(Locale.ROOT, "%.0f", r.recoveryMs));
    }

    private static NetLab lab(Case c) throws Exception {
        NetLab lab = NetLab.start(c.link());
        LinkCheck.Measured m = LinkCheck.measure(lab);
        System.out.println("link check " + c.link().name() + ": " + m);
        if (m.lossPercent() > c.link().lossPercent() * 2 + 2 || m.rttMedianMs() > 2 * c.link().delayMs() + 60) {
            lab.close();
            throw new IllegalStateException("the lab's link does not match its profile: " + m);
        }
        return lab;
    }

    private static Row engineRun(CallLab calls, Case c, Duration window) throws Exception {
        try (NetLab lab = lab(c)) {
            lab.startCoturn(calls.turnSecret());
            TcpForwarder server = calls.forwardServer(lab);
            if (c.setup() == Setup.TURN_TCP_ONLY) {
                lab.blockUdpExceptTcpTo(Coturn.PORT, server.address().getPort());
            }
            try (HeadlessChromium customer = calls.customerBrowser(lab)) {
                Appointment a = calls.nextAppointment();
                CallLab.enterWaitingRoom(customer.driver(), calls.joinUrl(a, server));
                PageProbe probe = new PageProbe(customer.driver(), CallLab.JOIN_PAGE_PC);
                FrameClock frames = new FrameClock(System.nanoTime());
                ActiveCall call = calls.startCall(a, frame -> frames.frame(System.nanoTime()), new CallObserver() { });
                try {
                    awaitQuietly("first pictures", () -> frames.firstPictureMs() >= 0 && probe.snapshot().number("first") >= 0);
                    double recovery = Double.NaN;
                    if (c.setup() == Setup.CUT_AND_MOVE) {
                        recovery = cutAndMove(lab, () -> probe.snapshot().number("framesSeen"));
                    }
                    long cpu0 = advisorJvmCpuNanos();
                    long wall0 = System.nanoTime();
                    CallFigures f = CallFigures.engine("engine", call, frames, probe, window);
                    double cpu = 100.0 * (advisorJvmCpuNanos() - cpu0) / (System.nanoTime() - wall0);
                    // Why the customer's picture stalls, if it does: Chromium's inbound counters, our sender's.
                    System.out.println("customer's video receiver: " + probe.snapshot().values().get("videoIn"));
                    System.out.println("engine's video sender: " + (call.latestStats() == null ? "-" : call.latestStats().videoSend()));
                    if (call.phase() != CallPhase.CONNECTED) {
                        System.out.println("note: the engine's call ended the window as " + call.phase());
                    }
                    return new Row(f, cpu, recovery);
                } finally {
                    call.hangUp();
                }
            }
        }
    }

    private static Row referenceRun(CallLab calls, Case c, Duration window) throws Exception {
        try (NetLab lab = lab(c)) {
            Coturn coturn = lab.startCoturn(calls.turnSecret());
            try (HeadlessChromium customer = calls.customerBrowser(lab);
                 HeadlessChromium advisor = calls.rootBrowser();
                 ReferenceCall call = new ReferenceCall(advisor, customer)) {
                Map<String, Object> config = Map.of();
                if (c.setup() == Setup.TURN_TCP_ONLY) {
                    lab.blockUdpExceptTcpTo(Coturn.PORT, call.port());
                    Coturn.Credentials k = coturn.credentials("bench", Instant.now().plusSeconds(3600));
                    config = Map.of("iceServers", List.of(Map.of("urls", coturn.url("tcp"),
                            "username", k.username(), "credential", k.password())));
                }
                call.start(config);
                awaitQuietly("first pictures", () -> call.customerProbe().snapshot().number("first") >= 0
                        && call.advisorProbe().snapshot().number("first") >= 0);
                double recovery = Double.NaN;
                if (c.setup() == Setup.CUT_AND_MOVE) {
                    // Chromium alone has no signalling to restart ICE with: it shows what the link allows.
                    recovery = cutAndMove(lab, () -> call.customerProbe().snapshot().number("framesSeen"));
                }
                long pid = advisor.browserPid();
                long cpu0 = CallBench.treeCpuNanos(pid);
                long wall0 = System.nanoTime();
                CallFigures f = CallFigures.reference("chromium", call, window);
                double cpu = 100.0 * (CallBench.treeCpuNanos(pid) - cpu0) / (System.nanoTime() - wall0);
                return new Row(f, cpu, recovery);
            }
        }
    }

    private interface Counter {
        double value();
    }

    /** Cuts the link for 5 s, moves the customer to a new address, restores; ms until 10 more frames arrive (NaN: never, within 30 s). */
    private static double cutAndMove(NetLab lab, Counter customerFrames) throws Exception {
        lab.cut(true);
        long cutAt = System.nanoTime();
        lab.changeCustomerAddress();
        Poll.until("five seconds without link", Duration.ofSeconds(6), () -> System.nanoTime() - cutAt >= 5_000_000_000L);
        double before = customerFrames.value();
        lab.cut(false);
        long back = System.nanoTime();
        try {
            Poll.until("pictures again", Duration.ofSeconds(30), () -> customerFrames.value() > before + 10);
            return (System.nanoTime() - back) / 1e6;
        } catch (AssertionError e) {
            return Double.NaN;
        }
    }

    private static void awaitQuietly(String what, BooleanSupplier condition) {
        try {
            Poll.until(what, FIRST_PICTURE, condition);
        } catch (AssertionError e) {
            System.out.println("note: " + e.getMessage() + " (the figures below show it)");
        }
    }

    /** This JVM's CPU without the harness's own threads (relay, forwarder, echo), which the product does not run. */
    private static long advisorJvmCpuNanos() {
        long process = ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long harness = 0;
        for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("netlab-")) {
                harness += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return process - harness;
    }

    private ShapedCallBench() {
    }
}

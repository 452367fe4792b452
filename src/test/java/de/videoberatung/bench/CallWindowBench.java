package de.videoberatung.bench;

import de.videoberatung.api.Appointment;
import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.api.Channel;
import de.videoberatung.callwindow.CallNotes;
import de.videoberatung.callwindow.CallWindow;
import de.videoberatung.callwindow.CallWindowModel;
import de.videoberatung.i18n.Messages;
import de.videoberatung.media.video.VideoFrame;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javafx.application.Application;
import javafx.application.Platform;

/**
 * How fast the call window draws the customer's picture, and how busy that keeps the FX thread: the real
 * {@link CallWindow} (as large as Monocle's 1280x800 headless screen allows, the note's place beside the picture), fed with decoded-size frames at 30 fps
 * on a "decoder" thread the way the engine's VP8 decoder hands them over, at 640x480 and 1280x720.
 *
 * <pre>
 * mvn -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/test-cp.txt
 * java -cp target/classes:target/test-classes:$(cat target/test-cp.txt) de.videoberatung.bench.CallWindowBench [seconds]
 * </pre>
 * Prints {@code BENCH} lines: frames offered and drawn per second, the FX thread's CPU time as a share of wall
 * time (everything it did: layout, CSS, rendering in the software pipeline, our pixel copies) and the share spent
 * in the frame copies alone.
 */
public final class CallWindowBench {

    private static final int FPS = 30;

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        setIfAbsent("glass.platform", "Monocle");
        setIfAbsent("monocle.platform", "Headless");
        setIfAbsent("prism.order", "sw");
        setIfAbsent("java.awt.headless", "true");
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        Application.setUserAgentStylesheet(
                new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet());
        Messages messages = Messages.german();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long fxThread = onFx(() -> Thread.currentThread().getId());
        for (int[] size : new int[][] {{640, 480}, {1280, 720}}) {
            CallWindow window = onFx(() -> {
                CallWindowModel model = new CallWindowModel(appointment(), new CallWindowModel.Services(
                        () -> null, null, null, () -> null, Runnable::run, Platform::runLater, Clock.systemUTC()),
                        messages);
                CallWindow w = new CallWindow(null, model, null, CallNotes.placeholder(messages), messages,
                        ZoneId.systemDefault());
                w.stage().show();
                return w;
            });
            int[][] frames = frames(size[0], size[1]);
            // Warm-up: first frames allocate the image and JIT the copy.
            feed(window, frames, 2);
            long drawnBefore = window.remoteVideo().framesDrawn();
            long drawNanosBefore = window.remoteVideo().drawNanos();
            long renderer = rendererThread();
            long cpuBefore = threads.getThreadCpuTime(fxThread);
            long renderBefore = threads.getThreadCpuTime(renderer);
            long t0 = System.nanoTime();
            long offered = feed(window, frames, seconds);
            long wall = System.nanoTime() - t0;
            long cpu = threads.getThreadCpuTime(fxThread) - cpuBefore;
            long render = threads.getThreadCpuTime(renderer) - renderBefore;
            long drawn = window.remoteVideo().framesDrawn() - drawnBefore;
            long drawNanos = window.remoteVideo().drawNanos() - drawNanosBefore;
            String label = size[0] + "x" + size[1];
            System.out.printf("BENCH callwindow.%s.offeredFps %.1f%n", label, offered * 1e9 / wall);
            System.out.printf("BENCH callwindow.%s.drawnFps %.1f%n", label, drawn * 1e9 / wall);
            System.out.printf("BENCH callwindow.%s.fxThreadBusyPercent %.1f%n", label, cpu * 100.0 / wall);
            System.out.printf("BENCH callwindow.%s.frameCopyPercent %.1f%n", label, drawNanos * 100.0 / wall);
            System.out.printf("BENCH callwindow.%s.renderThreadBusyPercent %.1f%n", label, render * 100.0 / wall);
            onFx(() -> {
                window.stage().hide();
                return null;
            });
        }
        Platform.exit();
    }

    /** JavaFX's render thread (scaling and drawing the picture happen there, not on the FX thread). */
    private static long rendererThread() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("QuantumRenderer"))
                .mapToLong(Thread::getId).findFirst().orElseThrow();
    }

    /** Offers frames at 30 fps for {@code seconds} on a decoder-like thread; returns how many. */
    private static long feed(CallWindow window, int[][] frames, int seconds) throws InterruptedException {
        AtomicLong sequence = new AtomicLong();
        long interval = TimeUnit.SECONDS.toNanos(1) / FPS;
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        long next = start;
        while (next < end) {
            long seq = sequence.getAndIncrement();
            int[] argb = frames[(int) (seq % frames.length)];
            window.remoteVideo().accept(new VideoFrame(width, argb.length / width, argb, seq));
            next += interval;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait); // the frame clock of the simulated decoder, not a synchronisation
            }
        }
        return sequence.get();
    }

    /** Width of the frames being fed. */
    private static int width;

    /** A moving bar over a gradient, opaque like decoded video. */
    private static int[][] frames(int w, int h) {
        width = w;
        int[][] frames = new int[FPS][];
        for (int f = 0; f < FPS; f++) {
            int[] argb = new int[w * h];
            int bar = f * w / FPS;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int g = (x * 255 / w) & 0xff;
                    argb[y * w + x] = Math.abs(x - bar) < w / 40 ? 0xffffffff : 0xff000000 | (g << 8) | (y * 255 / h);
                }
            }
            frames[f] = argb;
        }
        return frames;
    }

    private static Appointment appointment() {
        Instant start = Instant.now();
        return new Appointment(1, 1, "Demo Berater", "Erika Mustermann", "123D456789", "0151 2345678",
                "Bewerbung besprechen", Channel.VIDEO, start, start.plusSeconds(2700), AppointmentStatus.IN_CALL,
                null, null, null, null, start, null, null, false, start);
    }

    private static <T> T onFx(Callable<T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(work.call());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(30, TimeUnit.SECONDS);
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}

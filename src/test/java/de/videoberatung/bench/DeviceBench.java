package de.videoberatung.bench;

import com.sun.management.OperatingSystemMXBean;
import de.videoberatung.devices.FramePresenter;
import de.videoberatung.media.camera.CameraDriver;
import de.videoberatung.media.camera.CameraService;
import de.videoberatung.media.camera.OpenCamera;
import de.videoberatung.media.camera.TestbildDriver;
import de.videoberatung.media.camera.VideoSize;
import de.videoberatung.testsupport.Poll;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;

/**
 * Camera preview figures from the synthetic camera: preview frame rate and process CPU at 640x480
 * and 1280x720, and the time from "open camera" to the first frame. Runs JavaFX headless (Monocle).
 *
 * <pre>
 * mvn -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/test-cp.txt
 * java -cp target/classes:target/test-classes:$(cat target/test-cp.txt) de.videoberatung.bench.DeviceBench
 * </pre>
 */
public final class DeviceBench {

    private static final Duration MEASURE = Duration.ofSeconds(10);

    public static void main(String[] args) throws Exception {
        setIfAbsent("glass.platform", "Monocle");
        setIfAbsent("monocle.platform", "Headless");
        setIfAbsent("prism.order", "sw");
        setIfAbsent("java.awt.headless", "true");
        CountDownLatch fxStarted = new CountDownLatch(1);
        Platform.startup(fxStarted::countDown);
        fxStarted.await();

        CameraService service = CameraService.start(new CameraDriver(null, TestbildDriver.withDefaultCamera(), 1000),
                Duration.ofSeconds(10));
        FramePresenter presenter = new FramePresenter(Platform::runLater);
        service.setPreviewSink(presenter);
        System.out.printf("DeviceBench: Testbild camera at %d fps requested, %d cores, %s%n",
                CameraService.DEFAULT_FRAME_RATE, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        service.cameras().get(10, TimeUnit.SECONDS);

        for (VideoSize size : List.of(VideoSize.VGA, VideoSize.HD)) {
            List<Double> latencies = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                OpenCamera camera = service.open(TestbildDriver.DEFAULT_NAME, size).get(10, TimeUnit.SECONDS);
                Poll.until("first frame", Duration.ofSeconds(10), () -> camera.frameCount() > 0);
                latencies.add((System.nanoTime() - start) / 1e6);
                if (i < 4) {
                    service.closeCamera().get(10, TimeUnit.SECONDS);
                }
            }
            Collections.sort(latencies);
            OpenCamera camera = service.current().orElseThrow();
            Poll.until("warm-up", Duration.ofSeconds(10), () -> camera.frameCount() > 30);

            long cpuBefore = processCpuNanos();
            long shownBefore = presenter.framesShown();
            long capturedBefore = camera.frameCount();
            long start = System.nanoTime();
            Poll.until("measurement time", MEASURE.plusSeconds(5), () -> System.nanoTime() - start >= MEASURE.toNanos());
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpu = (processCpuNanos() - cpuBefore) / 1e9 / seconds * 100;
            System.out.printf("%s: preview %.1f fps shown, %.1f fps captured, process CPU %.1f %% of one core;"
                            + " open to first frame median %.1f ms (min %.1f, max %.1f, 5 opens)%n",
                    size, (presenter.framesShown() - shownBefore) / seconds, (camera.frameCount() - capturedBefore) / seconds,
                    cpu, latencies.get(2), latencies.get(0), latencies.get(4));
            service.closeCamera().get(10, TimeUnit.SECONDS);
        }
        service.close();
        Platform.exit();
    }

    private static long processCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}

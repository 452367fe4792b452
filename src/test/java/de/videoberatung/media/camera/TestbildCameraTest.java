package de.videoberatung.media.camera;

import de.videoberatung.testsupport.Poll;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.sarxos.webcam.Webcam;
import java.awt.Dimension;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TestbildCameraTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private final CameraService service = TestCameras.service();
    private final TestbildDriver testbild = TestCameras.testbild();

    @AfterEach
    void closeCamera() throws Exception {
        service.closeCamera().get(10, TimeUnit.SECONDS);
        if (!testbild.isPlugged(TestbildDriver.DEFAULT_NAME)) {
            testbild.plug(TestbildDriver.DEFAULT_NAME);
        }
    }

    @Test
    void testbildIsDiscoveredThroughTheWebcamApi() throws Exception {
        List<Webcam> webcams = Webcam.getWebcams(10_000);

        Webcam webcam = webcams.stream().filter(w -> w.getName().equals(TestbildDriver.DEFAULT_NAME))
                .findFirst().orElseThrow();
        assertThat(webcam.getViewSizes()).contains(new Dimension(640, 480), new Dimension(1280, 720));
        List<CameraInfo> cameras = service.cameras().get(10, TimeUnit.SECONDS);
        assertThat(cameras).anySatisfy(c -> {
            assertThat(c.name()).isEqualTo(TestbildDriver.DEFAULT_NAME);
            assertThat(c.synthetic()).isTrue();
            assertThat(c.sizes()).contains(VideoSize.VGA, VideoSize.HD);
        });
    }

    /** The pacing itself is checked on a virtual clock in {@link TestbildDeviceTest}, where load cannot move it. */
    @Test
    void framesHaveTheRequestedSizeAndKeepComing() throws Exception {
        for (VideoSize size : List.of(VideoSize.VGA, VideoSize.HD)) {
            OpenCamera camera = service.open(TestbildDriver.DEFAULT_NAME, size).get(10, TimeUnit.SECONDS);
            Poll.until("first frame", WAIT, () -> camera.frameCount() > 0);

            BufferedImage image = camera.latestImage();
            assertThat(image.getWidth()).isEqualTo(size.width());
            assertThat(image.getHeight()).isEqualTo(size.height());
            long frames = camera.frameCount();
            Poll.until("more frames at " + size, WAIT, () -> camera.frameCount() >= frames + 10);
        }
    }

    @Test
    void framesMoveFromOneToTheNext() throws Exception {
        OpenCamera camera = service.open(TestbildDriver.DEFAULT_NAME, VideoSize.VGA).get(10, TimeUnit.SECONDS);
        BufferedImage first = Poll.untilPresent("a frame", WAIT, camera::latestImage);
        BufferedImage later = Poll.untilPresent("a newer frame", WAIT,
                () -> camera.latestImage() != first ? camera.latestImage() : null);

        assertThat(differingPixels(first, later)).isGreaterThan(100);
    }

    @Test
    void pluggingAndUnpluggingACameraIsReported() throws Exception {
        try (CameraEventRecorder events = new CameraEventRecorder(service)) {
            service.cameras().get(10, TimeUnit.SECONDS);

            testbild.plug("Testbild Hotplug");
            events.await(CameraEvent.Kind.ADDED, "Testbild Hotplug");
            assertThat(service.cameras().get(10, TimeUnit.SECONDS)).extracting(CameraInfo::name)
                    .contains("Testbild Hotplug");

            testbild.unplug("Testbild Hotplug");
            events.await(CameraEvent.Kind.REMOVED, "Testbild Hotplug");
            assertThat(service.cameras().get(10, TimeUnit.SECONDS)).extracting(CameraInfo::name)
                    .doesNotContain("Testbild Hotplug");
        }
    }

    @Test
    void unpluggingTheCameraInUseFallsBackToAnotherCamera() throws Exception {
        try (CameraEventRecorder events = new CameraEventRecorder(service)) {
            service.cameras().get(10, TimeUnit.SECONDS);
            testbild.plug("Testbild USB");
            events.await(CameraEvent.Kind.ADDED, "Testbild USB");
            OpenCamera usb = service.open("Testbild USB", VideoSize.HD).get(10, TimeUnit.SECONDS);
            Poll.until("frames from the USB camera", WAIT, () -> usb.frameCount() > 0);

            testbild.unplug("Testbild USB");

            CameraEvent lost = events.await(CameraEvent.Kind.IN_USE_LOST, "Testbild USB");
            assertThat(lost.replacement()).isEqualTo(TestbildDriver.DEFAULT_NAME);
            OpenCamera fallback = service.current().orElseThrow();
            assertThat(fallback.name()).isEqualTo(TestbildDriver.DEFAULT_NAME);
            assertThat(fallback.size()).as("keeps the size in use").isEqualTo(VideoSize.HD);
            Poll.until("frames from the fallback camera", WAIT, () -> fallback.frameCount() > 0);
            assertThat(service.feed().latestImage()).isNotNull();
        }
    }

    @Test
    void withoutAnyCameraTheLossIsReportedAndAReturningCameraIsOpened() throws Exception {
        try (CameraEventRecorder events = new CameraEventRecorder(service)) {
            service.open(TestbildDriver.DEFAULT_NAME, VideoSize.VGA).get(10, TimeUnit.SECONDS);

            testbild.unplug(TestbildDriver.DEFAULT_NAME);

            CameraEvent lost = events.await(CameraEvent.Kind.IN_USE_LOST, TestbildDriver.DEFAULT_NAME);
            assertThat(lost.replacement()).isNull();
            assertThat(service.current()).isEmpty();
            assertThat(service.feed().latestImage()).isNull();
            assertThat(service.cameras().get(10, TimeUnit.SECONDS)).noneMatch(c -> c.name().equals(TestbildDriver.DEFAULT_NAME));

            testbild.plug(TestbildDriver.DEFAULT_NAME);
            events.await(CameraEvent.Kind.ADDED, TestbildDriver.DEFAULT_NAME);
            Poll.until("the returning camera opened", WAIT, () -> service.current().isPresent());
        }
    }

    @Test
    void closingWhileFramesFlowStopsTheCameraThread() throws Exception {
        OpenCamera camera = service.open(TestbildDriver.DEFAULT_NAME, VideoSize.HD).get(10, TimeUnit.SECONDS);
        Poll.until("frames flowing", WAIT, () -> camera.frameCount() > 3);

        service.closeCamera().get(10, TimeUnit.SECONDS);

        assertThat(camera.isRunning()).isFalse();
        assertThat(camera.latestImage()).isNull();
        assertThat(service.feed().latestImage()).isNull();
        long framesAtClose = camera.frameCount();
        OpenCamera reopened = service.open(TestbildDriver.DEFAULT_NAME, VideoSize.VGA).get(10, TimeUnit.SECONDS);
        Poll.until("frames after reopening", WAIT, () -> reopened.frameCount() > 3);
        assertThat(camera.frameCount()).as("the closed camera delivers nothing more").isEqualTo(framesAtClose);
    }

    private static int differingPixels(BufferedImage a, BufferedImage b) {
        int count = 0;
        for (int y = 0; y < a.getHeight(); y += 4) {
            for (int x = 0; x < a.getWidth(); x += 4) {
                if (a.getRGB(x, y) != b.getRGB(x, y)) {
                    count++;
                }
            }
        }
        return count;
    }
}

package de.videoberatung.media.camera;

import com.github.sarxos.webcam.Webcam;
import com.github.sarxos.webcam.WebcamDevice;
import com.github.sarxos.webcam.WebcamDiscoveryEvent;
import com.github.sarxos.webcam.WebcamDiscoveryListener;
import com.github.sarxos.webcam.WebcamException;
import com.github.sarxos.webcam.WebcamLockException;
import de.videoberatung.media.video.CameraFeed;
import de.videoberatung.threads.NamedThreads;
import java.awt.Dimension;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The advisor's camera: lists cameras, opens one, follows hot-plug and falls back when the camera
 * in use goes away. Every operation runs on one named thread ("camera-control"), so device calls
 * never block the caller and never race each other; results come back as futures.
 */
public final class CameraService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CameraService.class);
    public static final int DEFAULT_FRAME_RATE = 30;
    private static final int MIN_LISTED_WIDTH = 320;

    private final CameraDriver driver;
    private final Duration timeout;
    private final ExecutorService control = NamedThreads.single("camera-control");
    private final List<Consumer<CameraEvent>> listeners = new CopyOnWriteArrayList<>();
    private final Set<String> known = new HashSet<>();
    private final WebcamDiscoveryListener discovery = new WebcamDiscoveryListener() {
        @Override
        public void webcamFound(WebcamDiscoveryEvent event) {
            String name = event.getWebcam().getName();
            control.execute(() -> cameraFound(name));
        }

        @Override
        public void webcamGone(WebcamDiscoveryEvent event) {
            String name = event.getWebcam().getName();
            control.execute(() -> cameraGone(name, true));
        }
    };
    private final SwitchingFeed feed = new SwitchingFeed();
    private volatile OpenCamera current;
    private volatile Consumer<BufferedImage> previewSink;
    private volatile boolean followHotPlug = true;

    private CameraService(CameraDriver driver, Duration timeout) {
        this.driver = driver;
        this.timeout = timeout;
    }

    /**
     * Installs the driver into webcam-capture and starts following hot-plug. Installing blocks for
     * up to one scan interval once the library's discovery runs, hence never on the FX thread.
     */
    public static CameraService start(CameraDriver driver, Duration timeout) {
        if ("JavaFX Application Thread".equals(Thread.currentThread().getName())) {
            throw new IllegalStateException("cameras must not be set up on the FX thread");
        }
        Webcam.setDriver(driver);
        CameraService service = new CameraService(driver, timeout);
        Webcam.addDiscoveryListener(service.discovery);
        return service;
    }

    /** The advisor chose "Nur Ton": no camera is opened, not even one plugged in. */
    public boolean isAudioOnly() {
        return !followHotPlug;
    }

    public CameraDriver driver() {
        return driver;
    }

    public void addListener(Consumer<CameraEvent> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<CameraEvent> listener) {
        listeners.remove(listener);
    }

    /** Receives every frame of whichever camera is open, on the camera thread (see {@link OpenCamera}). */
    public void setPreviewSink(Consumer<BufferedImage> sink) {
        previewSink = sink;
        OpenCamera camera = current;
        if (camera != null) {
            camera.setSink(sink);
        }
    }

    /** The camera the call engine pulls from; it follows camera switches and fallbacks. */
    public CameraFeed feed() {
        return feed;
    }

    /** The open camera, if any. */
    public Optional<OpenCamera> current() {
        return Optional.ofNullable(current);
    }

    /** Lists the cameras now connected, real ones first. */
    public CompletableFuture<List<CameraInfo>> cameras() {
        return submit(this::listCameras);
    }

    /**
     * Opens the named camera at the given size, closing the one in use first. A size the camera
     * does not list is requested as a custom size (the platform driver then picks the closest).
     */
    public CompletableFuture<OpenCamera> open(String name, VideoSize size) {
        return submit(() -> {
            followHotPlug = true;
            return openNow(name, size);
        });
    }

    /**
     * Opens the preferred camera if it is connected, otherwise the first real camera, otherwise a
     * Testbild camera; completes with empty when there is no camera at all.
     */
    public CompletableFuture<Optional<OpenCamera>> openPreferred(String preferredName, VideoSize preferredSize) {
        return submit(() -> {
            followHotPlug = true;
            List<CameraInfo> cameras = listCameras();
            Optional<CameraInfo> choice = cameras.stream()
                    .filter(c -> c.name().equals(preferredName)).findFirst()
                    .or(() -> cameras.stream().findFirst());
            if (choice.isEmpty()) {
                return Optional.empty();
            }
            CameraInfo info = choice.get();
            VideoSize size = preferredSize != null && info.sizes().contains(preferredSize)
                    ? preferredSize : info.preferredSize();
            return Optional.of(openNow(info.name(), size));
        });
    }

    /** Closes the camera in use; the call continues audio-only. Hot-plug no longer opens a camera. */
    public CompletableFuture<Void> closeCamera() {
        return submit(() -> {
            followHotPlug = false;
            OpenCamera camera = current;
            if (camera != null) {
                closeCurrent();
                fire(CameraEvent.of(CameraEvent.Kind.CLOSED, camera.name()));
            }
            return null;
        });
    }

    @Override
    public void close() {
        Webcam.removeDiscoveryListener(discovery);
        CompletableFuture<Void> closed = submit(() -> {
            closeCurrent();
            return null;
        });
        try {
            closed.get(timeout.toMillis() + 2000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("Closing the camera did not finish cleanly", e);
        }
        control.shutdown();
    }

    private interface Work<T> {
        T run() throws Exception;
    }

    private <T> CompletableFuture<T> submit(Work<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        control.execute(() -> {
            try {
                result.complete(work.run());
            } catch (Exception | LinkageError e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private List<Webcam> webcams() throws CameraException {
        try {
            return Webcam.getWebcams(timeout.toMillis());
        } catch (TimeoutException e) {
            throw new CameraException(CameraException.Reason.TIMEOUT, "listing cameras timed out", e);
        } catch (WebcamException e) {
            throw new CameraException(CameraException.Reason.DRIVER_FAILED, "listing cameras failed", e);
        }
    }

    private List<CameraInfo> listCameras() throws CameraException {
        List<CameraInfo> cameras = new ArrayList<>();
        for (Webcam webcam : webcams()) {
            cameras.add(describe(webcam));
        }
        cameras.sort(Comparator.comparing(CameraInfo::synthetic));
        known.clear();
        cameras.forEach(c -> known.add(c.name()));
        return cameras;
    }

    private static CameraInfo describe(Webcam webcam) {
        WebcamDevice device = webcam.getDevice();
        boolean synthetic = TestbildDriver.isTestbild(device);
        TreeSet<VideoSize> sizes = new TreeSet<>(Comparator.comparingInt(VideoSize::width)
                .thenComparingInt(VideoSize::height));
        for (Dimension d : device.getResolutions()) {
            if (d.width >= MIN_LISTED_WIDTH) {
                sizes.add(VideoSize.of(d));
            }
        }
        if (!synthetic) {
            // The default driver lists at most 640x480; 720p is offered as a custom size and the
            // platform picks the closest mode the camera has.
            sizes.add(VideoSize.HD);
        }
        return new CameraInfo(webcam.getName(), new ArrayList<>(sizes), synthetic);
    }

    private OpenCamera openNow(String name, VideoSize size) throws CameraException {
        closeCurrent();
        Webcam webcam = webcams().stream().filter(w -> w.getName().equals(name)).findFirst()
                .orElseThrow(() -> new CameraException(CameraException.Reason.GONE, "camera not connected"));
        try {
            if (webcam.isOpen()) {
                webcam.close();
            }
            // The library's cross-process lock file is refreshed by a thread that races with close()
            // and with the wrapper replacement on every hot-plug, which leaves a closed camera
            // "locked" for seconds. A camera busy in another program is reported by the driver itself.
            webcam.getLock().disable();
            Dimension wanted = size.toDimension();
            if (!List.of(webcam.getViewSizes()).contains(wanted)) {
                webcam.setCustomViewSizes(wanted);
            }
            webcam.setViewSize(wanted);
            if (webcam.getDevice() instanceof WebcamDevice.Configurable) {
                webcam.setParameters(Map.of(TestbildDevice.PARAM_FPS, DEFAULT_FRAME_RATE));
            }
            if (!webcam.open()) {
                throw new CameraException(CameraException.Reason.DRIVER_FAILED, "camera did not open");
            }
        } catch (WebcamLockException e) {
            fire(new CameraEvent(CameraEvent.Kind.OPEN_FAILED, name, null, CameraException.Reason.BUSY));
            throw new CameraException(CameraException.Reason.BUSY, "camera locked by another process", e);
        } catch (WebcamException | IllegalArgumentException | IllegalStateException e) {
            // "Cannot start native grabber!" is how the default driver reports a camera in use elsewhere.
            CameraException.Reason reason = String.valueOf(e.getMessage()).contains("native grabber")
                    ? CameraException.Reason.BUSY : CameraException.Reason.DRIVER_FAILED;
            fire(new CameraEvent(CameraEvent.Kind.OPEN_FAILED, name, null, reason));
            throw new CameraException(reason, "opening the camera failed", e);
        }
        OpenCamera camera = new OpenCamera(webcam, size, DEFAULT_FRAME_RATE,
                () -> control.execute(() -> cameraGone(name, false)));
        camera.setSink(previewSink);
        current = camera;
        LOG.info("Camera {} open at {}", name, size);
        fire(CameraEvent.of(CameraEvent.Kind.OPENED, name));
        return camera;
    }

    private void closeCurrent() {
        OpenCamera camera = current;
        current = null;
        if (camera != null) {
            camera.close();
        }
    }

    private void cameraFound(String name) {
        if (!known.add(name)) {
            return;
        }
        fire(CameraEvent.of(CameraEvent.Kind.ADDED, name));
        if (current == null && followHotPlug) {
            try {
                CameraInfo info = listCameras().stream().filter(c -> c.name().equals(name)).findFirst()
                        .orElseThrow(() -> new CameraException(CameraException.Reason.GONE, "camera vanished"));
                openNow(name, info.preferredSize());
            } catch (CameraException e) {
                LOG.warn("Opening the newly connected camera failed: {}", e.reason(), e);
            }
        }
    }

    /**
     * The camera is unplugged (discovery) or stopped delivering (stall). The library has replaced all
     * its wrappers by now and disposed only the new one, so the camera is closed here by name.
     */
    private void cameraGone(String name, boolean unplugged) {
        if (unplugged) {
            known.remove(name);
        }
        OpenCamera camera = current;
        if (camera == null || !camera.name().equals(name)) {
            if (unplugged) {
                fire(CameraEvent.of(CameraEvent.Kind.REMOVED, name));
            }
            return;
        }
        VideoSize size = camera.size();
        closeCurrent();
        String replacement = null;
        try {
            List<CameraInfo> candidates = listCameras().stream().filter(c -> !c.name().equals(name)).toList();
            for (CameraInfo candidate : candidates) {
                try {
                    VideoSize fallbackSize = candidate.sizes().contains(size) ? size : candidate.preferredSize();
                    openNow(candidate.name(), fallbackSize);
                    replacement = candidate.name();
                    break;
                } catch (CameraException e) {
                    LOG.warn("Fallback camera could not be opened: {}", e.reason(), e);
                }
            }
        } catch (CameraException e) {
            LOG.warn("Listing cameras for a fallback failed: {}", e.reason(), e);
        }
        LOG.info("Camera in use lost; fallback: {}", replacement == null ? "none" : "another camera");
        fire(new CameraEvent(CameraEvent.Kind.IN_USE_LOST, name, replacement, CameraException.Reason.GONE));
    }

    private void fire(CameraEvent event) {
        for (Consumer<CameraEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.error("Camera event listener failed", e);
            }
        }
    }

    /** The feed handed to the call engine: whatever camera is open now. */
    private final class SwitchingFeed implements CameraFeed {
        @Override
        public int width() {
            OpenCamera camera = current;
            return camera == null ? VideoSize.VGA.width() : camera.width();
        }

        @Override
        public int height() {
            OpenCamera camera = current;
            return camera == null ? VideoSize.VGA.height() : camera.height();
        }

        @Override
        public int frameRate() {
            OpenCamera camera = current;
            return camera == null ? DEFAULT_FRAME_RATE : camera.frameRate();
        }

        @Override
        public BufferedImage latestImage() {
            OpenCamera camera = current;
            return camera == null ? null : camera.latestImage();
        }
    }
}

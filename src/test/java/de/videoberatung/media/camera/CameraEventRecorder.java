package de.videoberatung.media.camera;

import de.videoberatung.testsupport.Poll;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Records the camera events a test causes and waits for the one it expects. */
public final class CameraEventRecorder implements Consumer<CameraEvent>, AutoCloseable {

    private final CameraService service;
    private final List<CameraEvent> events = new CopyOnWriteArrayList<>();

    public CameraEventRecorder(CameraService service) {
        this.service = service;
        service.addListener(this);
    }

    @Override
    public void accept(CameraEvent event) {
        events.add(event);
    }

    public CameraEvent await(CameraEvent.Kind kind, String camera) {
        return Poll.untilPresent(kind + " for " + camera + " (seen: " + events + ")", Duration.ofSeconds(10),
                () -> events.stream().filter(e -> e.kind() == kind && e.camera().equals(camera))
                        .findFirst().orElse(null));
    }

    public List<CameraEvent> events() {
        return List.copyOf(events);
    }

    @Override
    public void close() {
        service.removeListener(this);
    }
}

package de.videoberatung.media.audio;

import de.videoberatung.testsupport.Poll;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Records the audio events a test causes and waits for the one it expects. */
final class AudioEventRecorder implements Consumer<AudioEvent> {

    private final List<AudioEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void accept(AudioEvent event) {
        events.add(event);
    }

    AudioEvent await(AudioEvent.Kind kind, Predicate<AudioEvent> matching) {
        return Poll.untilPresent(kind + " (seen: " + events + ")", Duration.ofSeconds(10),
                () -> events.stream().filter(e -> e.kind() == kind && matching.test(e)).findFirst().orElse(null));
    }
}

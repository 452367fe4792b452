package de.videoberatung.call;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link CallObserver} for tests: every phase the call went through, and how it ended (null while it runs). */
public final class RecordingObserver implements CallObserver {

    public final List<CallPhase> phases = new CopyOnWriteArrayList<>();
    public volatile CallEnd end;

    @Override
    public void phaseChanged(CallPhase phase) {
        phases.add(phase);
    }

    @Override
    public void ended(CallEnd how) {
        end = how;
    }
}

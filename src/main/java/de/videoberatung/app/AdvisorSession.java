package de.videoberatung.app;

import de.videoberatung.call.CallService;
import de.videoberatung.callwindow.CallWindows;
import de.videoberatung.callwindow.WaitingAlert;
import de.videoberatung.notes.NoteWindows;
import de.videoberatung.queue.QueueModel;
import de.videoberatung.queue.QueueService;
import de.videoberatung.sync.NoteSync;
import de.videoberatung.threads.NamedThreads;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.collections.ObservableList;
import javafx.scene.Parent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An advisor's session: their day queue, case notes (with the note sync) and calls. */
public final class AdvisorSession extends Session {

    private static final Logger LOG = LoggerFactory.getLogger(AdvisorSession.class);

    /**
     * The advisor's parts, made once per session by {@link AppContext#openSession}.
     *
     * @param view builds the queue's view (on the FX thread, when first shown)
     */
    record Parts(QueueService queueService, QueueModel queue, ExecutorService notesIo, NoteSync noteSync,
                 NoteWindows noteWindows, CallService calls, CallWindows callWindows, WaitingAlert waitingAlert,
                 Supplier<Parent> view) {
    }

    private final Parts parts;
    private Parent view;

    AdvisorSession(Base base, Parts parts) {
        super(base);
        this.parts = parts;
    }

    @Override
    void startRole() {
        parts.noteSync().start();
        parts.queue().start();
    }

    public QueueModel queue() {
        return parts.queue();
    }

    public NoteWindows noteWindows() {
        return parts.noteWindows();
    }

    public CallWindows callWindows() {
        return parts.callWindows();
    }

    /** The waiting-room alert (for tests). */
    public WaitingAlert alert() {
        return parts.waitingAlert();
    }

    @Override
    public synchronized Parent content() {
        if (view == null) {
            view = parts.view().get();
        }
        return view;
    }

    @Override
    public ObservableList<?> shownRows() {
        return parts.queue().visibleAppointments();
    }

    @Override
    public ReadOnlyObjectProperty<Instant> savedAtProperty() {
        return parts.queue().savedAtProperty();
    }

    @Override
    public Optional<BooleanProperty> waitingAlert() {
        return Optional.of(parts.waitingAlert().enabledProperty());
    }

    @Override
    QueueService queueService() {
        return parts.queueService();
    }

    @Override
    void closeRoleWindows() {
        parts.callWindows().closeAll();
        // Closing a note window saves what was typed, on notes-io: before that thread is drained.
        parts.noteWindows().closeAll();
    }

    @Override
    void drainRole() {
        parts.calls().close();
        // Waits for a sync under way; what is left in the outbox is pushed by the next session.
        parts.noteSync().close();
        if (!NamedThreads.drain(parts.notesIo(), DRAIN)) {
            LOG.error("note saves still pending after {} s", DRAIN.toSeconds());
        }
    }
}

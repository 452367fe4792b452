package de.videoberatung.app;

import de.videoberatung.admin.AdminModel;
import de.videoberatung.admin.AdminView;
import de.videoberatung.i18n.Messages;
import de.videoberatung.queue.QueueService;
import java.time.Instant;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ObservableList;
import javafx.scene.Parent;

/** An admin's session: the "Verwaltung" (users, teams, service tokens), no queue of their own. */
public final class AdminSession extends Session {

    private final AdminModel admin;
    private final Messages messages;
    private final ReadOnlyObjectWrapper<Instant> savedAt = new ReadOnlyObjectWrapper<>();
    private AdminView view;

    AdminSession(Base base, AdminModel admin, Messages messages) {
        super(base);
        this.admin = admin;
        this.messages = messages;
    }

    @Override
    void startRole() {
        admin.load();
    }

    public AdminModel admin() {
        return admin;
    }

    @Override
    public synchronized Parent content() {
        if (view == null) {
            view = new AdminView(admin, messages);
        }
        return view;
    }

    @Override
    public ObservableList<?> shownRows() {
        return admin.users();
    }

    /** Nothing is kept offline for the administration. */
    @Override
    public ReadOnlyObjectProperty<Instant> savedAtProperty() {
        return savedAt.getReadOnlyProperty();
    }

    @Override
    QueueService queueService() {
        return null;
    }

    @Override
    void closeRoleWindows() {
        // The one-time secret dialog closes with the main window.
    }

    @Override
    void drainRole() {
        // Its server calls run on queue-io, which every session drains.
    }
}

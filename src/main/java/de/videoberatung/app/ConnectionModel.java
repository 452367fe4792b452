package de.videoberatung.app;

import de.videoberatung.api.ServerConnection;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/** The server connection's state as JavaFX properties, for banners and for actions that need the server. */
public final class ConnectionModel {

    private final ReadOnlyBooleanWrapper online = new ReadOnlyBooleanWrapper(true);
    private final ReadOnlyObjectWrapper<Instant> offlineSince = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper sessionExpired = new ReadOnlyBooleanWrapper();

    private final ServerConnection connection;
    private final Consumer<ServerConnection.State> listener;

    public ConnectionModel(ServerConnection connection, Executor fxThread) {
        this.connection = connection;
        this.listener = state -> fxThread.execute(() -> apply(state));
        apply(connection.state());
        connection.onStateChange(listener);
    }

    /** Stops following the connection. */
    public void dispose() {
        connection.removeStateListener(listener);
    }

    private void apply(ServerConnection.State state) {
        online.set(state.online());
        offlineSince.set(state.offlineSince());
        sessionExpired.set(state.sessionExpired());
    }

    public ReadOnlyBooleanProperty onlineProperty() {
        return online.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Instant> offlineSinceProperty() {
        return offlineSince.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty sessionExpiredProperty() {
        return sessionExpired.getReadOnlyProperty();
    }
}

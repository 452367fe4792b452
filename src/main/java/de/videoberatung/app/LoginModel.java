package de.videoberatung.app;

import de.videoberatung.i18n.Messages;
import de.videoberatung.api.ApiClient;
import de.videoberatung.api.ApiException;
import de.videoberatung.api.SessionResponse;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** Sign-in against a configured server; the request runs in the background. */
public final class LoginModel {

    private final ApiClient api;
    private final Messages messages;
    private final Executor background;
    private final Executor fxThread;
    private final Consumer<SessionResponse> onSignedIn;
    private final StringProperty username = new SimpleStringProperty("");
    private final StringProperty password = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");

    public LoginModel(ApiClient api, Messages messages, Executor background, Executor fxThread,
                      Consumer<SessionResponse> onSignedIn) {
        this.api = api;
        this.messages = messages;
        this.background = background;
        this.fxThread = fxThread;
        this.onSignedIn = onSignedIn;
    }

    public void signIn() {
        if (busy.get() || username.get().isBlank() || password.get().isEmpty()) {
            return;
        }
        busy.set(true);
        error.set("");
        String user = username.get().trim();
        String secret = password.get();
        background.execute(() -> {
            try {
                SessionResponse session = api.login(user, secret);
                fxThread.execute(() -> {
                    busy.set(false);
                    password.set("");
                    onSignedIn.accept(session);
                });
            } catch (ApiException e) {
                String text = e.kind() == ApiException.Kind.UNAUTHORIZED ? messages.get("login.failed.UNAUTHORIZED")
                        : "TOO_MANY_ATTEMPTS".equals(e.code()) ? lockout(e)
                        : messages.describe(e);
                fxThread.execute(() -> {
                    busy.set(false);
                    error.set(text);
                });
            }
        });
    }

    /** The server's throttle: when the next try is possible, as a time of day. */
    private String lockout(ApiException e) {
        java.time.Duration wait = e.retryAfter().orElse(java.time.Duration.ofMinutes(1));
        return messages.get("login.failed.TOO_MANY_ATTEMPTS",
                java.util.Date.from(java.time.Instant.now().plus(wait).plusSeconds(59).truncatedTo(
                        java.time.temporal.ChronoUnit.MINUTES)));
    }

    public StringProperty usernameProperty() {
        return username;
    }

    public StringProperty passwordProperty() {
        return password;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }
}

package de.videoberatung.app;

import de.videoberatung.api.ApiClient;
import de.videoberatung.api.ApiException;
import de.videoberatung.api.SessionResponse;
import de.videoberatung.i18n.Messages;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * Sign-in against a configured server; the request runs in the background. After a password reset the server
 * answers with a session that may only choose a new password: the form then asks for one ("Neues Passwort
 * wählen") before the session is handed on.
 */
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
    private final StringProperty newPassword = new SimpleStringProperty("");
    private final StringProperty newPasswordRepeat = new SimpleStringProperty("");
    private final ReadOnlyBooleanWrapper choosingPassword = new ReadOnlyBooleanWrapper();
    /** The session waiting for its new password, and the one-time password it was opened with. */
    private SessionResponse pending;
    private String pendingPassword;

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
                    if (session.mustChangePassword()) {
                        pending = session;
                        pendingPassword = secret;
                        choosingPassword.set(true);
                    } else {
                        onSignedIn.accept(session);
                    }
                });
            } catch (ApiException e) {
                String text = failure(e);
                fxThread.execute(() -> {
                    busy.set(false);
                    error.set(text);
                });
            }
        });
    }

    private String failure(ApiException e) {
        if (e.kind() == ApiException.Kind.UNAUTHORIZED) {
            return messages.get("login.failed.UNAUTHORIZED");
        }
        String code = e.code() == null ? "" : e.code();
        return switch (code) {
            case "ACCOUNT_DISABLED" -> messages.get("login.failed.ACCOUNT_DISABLED");
            case "NO_ROLE" -> messages.get("login.failed.NO_ROLE");
            case "NO_TEAM" -> messages.get("login.failed.NO_TEAM");
            case "DIRECTORY_UNAVAILABLE" -> messages.get("login.failed.DIRECTORY_UNAVAILABLE");
            case "TOO_MANY_ATTEMPTS" -> lockout(e);
            default -> messages.describe(e);
        };
    }

    /** The server's throttle: when the next try is possible, as a time of day. */
    private String lockout(ApiException e) {
        Duration wait = e.retryAfter().orElse(Duration.ofMinutes(1));
        return messages.get("login.failed.TOO_MANY_ATTEMPTS",
                Date.from(Instant.now().plus(wait).plusSeconds(59).truncatedTo(ChronoUnit.MINUTES)));
    }

    /** Sends the new password; once the server has it, the session is handed on. */
    public void choosePassword() {
        if (busy.get() || !choosingPassword.get() || newPassword.get().isEmpty()) {
            return;
        }
        if (!newPassword.get().equals(newPasswordRepeat.get())) {
            error.set(messages.get("login.newPassword.mismatch"));
            return;
        }
        busy.set(true);
        error.set("");
        String chosen = newPassword.get();
        SessionResponse session = pending;
        String old = pendingPassword;
        background.execute(() -> {
            try {
                api.changePassword(old, chosen);
                fxThread.execute(() -> {
                    busy.set(false);
                    leavePasswordStep();
                    onSignedIn.accept(session.passwordChanged());
                });
            } catch (ApiException e) {
                String text = "WEAK_PASSWORD".equals(e.code()) ? messages.get("login.newPassword.weak")
                        : messages.describe(e);
                fxThread.execute(() -> {
                    busy.set(false);
                    error.set(text);
                });
            }
        });
    }

    /** Back to the sign-in form; the half-open session is ended on the server. */
    public void cancelPasswordChange() {
        if (!choosingPassword.get()) {
            return;
        }
        leavePasswordStep();
        error.set("");
        background.execute(api::logout);
    }

    private void leavePasswordStep() {
        pending = null;
        pendingPassword = null;
        newPassword.set("");
        newPasswordRepeat.set("");
        choosingPassword.set(false);
    }

    public StringProperty newPasswordProperty() {
        return newPassword;
    }

    public StringProperty newPasswordRepeatProperty() {
        return newPasswordRepeat;
    }

    /** True while the form asks for a new password (after a reset). */
    public ReadOnlyBooleanProperty choosingPasswordProperty() {
        return choosingPassword.getReadOnlyProperty();
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

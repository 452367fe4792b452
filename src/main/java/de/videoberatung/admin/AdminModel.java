package de.videoberatung.admin;

import de.videoberatung.api.AdminUser;
import de.videoberatung.api.ApiClient;
import de.videoberatung.api.ApiException;
import de.videoberatung.api.NewServiceToken;
import de.videoberatung.api.NewUser;
import de.videoberatung.api.Role;
import de.videoberatung.api.ServiceToken;
import de.videoberatung.api.Team;
import de.videoberatung.api.TemporaryPassword;
import de.videoberatung.api.UserChange;
import de.videoberatung.api.ImportResult;
import de.videoberatung.api.UserInfo;
import de.videoberatung.i18n.Messages;
import de.videoberatung.queue.AppointmentImportModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The "Verwaltung" of an admin: users, teams, service tokens and appointment imports for an advisor, on the FX
 * thread. Every server call runs on
 * {@code io} through the {@link ApiClient}; results come back through {@code fxThread}. After a change the lists
 * are loaded again, so what is shown is what the server has.
 */
public final class AdminModel {

    /** A one-time secret to show the admin once (a temporary password, a new service token). */
    public record Secret(String title, String text, String value) {
    }

    private final ApiClient api;
    private final Messages messages;
    private final Executor io;
    private final Executor fxThread;
    private final ObservableList<AdminUser> users = FXCollections.observableArrayList();
    private final ObservableList<Team> teams = FXCollections.observableArrayList();
    private final ObservableList<ServiceToken> serviceTokens = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper("");
    private final ObjectProperty<Secret> secret = new SimpleObjectProperty<>();

    // The "Benutzer anlegen" form.
    private final StringProperty newUsername = new SimpleStringProperty("");
    private final StringProperty newDisplayName = new SimpleStringProperty("");
    private final ObjectProperty<Role> newRole = new SimpleObjectProperty<>(Role.ADVISOR);
    private final ObjectProperty<Team> newTeam = new SimpleObjectProperty<>();
    private final StringProperty newPassword = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper formError = new ReadOnlyStringWrapper("");
    private final BooleanProperty formOpen = new SimpleBooleanProperty();

    private final StringProperty newTeamName = new SimpleStringProperty("");
    private final StringProperty newTokenName = new SimpleStringProperty("");

    public AdminModel(ApiClient api, Messages messages, Executor io, Executor fxThread) {
        this.api = api;
        this.messages = messages;
        this.io = io;
        this.fxThread = fxThread;
    }

    /** The roles an admin can give (service accounts are made as service tokens). */
    public static List<Role> staffRoles() {
        return List.of(Role.ADVISOR, Role.TEAM_LEAD, Role.ADMIN);
    }

    /** Loads users, teams and service tokens. */
    public void load() {
        run(() -> new Lists(api.adminUsers(), api.teams(), api.serviceTokens()), this::show, error::set);
    }

    /** Sends the "Benutzer anlegen" form; on success the form closes and empties. */
    public void addUser() {
        if (newUsername.get().isBlank() || newDisplayName.get().isBlank() || newRole.get() == null
                || newTeam.get() == null || newPassword.get().isEmpty()) {
            formError.set(messages.get("admin.user.form.incomplete"));
            return;
        }
        NewUser user = new NewUser(newUsername.get().strip(), newDisplayName.get().strip(), newRole.get(),
                newTeam.get().id(), newPassword.get());
        formError.set("");
        change(() -> api.addUser(user), added -> {
            clearForm();
            formOpen.set(false);
            notice.set(messages.get("admin.user.added", added.username()));
        }, formError::set);
    }

    /** Opens the "Benutzer anlegen" form, empty. */
    public void openForm() {
        clearForm();
        if (!teams.isEmpty()) {
            newTeam.set(teams.get(0));
        }
        formOpen.set(true);
    }

    public void closeForm() {
        formOpen.set(false);
        clearForm();
    }

    public void changeRole(AdminUser user, Role role) {
        if (role == null || role == user.role()) {
            return;
        }
        change(() -> api.changeUser(user.id(), new UserChange(role, null, null)),
                u -> notice.set(messages.get("admin.user.roleChanged", u.username(), messages.label("role", role))),
                error::set);
    }

    public void changeTeam(AdminUser user, Team team) {
        if (team == null || team.id() == user.teamId()) {
            return;
        }
        change(() -> api.changeUser(user.id(), new UserChange(null, team.id(), null)),
                u -> notice.set(messages.get("admin.user.teamChanged", u.username(), team.name())), error::set);
    }

    /** Disables (its sessions end at once) or enables a user. */
    public void setEnabled(AdminUser user, boolean enabled) {
        change(() -> api.setUserEnabled(user.id(), enabled), u -> notice.set(messages.get(
                enabled ? "admin.user.enabled" : "admin.user.disabled", u.username())), error::set);
    }

    /** Resets a user's password; the one-time password is shown once ({@link #secretProperty()}). */
    public void resetPassword(AdminUser user) {
        change(() -> api.resetPassword(user.id()), (TemporaryPassword p) -> secret.set(new Secret(
                messages.get("admin.user.reset.title"), messages.get("admin.user.reset.text", user.username()),
                p.password())), error::set);
    }

    public void addTeam() {
        String name = newTeamName.get().strip();
        if (name.isEmpty()) {
            return;
        }
        change(() -> api.addTeam(name), t -> {
            newTeamName.set("");
            notice.set(messages.get("admin.team.added", t.name()));
        }, error::set);
    }

    /** Makes a service token; it is shown once ({@link #secretProperty()}). */
    public void addServiceToken() {
        String name = newTokenName.get().strip();
        if (name.isEmpty()) {
            return;
        }
        change(() -> api.addServiceToken(name), (NewServiceToken t) -> {
            newTokenName.set("");
            secret.set(new Secret(messages.get("admin.token.created.title"),
                    messages.get("admin.token.created.text", t.name()), t.token()));
        }, error::set);
    }

    public void revoke(ServiceToken token) {
        change(() -> {
            api.revokeServiceToken(token.id());
            return token;
        }, t -> notice.set(messages.get("admin.token.revoked", t.name())), error::set);
    }

    /**
     * "Termine importieren…": a calendar or CSV file for an advisor the admin picks among the enabled advisors
     * ({@code preferred} first, e.g. the selected user); the answer shows as for the advisor's own import.
     */
    public AppointmentImportModel importModel(AdminUser preferred) {
        List<UserInfo> advisors = users.stream().filter(u -> u.role() == Role.ADVISOR && !u.disabled())
                .map(u -> new UserInfo(u.id(), u.username(), u.displayName(), u.role(), u.teamId())).toList();
        return new AppointmentImportModel(this::sendImport, messages, fxThread,
                CompletableFuture.completedFuture(advisors), preferred == null ? null : preferred.id());
    }

    private CompletableFuture<ImportResult> sendImport(Path file, Long advisorId, boolean partial) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return api.importAppointments(file, advisorId, partial);
            } catch (ApiException | IOException e) {
                throw new CompletionException(e);
            }
        }, io);
    }

    /** The admin has seen the one-time secret: it is forgotten. */
    public void secretShown() {
        secret.set(null);
    }

    private record Lists(List<AdminUser> users, List<Team> teams, List<ServiceToken> tokens) {
    }

    private record Changed<T>(T result, Lists lists) {
    }

    private void show(Lists lists) {
        // Teams first: a view that reselects the user after the reload finds their team among the new items.
        teams.setAll(lists.teams());
        serviceTokens.setAll(lists.tokens());
        users.setAll(lists.users());
    }

    @FunctionalInterface
    private interface Call<T> {
        T run() throws ApiException;
    }

    /** A change, then the lists again. */
    private <T> void change(Call<T> call, Consumer<T> done, Consumer<String> failed) {
        error.set("");
        notice.set("");
        run(() -> {
            T result = call.run();
            return new Changed<>(result, new Lists(api.adminUsers(), api.teams(), api.serviceTokens()));
        }, changed -> {
            show(changed.lists());
            done.accept(changed.result());
        }, failed);
    }

    private <T> void run(Call<T> call, Consumer<T> done, Consumer<String> failed) {
        busy.set(true);
        io.execute(() -> {
            try {
                T result = call.run();
                fxThread.execute(() -> {
                    busy.set(false);
                    done.accept(result);
                });
            } catch (ApiException e) {
                String text = describe(e);
                fxThread.execute(() -> {
                    busy.set(false);
                    failed.accept(text);
                });
            }
        });
    }

    /** The server's refusal in German: its code's own text where there is one. */
    private String describe(ApiException e) {
        String key = "admin.error." + e.code();
        return e.code() != null && messages.bundle().containsKey(key) ? messages.get(key) : messages.describe(e);
    }

    private void clearForm() {
        newUsername.set("");
        newDisplayName.set("");
        newRole.set(Role.ADVISOR);
        newTeam.set(null);
        newPassword.set("");
        formError.set("");
    }

    public ObservableList<AdminUser> users() {
        return users;
    }

    public ObservableList<Team> teams() {
        return teams;
    }

    public ObservableList<ServiceToken> serviceTokens() {
        return serviceTokens;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    public ObjectProperty<Secret> secretProperty() {
        return secret;
    }

    public StringProperty newUsernameProperty() {
        return newUsername;
    }

    public StringProperty newDisplayNameProperty() {
        return newDisplayName;
    }

    public ObjectProperty<Role> newRoleProperty() {
        return newRole;
    }

    public ObjectProperty<Team> newTeamProperty() {
        return newTeam;
    }

    public StringProperty newPasswordProperty() {
        return newPassword;
    }

    public ReadOnlyStringProperty formErrorProperty() {
        return formError.getReadOnlyProperty();
    }

    public BooleanProperty formOpenProperty() {
        return formOpen;
    }

    public StringProperty newTeamNameProperty() {
        return newTeamName;
    }

    public StringProperty newTokenNameProperty() {
        return newTokenName;
    }
}

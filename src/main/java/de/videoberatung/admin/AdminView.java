package de.videoberatung.admin;

import de.videoberatung.api.AdminUser;
import de.videoberatung.api.Role;
import de.videoberatung.api.ServiceToken;
import de.videoberatung.api.Team;
import de.videoberatung.i18n.Messages;
import de.videoberatung.queue.AppointmentImportDialog;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import javafx.util.StringConverter;

/**
 * The "Verwaltung" view over an {@link AdminModel}: tabs for users, teams and service tokens. Keyboard first:
 * every action has a mnemonic (Alt + the underlined letter, unique across the tabs), Enter sends the open form,
 * Escape closes it.
 */
public final class AdminView extends BorderPane {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm");

    private final AdminModel model;
    private final Messages messages;
    private final ZoneId zone;
    private final TableView<AdminUser> users = new TableView<>();

    public AdminView(AdminModel model, Messages messages) {
        this.model = model;
        this.messages = messages;
        this.zone = messages.zone();
        Label title = new Label(messages.get("admin.title"));
        title.getStyleClass().add("title-2");
        Label error = new Label();
        error.setId("adminError");
        error.getStyleClass().add("danger");
        error.setWrapText(true);
        error.textProperty().bind(model.errorProperty());
        Label notice = new Label();
        notice.setId("adminNotice");
        notice.getStyleClass().add("success");
        notice.setWrapText(true);
        notice.textProperty().bind(model.noticeProperty());
        for (Label line : new Label[] {error, notice}) {
            line.managedProperty().bind(line.textProperty().isNotEmpty());
        }
        TabPane tabs = new TabPane(tab("usersTab", "admin.tab.users", usersPane()),
                tab("teamsTab", "admin.tab.teams", teamsPane()),
                tab("tokensTab", "admin.tab.tokens", tokensPane()));
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        VBox top = new VBox(6, title, error, notice);
        top.setPadding(new Insets(12, 12, 0, 12));
        setTop(top);
        setCenter(tabs);
        getStyleClass().add("admin-view");
        model.secretProperty().addListener((obs, old, secret) -> {
            if (secret != null) {
                showSecret(secret);
            }
        });
    }

    /** Tabs switch with Ctrl+Tab (JavaFX's own keys). */
    private Tab tab(String id, String textKey, Node content) {
        Tab tab = new Tab(messages.get(textKey), content);
        tab.setId(id);
        return tab;
    }

    private Node usersPane() {
        users.setId("adminUsers");
        users.setItems(model.users());
        users.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        users.getColumns().add(column("admin.column.username", AdminUser::username));
        users.getColumns().add(column("admin.column.name", AdminUser::displayName));
        users.getColumns().add(column("admin.column.role", u -> messages.label("role", u.role())));
        users.getColumns().add(column("admin.column.team", AdminUser::teamName));
        users.getColumns().add(column("admin.column.state", this::state));
        users.setPlaceholder(new Label(messages.get("admin.users.empty")));

        Button add = new Button(messages.get("admin.user.add"));
        add.setId("addUser");
        add.setMnemonicParsing(true);
        add.setOnAction(e -> model.openForm());
        add.disableProperty().bind(model.formOpenProperty());

        BooleanBinding none = users.getSelectionModel().selectedItemProperty().isNull();
        Button disable = new Button(messages.get("admin.user.disable"));
        disable.setId("disableUser");
        disable.setOnAction(e -> selected(u -> model.setEnabled(u, false)));
        disable.disableProperty().bind(none.or(Bindings.createBooleanBinding(() -> selected() != null
                && selected().disabled(), users.getSelectionModel().selectedItemProperty())));
        Button enable = new Button(messages.get("admin.user.enable"));
        enable.setId("enableUser");
        enable.setOnAction(e -> selected(u -> model.setEnabled(u, true)));
        enable.disableProperty().bind(none.or(Bindings.createBooleanBinding(() -> selected() != null
                && !selected().disabled(), users.getSelectionModel().selectedItemProperty())));
        Button reset = new Button(messages.get("admin.user.reset"));
        reset.setId("resetPassword");
        reset.setOnAction(e -> selected(model::resetPassword));
        reset.disableProperty().bind(none.or(Bindings.createBooleanBinding(() -> selected() != null
                && selected().directory(), users.getSelectionModel().selectedItemProperty())));

        ComboBox<Role> role = roleBox("userRole");
        Label roleLabel = mnemonicLabel("admin.user.role", role);
        Button applyRole = new Button(messages.get("admin.user.applyRole"));
        applyRole.setId("applyRole");
        applyRole.setOnAction(e -> selected(u -> model.changeRole(u, role.getValue())));
        applyRole.disableProperty().bind(none);
        ComboBox<Team> team = teamBox("userTeam");
        Label teamLabel = mnemonicLabel("admin.user.team", team);
        Button applyTeam = new Button(messages.get("admin.user.applyTeam"));
        applyTeam.setId("applyTeam");
        applyTeam.setOnAction(e -> selected(u -> model.changeTeam(u, team.getValue())));
        applyTeam.disableProperty().bind(none);
        // The lists are loaded again after every change: the same user stays selected.
        long[] lastSelected = {-1};
        model.users().addListener((ListChangeListener<AdminUser>) change -> model.users().stream()
                .filter(u -> u.id() == lastSelected[0]).findFirst()
                .ifPresent(u -> users.getSelectionModel().select(u)));
        users.getSelectionModel().selectedItemProperty().addListener((obs, old, user) -> {
            if (user != null) {
                lastSelected[0] = user.id();
            }
            role.setValue(user == null ? null : user.role());
            team.setValue(user == null ? null : model.teams().stream().filter(t -> t.id() == user.teamId())
                    .findFirst().orElse(null));
        });

        Button importFile = new Button(messages.get("admin.user.import"));
        importFile.setId("adminImport");
        importFile.setMnemonicParsing(true);
        importFile.setOnAction(e -> AppointmentImportDialog.chooseAndOpen(getScene().getWindow(),
                () -> model.importModel(selected()), messages));
        HBox actions = new HBox(8, disable, enable, reset, roleLabel, role, applyRole, teamLabel, team, applyTeam,
                importFile);
        actions.setAlignment(Pos.CENTER_LEFT);
        VBox pane = new VBox(8, new HBox(8, add), userForm(), users, actions);
        VBox.setVgrow(users, Priority.ALWAYS);
        pane.setPadding(new Insets(12));
        return pane;
    }

    /** "Benutzer anlegen": shown while the model's form is open; Enter sends, Escape closes. */
    private Node userForm() {
        TextField username = new TextField();
        username.setId("newUsername");
        username.textProperty().bindBidirectional(model.newUsernameProperty());
        TextField name = new TextField();
        name.setId("newDisplayName");
        name.textProperty().bindBidirectional(model.newDisplayNameProperty());
        ComboBox<Role> role = roleBox("newRole");
        role.valueProperty().bindBidirectional(model.newRoleProperty());
        ComboBox<Team> team = teamBox("newTeam");
        team.valueProperty().bindBidirectional(model.newTeamProperty());
        PasswordField password = new PasswordField();
        password.setId("newPassword");
        password.textProperty().bindBidirectional(model.newPasswordProperty());
        Label hint = new Label(messages.get("admin.user.passwordHint"));
        hint.getStyleClass().add("text-muted");

        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(6);
        grid.addRow(0, mnemonicLabel("admin.user.username", username), username);
        grid.addRow(1, mnemonicLabel("admin.user.displayName", name), name);
        grid.addRow(2, mnemonicLabel("admin.user.form.role", role), role);
        grid.addRow(3, mnemonicLabel("admin.user.form.team", team), team);
        grid.addRow(4, mnemonicLabel("admin.user.password", password), password);
        grid.add(hint, 1, 5);

        Button save = new Button(messages.get("admin.user.save"));
        save.setId("saveUser");
        save.setDefaultButton(true);
        save.disableProperty().bind(model.busyProperty());
        save.setOnAction(e -> model.addUser());
        Button cancel = new Button(messages.get("admin.user.cancel"));
        cancel.setId("cancelUser");
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> model.closeForm());
        Label error = new Label();
        error.setId("userFormError");
        error.getStyleClass().add("danger");
        error.setWrapText(true);
        error.textProperty().bind(model.formErrorProperty());
        Label heading = new Label(messages.get("admin.user.formTitle"));
        heading.getStyleClass().add("title-4");
        VBox form = new VBox(8, heading, grid, new HBox(8, save, cancel), error);
        form.setId("userForm");
        form.getStyleClass().add("admin-form");
        form.visibleProperty().bind(model.formOpenProperty());
        form.managedProperty().bind(form.visibleProperty());
        // Default and cancel buttons act only while the form is shown.
        save.defaultButtonProperty().bind(form.visibleProperty());
        cancel.cancelButtonProperty().bind(form.visibleProperty());
        model.formOpenProperty().addListener((obs, was, open) -> {
            if (open) {
                username.requestFocus();
            }
        });
        return form;
    }

    private Node teamsPane() {
        ListView<Team> list = new ListView<>(model.teams());
        list.setId("teamList");
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(Team team, boolean empty) {
                super.updateItem(team, empty);
                setText(empty || team == null ? null : team.name());
            }
        });
        TextField name = new TextField();
        name.setId("newTeamName");
        name.textProperty().bindBidirectional(model.newTeamNameProperty());
        name.setOnAction(e -> model.addTeam());
        Button add = new Button(messages.get("admin.team.add"));
        add.setId("addTeam");
        add.setOnAction(e -> model.addTeam());
        add.disableProperty().bind(model.newTeamNameProperty().isEmpty().or(model.busyProperty()));
        HBox form = new HBox(8, mnemonicLabel("admin.team.name", name), name, add);
        form.setAlignment(Pos.CENTER_LEFT);
        VBox pane = new VBox(8, form, list);
        VBox.setVgrow(list, Priority.ALWAYS);
        pane.setPadding(new Insets(12));
        return pane;
    }

    private Node tokensPane() {
        TableView<ServiceToken> table = new TableView<>(model.serviceTokens());
        table.setId("tokenTable");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(column("admin.column.tokenName", ServiceToken::name));
        table.getColumns().add(column("admin.column.created", t -> DATE_TIME.format(t.createdAt().atZone(zone))));
        table.getColumns().add(column("admin.column.state", t -> t.revokedAt() == null
                ? messages.get("admin.token.active")
                : messages.get("admin.token.revokedAt", DATE_TIME.format(t.revokedAt().atZone(zone)))));
        table.setPlaceholder(new Label(messages.get("admin.tokens.empty")));
        TextField name = new TextField();
        name.setId("newTokenName");
        name.textProperty().bindBidirectional(model.newTokenNameProperty());
        name.setOnAction(e -> model.addServiceToken());
        Button add = new Button(messages.get("admin.token.add"));
        add.setId("addToken");
        add.setOnAction(e -> model.addServiceToken());
        add.disableProperty().bind(model.newTokenNameProperty().isEmpty().or(model.busyProperty()));
        Button revoke = new Button(messages.get("admin.token.revoke"));
        revoke.setId("revokeToken");
        revoke.setOnAction(e -> {
            ServiceToken token = table.getSelectionModel().getSelectedItem();
            if (token != null) {
                model.revoke(token);
            }
        });
        revoke.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        Label hint = new Label(messages.get("admin.tokens.hint"));
        hint.getStyleClass().add("text-muted");
        hint.setWrapText(true);
        HBox form = new HBox(8, mnemonicLabel("admin.token.name", name), name, add, revoke);
        form.setAlignment(Pos.CENTER_LEFT);
        VBox pane = new VBox(8, hint, form, table);
        VBox.setVgrow(table, Priority.ALWAYS);
        pane.setPadding(new Insets(12));
        return pane;
    }

    private void showSecret(AdminModel.Secret secret) {
        TextField value = new TextField(secret.value());
        value.setId("secretValue");
        value.setEditable(false);
        value.setPrefColumnCount(44);
        Label text = new Label(secret.text());
        text.setWrapText(true);
        Alert alert = new Alert(Alert.AlertType.INFORMATION, null, ButtonType.OK);
        alert.setTitle(secret.title());
        alert.setHeaderText(secret.title());
        alert.getDialogPane().setContent(new VBox(8, text, value));
        Window owner = getScene() == null ? null : getScene().getWindow();
        if (owner != null) {
            alert.initOwner(owner);
        }
        alert.setOnShown(e -> value.selectAll());
        // Forgotten as soon as the admin has closed it.
        alert.setOnHidden(e -> model.secretShown());
        alert.show();
        value.requestFocus();
    }

    /**
     * The import of {@code file} for an advisor (the selected user if an advisor): what the file chooser leads to
     * (UI tests start here).
     */
    public void openImport(Path file) {
        AppointmentImportDialog.open(getScene().getWindow(), model.importModel(selected()), messages, file);
    }

    private AdminUser selected() {
        return users.getSelectionModel().getSelectedItem();
    }

    private void selected(Consumer<AdminUser> action) {
        AdminUser user = selected();
        if (user != null) {
            action.accept(user);
        }
    }

    private String state(AdminUser user) {
        if (user.disabled()) {
            return messages.get("admin.state.disabled");
        }
        if (user.mustChangePassword()) {
            return messages.get("admin.state.passwordReset");
        }
        return messages.get(user.directory() ? "admin.state.directory" : "admin.state.active");
    }

    private ComboBox<Role> roleBox(String id) {
        ComboBox<Role> box = new ComboBox<>();
        box.setId(id);
        box.getItems().setAll(AdminModel.staffRoles());
        box.setConverter(new StringConverter<>() {
            @Override
            public String toString(Role role) {
                return role == null ? "" : messages.label("role", role);
            }

            @Override
            public Role fromString(String text) {
                return null;
            }
        });
        return box;
    }

    private ComboBox<Team> teamBox(String id) {
        ComboBox<Team> box = new ComboBox<>(model.teams());
        box.setId(id);
        box.setConverter(new StringConverter<>() {
            @Override
            public String toString(Team team) {
                return team == null ? "" : team.name();
            }

            @Override
            public Team fromString(String text) {
                return null;
            }
        });
        return box;
    }

    /** A label with a mnemonic (the text's "_x") that moves the focus to {@code target}. */
    private Label mnemonicLabel(String key, Node target) {
        Label label = new Label(messages.get(key));
        label.setMnemonicParsing(true);
        label.setLabelFor(target);
        return label;
    }

    private <T> TableColumn<T, String> column(String key, Function<T, String> value) {
        TableColumn<T, String> column = new TableColumn<>(messages.get(key));
        column.setCellValueFactory(c -> new ReadOnlyStringWrapper(value.apply(c.getValue())));
        return column;
    }
}

package de.videoberatung.app;

import de.videoberatung.i18n.Messages;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/** The sign-in form shown when a real server is configured. */
public final class LoginView extends StackPane {

    public LoginView(LoginModel model, Messages messages, String server) {
        Label title = new Label(messages.get("app.title"));
        title.getStyleClass().add("title-1");
        Label serverLabel = new Label(messages.get("login.server", server));
        serverLabel.getStyleClass().add("text-muted");
        TextField username = new TextField();
        username.setId("username");
        username.setPromptText(messages.get("login.username"));
        username.textProperty().bindBidirectional(model.usernameProperty());
        PasswordField password = new PasswordField();
        password.setId("password");
        password.setPromptText(messages.get("login.password"));
        password.textProperty().bindBidirectional(model.passwordProperty());
        Button submit = new Button(messages.get("login.submit"));
        submit.setId("signIn");
        submit.setDefaultButton(true);
        submit.setMaxWidth(Double.MAX_VALUE);
        submit.disableProperty().bind(model.busyProperty());
        submit.setOnAction(e -> model.signIn());
        Label error = new Label();
        error.setId("loginError");
        error.getStyleClass().add("danger");
        error.setWrapText(true);
        error.textProperty().bind(model.errorProperty());
        Label userLabel = new Label(messages.get("login.username"));
        userLabel.setLabelFor(username);
        Label passwordLabel = new Label(messages.get("login.password"));
        passwordLabel.setLabelFor(password);
        VBox form = new VBox(10, title, serverLabel, userLabel, username, passwordLabel, password, submit, error);
        form.setMaxWidth(360);
        form.getStyleClass().add("login-form");
        VBox choose = newPasswordForm(model, messages);
        form.visibleProperty().bind(model.choosingPasswordProperty().not());
        submit.defaultButtonProperty().bind(form.visibleProperty());
        choose.visibleProperty().bind(model.choosingPasswordProperty());
        setAlignment(Pos.CENTER);
        getChildren().addAll(form, choose);
        sceneProperty().addListener((obs, old, scene) -> {
            if (scene != null) {
                username.requestFocus();
            }
        });
        model.choosingPasswordProperty().addListener((obs, was, choosing) -> {
            if (!choosing) {
                password.requestFocus();
            }
        });
    }

    /** "Neues Passwort wählen", in place of the form after a reset: Enter saves, Escape goes back. */
    private static VBox newPasswordForm(LoginModel model, Messages messages) {
        Label title = new Label(messages.get("login.newPassword.title"));
        title.getStyleClass().add("title-2");
        Label text = new Label(messages.get("login.newPassword.text"));
        text.setWrapText(true);
        PasswordField first = new PasswordField();
        first.setId("newPassword");
        first.textProperty().bindBidirectional(model.newPasswordProperty());
        PasswordField repeat = new PasswordField();
        repeat.setId("newPasswordRepeat");
        repeat.textProperty().bindBidirectional(model.newPasswordRepeatProperty());
        Label firstLabel = new Label(messages.get("login.newPassword.new"));
        firstLabel.setMnemonicParsing(true);
        firstLabel.setLabelFor(first);
        Label repeatLabel = new Label(messages.get("login.newPassword.repeat"));
        repeatLabel.setMnemonicParsing(true);
        repeatLabel.setLabelFor(repeat);
        Button save = new Button(messages.get("login.newPassword.submit"));
        save.setId("saveNewPassword");
        save.setMaxWidth(Double.MAX_VALUE);
        save.disableProperty().bind(model.busyProperty());
        save.defaultButtonProperty().bind(model.choosingPasswordProperty());
        save.setOnAction(e -> model.choosePassword());
        Button cancel = new Button(messages.get("login.newPassword.cancel"));
        cancel.setId("cancelNewPassword");
        cancel.cancelButtonProperty().bind(model.choosingPasswordProperty());
        cancel.setOnAction(e -> model.cancelPasswordChange());
        Label error = new Label();
        error.setId("newPasswordError");
        error.getStyleClass().add("danger");
        error.setWrapText(true);
        error.textProperty().bind(model.errorProperty());
        VBox form = new VBox(10, title, text, firstLabel, first, repeatLabel, repeat, save, cancel, error);
        form.setId("newPasswordForm");
        form.setMaxWidth(360);
        form.getStyleClass().add("login-form");
        model.choosingPasswordProperty().addListener((obs, was, choosing) -> {
            if (choosing) {
                first.requestFocus();
            }
        });
        return form;
    }
}

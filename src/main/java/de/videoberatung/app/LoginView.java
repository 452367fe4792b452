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
        setAlignment(Pos.CENTER);
        getChildren().add(form);
        sceneProperty().addListener((obs, old, scene) -> {
            if (scene != null) {
                username.requestFocus();
            }
        });
    }
}

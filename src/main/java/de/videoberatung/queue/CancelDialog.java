package de.videoberatung.queue;

import de.videoberatung.api.Appointment;
import de.videoberatung.api.CancelReason;
import de.videoberatung.i18n.Messages;
import java.util.Date;
import java.util.Optional;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * "Absagen…": asks to confirm the cancellation and for its reason; the advisor's queue and the team lead's day
 * use the same one. The result is the reason, or nothing if the appointment is kept.
 */
public final class CancelDialog extends Dialog<CancelReason> {

    /** Asks over {@code owner} and waits: the reason if the appointment is to be cancelled. */
    public static Optional<CancelReason> ask(Window owner, Appointment a, Messages messages) {
        CancelDialog dialog = new CancelDialog(a, messages);
        dialog.initOwner(owner);
        return dialog.showAndWait();
    }

    public CancelDialog(Appointment a, Messages messages) {
        ButtonType confirm = new ButtonType(messages.get("queue.cancel.confirm"), ButtonBar.ButtonData.OK_DONE);
        ButtonType keep = new ButtonType(messages.get("queue.cancel.keep"), ButtonBar.ButtonData.CANCEL_CLOSE);
        getDialogPane().getButtonTypes().setAll(confirm, keep);
        getDialogPane().lookupButton(confirm).setId("cancelConfirm");
        setTitle(messages.get("queue.cancel.title"));
        setHeaderText(messages.get("queue.cancel.header", a.customerName(), Date.from(a.startsAt())));
        ChoiceBox<CancelReason> reason = new ChoiceBox<>();
        reason.setId("cancelReason");
        reason.getItems().setAll(CancelReason.values());
        reason.setValue(CancelReason.CUSTOMER_REQUEST);
        reason.setConverter(AppointmentFormDialog.converter(r -> r == null ? "" : messages.label("cancelReason", r)));
        Label label = new Label(messages.get("queue.cancel.reason"));
        label.setLabelFor(reason);
        VBox box = new VBox(8, label, reason);
        // The topic tells the advisor which appointment this is; a team lead's view has none.
        if (a.topic() != null) {
            box.getChildren().add(0, new Label(a.topic()));
        }
        getDialogPane().setContent(box);
        setResultConverter(button -> button == confirm ? reason.getValue() : null);
        setOnShown(e -> reason.requestFocus());
    }
}

package de.videoberatung.queue;

import de.videoberatung.api.Appointment;
import de.videoberatung.api.AppointmentStatus;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.layout.HBox;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * An appointment's status as icon, label and a live detail ("wartet seit 1:20") that ticks with the clock;
 * for the advisor's queue and the team lead's list.
 *
 * @param <S> the table's row type
 */
public final class StatusCell<S> extends TableCell<S, S> {

    private static final PseudoClass FOLLOW_UP = PseudoClass.getPseudoClass("follow-up");

    private final Function<S, Appointment> appointment;
    private final AppointmentText text;
    private final ObservableValue<Instant> now;
    private final FontIcon icon = new FontIcon();
    private final Label label = new Label();
    private final Label detail = new Label();
    private final HBox box = new HBox(6, icon, label, detail);
    /** The status whose style class the cell has: changing a style class restyles the cell's subtree. */
    private AppointmentStatus styled;

    public StatusCell(Function<S, Appointment> appointment, AppointmentText text, ObservableValue<Instant> now) {
        this.appointment = appointment;
        this.text = text;
        this.now = now;
        box.setAlignment(Pos.CENTER_LEFT);
        detail.getStyleClass().add("status-detail");
        label.getStyleClass().add("status-label");
    }

    @Override
    protected void updateItem(S row, boolean empty) {
        super.updateItem(row, empty);
        detail.textProperty().unbind();
        Appointment a = empty || row == null ? null : appointment.apply(row);
        AppointmentStatus status = a == null ? null : a.status();
        if (status != styled) {
            // Only on a change: a refresh or scroll mostly hands a cell a row of the same status.
            getStyleClass().removeIf(s -> s.startsWith("status-"));
            if (status != null) {
                getStyleClass().add("status-" + status.name().toLowerCase(Locale.ROOT));
                icon.setIconCode(QueueView.iconOf(status));
            }
            styled = status;
        }
        if (a == null) {
            setGraphic(null);
            return;
        }
        label.setText(text.status(a));
        detail.textProperty().bind(Bindings.createStringBinding(() -> {
            Instant at = now.getValue();
            pseudoClassStateChanged(FOLLOW_UP, text.needsFollowUp(a, at));
            return text.detail(a, at);
        }, now));
        setGraphic(box);
    }
}

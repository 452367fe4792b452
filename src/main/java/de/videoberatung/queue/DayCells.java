package de.videoberatung.queue;

import java.time.LocalDate;
import java.util.function.Supplier;
import javafx.scene.control.DateCell;
import javafx.scene.control.DatePicker;
import javafx.util.Callback;

/**
 * Day cells for a {@link DatePicker} that mark "today" as the app counts days (the zone of the server's day):
 * JavaFX's popup marks the machine's {@code LocalDate.now()}, a day off on a PC set to another zone around
 * midnight. The popup styles a cell before it hands the cell its date, so the cell corrects the mark there.
 */
public final class DayCells {

    private static final String TODAY = "today";

    private DayCells() {
    }

    /** For {@link DatePicker#setDayCellFactory}: {@code today} answers the app's today. */
    public static Callback<DatePicker, DateCell> markingToday(Supplier<LocalDate> today) {
        return picker -> new DateCell() {
            @Override
            public void updateItem(LocalDate date, boolean empty) {
                super.updateItem(date, empty);
                getStyleClass().remove(TODAY);
                if (!empty && date != null && date.equals(today.get())) {
                    getStyleClass().add(TODAY);
                }
            }
        };
    }
}

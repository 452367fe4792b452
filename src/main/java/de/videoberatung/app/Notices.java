package de.videoberatung.app;

import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.util.Duration;
import org.controlsfx.control.NotificationPane;

/** Short notices at the bottom of the main window, which hide themselves after a while. */
final class Notices {

    private final NotificationPane pane = new NotificationPane();

    Notices() {
        pane.setShowFromTop(false);
    }

    NotificationPane pane() {
        return pane;
    }

    /** Shows {@code text} (on the FX thread). */
    void show(String text) {
        pane.show(text);
        // A notice that stays forever becomes wallpaper; hide it after a while unless replaced.
        Timeline hide = new Timeline(new KeyFrame(Duration.seconds(6), e -> {
            if (text.equals(pane.getText())) {
                pane.hide();
            }
        }));
        hide.play();
    }
}

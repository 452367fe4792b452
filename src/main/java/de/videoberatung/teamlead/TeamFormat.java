package de.videoberatung.teamlead;

import de.videoberatung.queue.AppointmentText;
import java.text.NumberFormat;
import java.time.Duration;
import java.util.Locale;

/** How the team figures read on screen and on paper: "12 %", "23:10", a dash for "nothing yet". */
final class TeamFormat {

    static final String NONE = "–";

    private TeamFormat() {
    }

    static String rate(Double rate) {
        return rate == null ? NONE : NumberFormat.getPercentInstance(Locale.GERMANY).format(rate);
    }

    static String duration(Duration d) {
        return d == null ? NONE : AppointmentText.elapsed(d);
    }
}

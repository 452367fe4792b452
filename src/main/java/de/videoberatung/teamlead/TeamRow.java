package de.videoberatung.teamlead;

import de.videoberatung.api.Appointment;
import java.util.Locale;

/**
 * One row of the team list: the appointment and its search text, made once when the row arrives so that
 * filtering 2,000 rows per keystroke only compares prepared strings.
 */
public record TeamRow(Appointment appointment, String searchText) {

    static TeamRow of(Appointment a) {
        return new TeamRow(a, (a.customerName() + " " + a.customerNumber() + " " + a.advisorName())
                .toLowerCase(Locale.GERMAN));
    }

    boolean matches(String[] words) {
        for (String word : words) {
            if (!searchText.contains(word)) {
                return false;
            }
        }
        return true;
    }
}

package de.videoberatung.api;

import java.time.ZoneId;

/**
 * The zone "a day" means on the server and in the app when nothing else is configured: the job centres'. The app
 * shows and computes every time and day in its configured zone (AppConfig), never in the machine's.
 */
public final class DayZone {

    public static final ZoneId DEFAULT = ZoneId.of("Europe/Berlin");

    private DayZone() {
    }
}

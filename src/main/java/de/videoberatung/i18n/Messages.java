package de.videoberatung.i18n;

import de.videoberatung.api.ApiException;
import de.videoberatung.api.DayZone;
import java.text.DateFormat;
import java.text.Format;
import de.videoberatung.db.StorageException;
import java.text.MessageFormat;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.TimeZone;
import java.util.concurrent.CompletionException;

/**
 * The UI's texts from {@code i18n/messages*.properties}: German first, English as the fallback for
 * anything not yet translated. Times in texts ({@code {0,time,short}}) are shown in the zone of the server's day,
 * never in the machine's.
 */
public final class Messages {

    private final ResourceBundle bundle;
    private final Locale locale;
    private final ZoneId zone;

    public Messages(Locale locale, ZoneId zone) {
        this.locale = locale;
        this.zone = zone;
        this.bundle = ResourceBundle.getBundle("i18n.messages", locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /** The app's language: German, times in the default zone of the server's day. */
    public static Messages german() {
        return german(DayZone.DEFAULT);
    }

    /** German, times in {@code zone} (the configured zone of the server's day). */
    public static Messages german(ZoneId zone) {
        return new Messages(Locale.GERMAN, zone);
    }

    public Locale locale() {
        return locale;
    }

    /** The zone every time and day in the UI is shown in. */
    public ZoneId zone() {
        return zone;
    }

    public ResourceBundle bundle() {
        return bundle;
    }

    /** The text for {@code key}, with {@code args} filled in by {@link MessageFormat}. */
    public String get(String key, Object... args) {
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            // Visible in the UI and easy to spot in a screenshot, but never a crash.
            return "!" + key + "!";
        }
        if (args.length == 0) {
            return pattern;
        }
        MessageFormat format = new MessageFormat(pattern, locale);
        for (Format part : format.getFormats()) {
            if (part instanceof DateFormat date) {
                // MessageFormat's date parts would use the machine's zone.
                date.setTimeZone(TimeZone.getTimeZone(zone));
            }
        }
        Object[] values = args.clone();
        for (int i = 0; i < values.length; i++) {
            if (values[i] instanceof Instant instant) {
                values[i] = Date.from(instant);
            }
        }
        return format.format(values);
    }

    /** The label of an enum constant, from the key {@code <prefix>.<CONSTANT>}. */
    public String label(String prefix, Enum<?> value) {
        return value == null ? "" : get(prefix + "." + value.name());
    }

    /** A sentence the user can act on for any failure, never a stack trace. */
    public String describe(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ApiException api) {
            return get("error." + api.kind().name());
        }
        if (cause instanceof StorageException storage) {
            return get(storage.kind() == StorageException.Kind.KEY_UNAVAILABLE ? "error.STORAGE_KEY" : "error.STORAGE");
        }
        return get("error.UNEXPECTED");
    }
}

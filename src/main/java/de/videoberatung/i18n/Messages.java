package de.videoberatung.i18n;

import de.videoberatung.api.ApiException;
import de.videoberatung.db.StorageException;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.concurrent.CompletionException;

/**
 * The UI's texts from {@code i18n/messages*.properties}: German first, English as the fallback for
 * anything not yet translated.
 */
public final class Messages {

    private final ResourceBundle bundle;
    private final Locale locale;

    public Messages(Locale locale) {
        this.locale = locale;
        this.bundle = ResourceBundle.getBundle("i18n.messages", locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /** The app's language: German. */
    public static Messages german() {
        return new Messages(Locale.GERMAN);
    }

    public Locale locale() {
        return locale;
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
        return args.length == 0 ? pattern : new MessageFormat(pattern, locale).format(args);
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
        if (cause instanceof StorageException) {
            return get("error.STORAGE");
        }
        return get("error.UNEXPECTED");
    }
}

package de.videoberatung.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a valid appointment looks like, the one place for it (the server checks every create, edit and import
 * row with it; the app may check early with it). Each violation is a {@link FieldError} with one of the codes
 * below; docs/appointments.md lists them.
 */
public final class AppointmentRules {

    /**
     * The Federal Employment Agency's customer number (Kundennummer, as on its letters): three digits, a capital
     * letter, six digits, e.g. {@code 123A456789}. Spaces are ignored and the letter may be typed in lower case.
     */
    public static final Pattern CUSTOMER_NUMBER = Pattern.compile("\\d{3}[A-Z]\\d{6}");
    /** Plausible, not proven: one {@code @}, a dot in the domain, a top-level domain of letters. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)*\\.[A-Za-z]{2,}");
    /** International ({@code +49 151 ...}, 8 to 15 digits) or German national ({@code 0151 ...}) after separators go. */
    private static final Pattern PHONE = Pattern.compile("\\+[1-9]\\d{7,14}|0[1-9]\\d{5,13}");
    private static final Pattern PHONE_SEPARATORS = Pattern.compile("[\\s\\-/().]");
    private static final Pattern LINE_BREAKS = Pattern.compile("\\s*[\\r\\n\\t]+\\s*");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2}");
    public static final Duration MIN_LENGTH = Duration.ofMinutes(5);
    public static final Duration MAX_LENGTH = Duration.ofHours(8);
    public static final int MAX_TEXT = 200;

    /**
     * Every code a refused appointment field or import entry can carry: these rules', the import readers' and the
     * service's ({@code OVERLAP}, {@code NOT_EDITABLE}, ...). The app has a German text for each.
     */
    public static final List<String> CODES = List.of("REQUIRED", "INVALID_CUSTOMER_NUMBER", "INVALID_EMAIL",
            "INVALID_PHONE", "INVALID_LANGUAGE", "INVALID_TEXT", "PHONE_REQUIRED", "CONTACT_REQUIRED",
            "END_NOT_AFTER_START", "LENGTH_OUT_OF_RANGE", "TOO_LONG", "UNKNOWN_ADVISOR", "OVERLAP", "NOT_EDITABLE",
            "CONCURRENT_CHANGE", "ALL_DAY", "MISSING_UID", "MISSING_START", "MISSING_END", "INVALID_RECURRENCE",
            "TOO_MANY_OCCURRENCES", "INVALID_DATE", "INVALID_TIME", "INVALID_LENGTH", "INVALID_CHANNEL",
            "MISSING_COLUMN", "MALFORMED_CSV");
    /** Languages the app offers for a customer (ISO 639-1); the server takes any two-letter code. */
    public static final List<String> LANGUAGES = List.of("de", "en", "tr", "ar", "uk", "ru", "fa", "pl", "ro", "fr");

    private AppointmentRules() {
    }

    /**
     * {@code d} tidied as the server stores it: text trimmed, line breaks as spaces (blank becomes null), the customer number without
     * spaces and upper case, the phone number without separators and a leading {@code 00} as {@code +}, the
     * language in lower case.
     */
    public static AppointmentDraft normalized(AppointmentDraft d) {
        String number = text(d.customerNumber());
        if (number != null) {
            number = number.replaceAll("\\s", "").toUpperCase(Locale.ROOT);
        }
        String phone = text(d.customerPhone());
        if (phone != null) {
            phone = PHONE_SEPARATORS.matcher(phone).replaceAll("");
            if (phone.startsWith("00")) {
                phone = "+" + phone.substring(2);
            }
        }
        String language = text(d.customerLanguage());
        return new AppointmentDraft(d.advisorId(), text(d.customerName()), number, text(d.customerEmail()), phone,
                language == null ? null : language.toLowerCase(Locale.ROOT), text(d.topic()), d.channel(),
                d.startsAt(), d.endsAt(), text(d.externalId()), d.allowOverlap());
    }

    /** The violations of a complete (normalised) draft; empty when it may be stored. */
    public static List<FieldError> check(AppointmentDraft d) {
        List<FieldError> errors = new ArrayList<>();
        requiredText(errors, "customerName", d.customerName());
        if (d.customerNumber() == null) {
            errors.add(new FieldError("customerNumber", "REQUIRED"));
        } else if (!CUSTOMER_NUMBER.matcher(d.customerNumber()).matches()) {
            errors.add(new FieldError("customerNumber", "INVALID_CUSTOMER_NUMBER"));
        }
        if (d.customerEmail() != null && (d.customerEmail().length() > 254
                || !EMAIL.matcher(d.customerEmail()).matches())) {
            errors.add(new FieldError("customerEmail", "INVALID_EMAIL"));
        }
        if (d.customerPhone() != null && !PHONE.matcher(d.customerPhone()).matches()) {
            errors.add(new FieldError("customerPhone", "INVALID_PHONE"));
        }
        if (d.customerLanguage() != null && !LANGUAGE.matcher(d.customerLanguage()).matches()) {
            errors.add(new FieldError("customerLanguage", "INVALID_LANGUAGE"));
        }
        requiredText(errors, "topic", d.topic());
        if (d.channel() == null) {
            errors.add(new FieldError("channel", "REQUIRED"));
        } else if (d.channel() == Channel.PHONE && d.customerPhone() == null) {
            // A phone appointment needs a number to call.
            errors.add(new FieldError("customerPhone", "PHONE_REQUIRED"));
        } else if (d.channel() == Channel.VIDEO && d.customerPhone() == null && d.customerEmail() == null) {
            // The invitation link has to reach the customer: by e-mail, or by SMS to a mobile number.
            errors.add(new FieldError("customerEmail", "CONTACT_REQUIRED"));
        }
        if (d.startsAt() == null) {
            errors.add(new FieldError("startsAt", "REQUIRED"));
        }
        if (d.endsAt() == null) {
            errors.add(new FieldError("endsAt", "REQUIRED"));
        }
        if (d.startsAt() != null && d.endsAt() != null) {
            Duration length = Duration.between(d.startsAt(), d.endsAt());
            if (!d.endsAt().isAfter(d.startsAt())) {
                errors.add(new FieldError("endsAt", "END_NOT_AFTER_START"));
            } else if (length.compareTo(MIN_LENGTH) < 0 || length.compareTo(MAX_LENGTH) > 0) {
                errors.add(new FieldError("endsAt", "LENGTH_OUT_OF_RANGE"));
            }
        }
        if (d.externalId() != null && d.externalId().length() > 500) {
            errors.add(new FieldError("externalId", "TOO_LONG"));
        }
        return errors;
    }

    private static void requiredText(List<FieldError> errors, String field, String value) {
        if (value == null) {
            errors.add(new FieldError(field, "REQUIRED"));
        } else if (value.length() > MAX_TEXT || value.chars().anyMatch(Character::isISOControl)) {
            errors.add(new FieldError(field, "INVALID_TEXT"));
        }
    }

    private static String text(String value) {
        if (value == null) {
            return null;
        }
        // A line break in a spreadsheet cell or a calendar summary is a space in a one-line field.
        String trimmed = LINE_BREAKS.matcher(value).replaceAll(" ").strip();
        return trimmed.isEmpty() ? null : trimmed;
    }
}

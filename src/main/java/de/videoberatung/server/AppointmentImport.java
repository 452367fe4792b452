package de.videoberatung.server;

import de.videoberatung.api.AppointmentDraft;
import de.videoberatung.api.Channel;
import de.videoberatung.api.ImportResult;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A file handed to {@code POST /api/v1/appointments/import}, read into drafts: an iCalendar file
 * ({@link CalendarImport}) or a CSV file ({@link CsvImport}). What is wrong with an entry is found here (it is no
 * appointment: all-day, unreadable date) or later by {@code AppointmentRules} in the service.
 */
final class AppointmentImport {

    /**
     * One appointment the file describes.
     *
     * @param where where it is in the file, for the user: {@code Zeile 7}, {@code UID 0405...}
     * @param draft its fields; {@code externalId} is always set (the key of re-imports)
     * @param cancelled the file says it is cancelled: it cancels what an earlier import made of it
     */
    record Entry(String where, AppointmentDraft draft, boolean cancelled) {
    }

    /** Entries, and what could not even be read as an entry. */
    record Parsed(List<Entry> entries, List<ImportResult.Rejected> rejected) {
    }

    /** Channel words in a CSV "Kanal" column or a calendar entry's location (German and the API's names). */
    private static final Map<String, Channel> CHANNELS = Map.of(
            "video", Channel.VIDEO, "videoberatung", Channel.VIDEO,
            "telefon", Channel.PHONE, "phone", Channel.PHONE, "telefonisch", Channel.PHONE,
            "vor ort", Channel.ON_SITE, "on_site", Channel.ON_SITE, "persönlich", Channel.ON_SITE);
    /** Language names Excel lists tend to hold, besides ISO 639-1 codes. */
    private static final Map<String, String> LANGUAGES = Map.of(
            "deutsch", "de", "englisch", "en", "türkisch", "tr", "arabisch", "ar", "ukrainisch", "uk",
            "russisch", "ru", "polnisch", "pl", "französisch", "fr", "persisch", "fa", "rumänisch", "ro");

    private AppointmentImport() {
    }

    /** Reads {@code body} as the media type of {@code contentType}; 415 for anything else. */
    static Parsed parse(String contentType, byte[] body, ZoneId zone, Instant now) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT).split(";")[0].strip();
        if (body.length == 0) {
            throw ApiProblem.badRequest("INVALID_BODY", "Request body missing");
        }
        return switch (type) {
            case "text/calendar" -> CalendarImport.parse(body, zone, now);
            case "text/csv" -> CsvImport.parse(body, charsetOf(contentType), zone);
            default -> throw new ApiProblem(415, "UNSUPPORTED_MEDIA_TYPE",
                    "Send the file as text/calendar (iCalendar) or text/csv");
        };
    }

    /** A channel word, or null if it names none. */
    static Channel channel(String word) {
        return word == null ? null : CHANNELS.get(word.strip().toLowerCase(Locale.GERMAN));
    }

    /** An ISO 639-1 code for a code or a German language name; anything else as given (the rules judge it). */
    static String language(String value) {
        if (value == null) {
            return null;
        }
        String key = value.strip().toLowerCase(Locale.GERMAN);
        return LANGUAGES.getOrDefault(key, value);
    }

    private static String charsetOf(String contentType) {
        for (String part : contentType.split(";")) {
            String p = part.strip();
            if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                return p.substring("charset=".length()).replace("\"", "").strip();
            }
        }
        return null;
    }
}

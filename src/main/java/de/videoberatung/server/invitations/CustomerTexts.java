package de.videoberatung.server.invitations;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The customer's messages from the templates under {@code /invitations/<language>/} (docs/invitations.md): the
 * customer's language where a text exists, German otherwise. A mail template's first line is the subject.
 */
final class CustomerTexts {

    /** Languages with a full set of templates; German is the fall-back. */
    static final List<String> LANGUAGES = List.of("de", "en", "tr");
    private static final String FALLBACK = "de";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    /** A rendered mail. */
    record Mail(String subject, String body) {
    }

    private final ZoneId zone;
    private final String contact;
    private final Duration linkOpensBefore;
    private final Map<String, String> templates = new ConcurrentHashMap<>();
    private final Map<String, Properties> shortTexts = new ConcurrentHashMap<>();

    CustomerTexts(ZoneId zone, String contact, Duration linkOpensBefore) {
        this.zone = zone;
        this.contact = contact;
        this.linkOpensBefore = linkOpensBefore;
    }

    static String language(String customerLanguage) {
        String lang = customerLanguage == null ? FALLBACK : customerLanguage.trim().toLowerCase(Locale.ROOT);
        return LANGUAGES.contains(lang) ? lang : FALLBACK;
    }

    Mail mail(MessageKind kind, CustomerAppointment a, String link) {
        String lang = language(a.language());
        String text = fill(template(lang, kind.name().toLowerCase(Locale.ROOT) + ".txt"), lang, a, link);
        int end = text.indexOf('\n');
        return new Mail(text.substring(0, end).trim(), text.substring(end + 1).stripLeading());
    }

    String sms(MessageKind kind, CustomerAppointment a, String link) {
        String lang = language(a.language());
        return fill(shortText(lang, "sms." + kind.name()), lang, a, link);
    }

    String calendarSummary(CustomerAppointment a) {
        return shortText(language(a.language()), "calendar.summary");
    }

    String calendarDescription(CustomerAppointment a, String link) {
        String lang = language(a.language());
        return fill(shortText(lang, "calendar.description"), lang, a, link);
    }

    private String fill(String template, String lang, CustomerAppointment a, String link) {
        Locale locale = Locale.forLanguageTag(lang);
        ZonedDateTime start = a.startsAt().atZone(zone);
        Map<String, String> values = new HashMap<>();
        values.put("date", DateTimeFormatter.ofLocalizedDate(FormatStyle.FULL).withLocale(locale).format(start));
        values.put("time", TIME.format(start));
        values.put("end", TIME.format(a.endsAt().atZone(zone)));
        values.put("advisor", a.advisorName());
        values.put("link", link == null ? "" : link);
        values.put("opens", Long.toString(linkOpensBefore.toMinutes()));
        values.put("contact", contact == null || contact.isBlank() ? shortText(lang, "contact.default") : contact);
        StringBuilder out = new StringBuilder(template.length() + 200);
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            int close = open < 0 ? -1 : template.indexOf('}', open);
            if (close < 0) {
                out.append(template, i, template.length());
                break;
            }
            String value = values.get(template.substring(open + 1, close));
            out.append(template, i, open).append(value != null ? value : template.substring(open, close + 1));
            i = close + 1;
        }
        return out.toString();
    }

    private String template(String lang, String file) {
        return templates.computeIfAbsent(lang + "/" + file, path -> {
            try (InputStream in = resource(path)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private String shortText(String lang, String key) {
        Properties texts = shortTexts.computeIfAbsent(lang, l -> {
            Properties p = new Properties();
            try (InputStream in = resource(l + "/texts.properties")) {
                p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return p;
        });
        String value = texts.getProperty(key);
        if (value == null) {
            throw new IllegalStateException("no text " + key + " for " + lang);
        }
        return value;
    }

    private static InputStream resource(String path) throws IOException {
        InputStream in = CustomerTexts.class.getResourceAsStream("/invitations/" + path);
        if (in == null) {
            throw new IOException("missing template /invitations/" + path);
        }
        return in;
    }
}

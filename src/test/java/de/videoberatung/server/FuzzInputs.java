package de.videoberatung.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.videoberatung.api.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Hidden input for {@link EndpointFuzzTest}: what a careless or hostile client may send instead of the contract's
 * request, in place of a path segment, a query value, a JSON body or one field of it. Every list is fixed; the
 * test's seeded random picks from them, so a run is repeated with its seed.
 */
final class FuzzInputs {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private FuzzInputs() {
    }

    /** A value in the place of a path parameter, already URI-safe (some of it percent-encoded on purpose). */
    static final List<String> PATH_VALUES = List.of(
            "abc", "-1", "0", "-9223372036854775808", "9223372036854775807", "9223372036854775808",
            "99999999999999999999999999999", "1.5", "1e3", "0x1F", "%00", "%20", "%2e%2e", "..%2F..%2Fetc%2Fpasswd",
            "%C3%A4%C3%B6", "%FF%FE", "%F0%9F%98%80", "null", "undefined", "%7Bid%7D", "'%20OR%201=1--",
            "a".repeat(4_000), "%25", "..", ".", "~", "%0D%0AX-Injected:%201");

    /** A value in the place of a query parameter, already URI-safe (some of it percent-encoded on purpose). */
    static final List<String> QUERY_VALUES = List.of(
            "", "x", "-1", "0", "1.5", "1e9", "9223372036854775808", "-9223372036854775809",
            "2026-13-45", "2026-02-30", "+999999999-12-31", "99999-01-01", "2026-1-1", "2026-12-02T10:00:00Z",
            "%00", "%FF", "%zz", "%", "true", "null", "a".repeat(8_000), "%E2%80%AE", "1,2", "[]", "%7B%7D");

    /** A request body that is not JSON, or not the JSON any endpoint takes. */
    static List<byte[]> malformedBodies(Random random) {
        List<byte[]> bodies = new ArrayList<>();
        for (String s : List.of("{", "}", "[", "{\"a\":", "{\"a\" 1}", "{'a':1}", "{\"a\":1,}", "nul", "tru",
                "{\"a\":1}}", "{\"a\":1} trailing", "[]", "[{}]", "\"text\"", "42", "-0", "1e400", "true", "null",
                " ", "\t\r\n", "\u0000", "{\"a\":\"\\uD800\"}", "{\"a\":\"\\x41\"}", "{\"a\":01}", "{\"a\":NaN}",
                "{\"a\":Infinity}", "/* comment */ {}", "\uFEFF{}", "<xml/>", "a=1&b=2")) {
            bodies.add(s.getBytes(StandardCharsets.UTF_8));
        }
        bodies.add("[".repeat(20_000).getBytes(StandardCharsets.US_ASCII));
        bodies.add(("{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000)).getBytes(StandardCharsets.US_ASCII));
        bodies.add(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xFF, (byte) 0xFE, (byte) 0xC3, '"', '}'});
        byte[] noise = new byte[512];
        random.nextBytes(noise);
        bodies.add(noise);
        return bodies;
    }

    /** A JSON value of the wrong kind, or of the right kind but outrageous, for one field. */
    static List<JsonNode> wrongValues() {
        List<JsonNode> values = new ArrayList<>();
        values.add(NODES.nullNode());
        values.add(NODES.numberNode(-1));
        values.add(NODES.numberNode(0));
        values.add(NODES.numberNode(Long.MAX_VALUE));
        values.add(NODES.numberNode(Long.MIN_VALUE));
        values.add(NODES.numberNode(new BigInteger("9".repeat(400))));
        values.add(NODES.numberNode(new BigDecimal("1e400")));
        values.add(NODES.numberNode(1.5));
        values.add(NODES.booleanNode(true));
        values.add(NODES.textNode(""));
        values.add(NODES.textNode("x"));
        values.add(NODES.textNode(" "));
        values.add(NODES.textNode("\u0000\u202E\uFEFF"));
        values.add(NODES.textNode("2026-13-45T25:61:00Z"));
        values.add(NODES.textNode("-999999999-01-01T00:00:00Z"));
        values.add(NODES.textNode("+1000000000-01-01T00:00:00Z"));
        values.add(NODES.textNode("ä".repeat(200_000)));
        values.add(NODES.arrayNode());
        values.add(NODES.arrayNode().add(1).add("x"));
        values.add(NODES.objectNode());
        values.add(NODES.objectNode().put("a", 1));
        return values;
    }

    /** {@code sample} with {@code field} replaced by {@code value}. */
    static ObjectNode with(ObjectNode sample, String field, JsonNode value) {
        ObjectNode copy = sample.deepCopy();
        copy.set(field, value);
        return copy;
    }

    /** {@code sample} with unknown fields added, in the ways clients and attackers add them. */
    static List<ObjectNode> withUnknownFields(ObjectNode sample) {
        List<ObjectNode> bodies = new ArrayList<>();
        bodies.add(with(sample, "unknownField", NODES.textNode("x")));
        bodies.add(with(sample, "__proto__", NODES.objectNode().put("admin", true)));
        bodies.add(with(sample, "id", NODES.numberNode(1)));
        bodies.add(with(sample, "role", NODES.textNode("ADMIN")));
        bodies.add(with(sample, "x".repeat(10_000), NODES.numberNode(1)));
        return bodies;
    }

    /** The sample's field names (the fields the test replaces one by one). */
    static List<String> fields(ObjectNode sample) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = sample.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    /** A body of the sample type as text bytes; a duplicated key written by hand. */
    static byte[] duplicateKey(ObjectNode sample) {
        String text = json(sample);
        String first = fields(sample).isEmpty() ? "a" : fields(sample).get(0);
        return ("{\"" + first + "\":[1,2]," + text.substring(1)).getBytes(StandardCharsets.UTF_8);
    }

    /** Bytes of a text file (CSV, iCalendar) broken in the ways an export goes wrong. */
    static Map<String, byte[]> brokenFiles(byte[] valid, Random random) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        String text = new String(valid, StandardCharsets.UTF_8);
        files.put("truncated", Arrays.copyOf(valid, valid.length / 2));
        files.put("first line only", text.lines().findFirst().orElse("").getBytes(StandardCharsets.UTF_8));
        byte[] flipped = valid.clone();
        for (int i = 0; i < 40; i++) {
            flipped[random.nextInt(flipped.length)] = (byte) random.nextInt(256);
        }
        files.put("bytes flipped", flipped);
        files.put("huge line", (text + "\r\n" + "x".repeat(500_000) + "\r\n").getBytes(StandardCharsets.UTF_8));
        files.put("many columns", (text + "\r\n" + ";".repeat(50_000) + "\r\n").getBytes(StandardCharsets.UTF_8));
        files.put("nul bytes", text.replace('\n', '\u0000').getBytes(StandardCharsets.UTF_8));
        files.put("digits grown", text.replaceAll("(\\d{2})", "$1999999999999").getBytes(StandardCharsets.UTF_8));
        files.put("colons", text.replace(":", "::").getBytes(StandardCharsets.UTF_8));
        files.put("semicolons", text.replace(";", "\"").getBytes(StandardCharsets.UTF_8));
        files.put("latin1 bytes", new byte[] {(byte) 0xC4, (byte) 0xD6, (byte) 0xDC, ';', (byte) 0xFF, '\n'});
        files.put("json instead", "{\"customerName\":\"x\"}".getBytes(StandardCharsets.UTF_8));
        files.put("nested calendars", ("BEGIN:VCALENDAR\r\n".repeat(2_000)).getBytes(StandardCharsets.US_ASCII));
        files.put("event without anything", ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nEND:VEVENT\r\n"
                + "END:VCALENDAR\r\n").getBytes(StandardCharsets.US_ASCII));
        files.put("bad dates", ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:99999999T999999Z\r\n"
                + "DTEND:0\r\nSUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n").getBytes(StandardCharsets.US_ASCII));
        files.put("bad rule", ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:y\r\n"
                + "DTSTART:20261202T100000Z\r\nDTEND:20261202T103000Z\r\nRRULE:FREQ=SECONDLY;COUNT=999999999\r\n"
                + "SUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n").getBytes(StandardCharsets.US_ASCII));
        files.put("bad zone", ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:z\r\n"
                + "DTSTART;TZID=Mars/Olympus:20261202T100000\r\nDTEND;TZID=Mars/Olympus:20261202T103000\r\n"
                + "SUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n").getBytes(StandardCharsets.US_ASCII));
        files.put("csv header only", "Kundennummer;Name;Thema;Kanal;Datum;Beginn\r\n".getBytes(StandardCharsets.UTF_8));
        files.put("csv bad values", ("Kundennummer;Name;Thema;Kanal;Datum;Beginn;Dauer\r\n"
                + "x;y;z;Brieftaube;31.02.2026;25:99;-5\r\n;;;;;;\r\n\"unclosed;a;b\r\n")
                .getBytes(StandardCharsets.UTF_8));
        files.put("csv huge length", ("Kundennummer;Name;Thema;Kanal;Datum;Beginn;Dauer\r\n"
                + "K1;Name;Thema;Video;02.12.2026;10:00;99999999999999\r\n"
                + "K2;Name;Thema;Video;02.12.2026;10:00;2147483647\r\n").getBytes(StandardCharsets.UTF_8));
        return files;
    }

    static String json(JsonNode node) {
        try {
            return Json.mapper().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode parse(String json) {
        try {
            return (ObjectNode) Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

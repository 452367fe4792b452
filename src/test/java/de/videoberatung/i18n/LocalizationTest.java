package de.videoberatung.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import de.videoberatung.api.ApiException;
import de.videoberatung.api.AppointmentRules;
import de.videoberatung.api.CancelReason;
import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.api.Channel;
import de.videoberatung.api.InvitationReason;
import de.videoberatung.api.NoShowReason;
import de.videoberatung.api.Role;
import de.videoberatung.call.CallEnd;
import de.videoberatung.call.CallPhase;
import de.videoberatung.callwindow.CallQuality;
import de.videoberatung.store.LocalNote;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The texts and the code stay in step: both bundles have the same keys, every key the code names exists,
 * and no key is left that nothing uses.
 *
 * <p>How keys are found in the code ({@code src/main/java}, in classes that use {@link Messages} or a
 * {@code ResourceBundle}): a string literal shaped like a key of the bundles' namespaces is a key. A key made
 * at run time — a literal prefix followed by {@code +} ({@code "callwindow.state." + phase}) or an enum label
 * ({@code messages.label("status", s)}) — must have its family declared in {@link #FAMILIES} below, with the
 * suffixes it can take; a family that is not declared fails the test, so no dynamic key goes unchecked.
 */
class LocalizationTest {

    private static final Path SOURCES = Path.of("src", "main", "java");
    private static final Path BUNDLES = Path.of("src", "main", "resources", "i18n");
    private static final Pattern LITERAL = Pattern.compile("\"([a-z][A-Za-z0-9]*(?:\\.[A-Za-z0-9_]+)+)\"");
    private static final Pattern PREFIX_PLUS = Pattern.compile("\"([a-z][A-Za-z0-9.]*\\.)\"\\s*\\+");
    private static final Pattern LABEL = Pattern.compile("\\.label\\(\"([a-z][A-Za-z0-9.]*)\"");
    /** Literals of the key shape that name files, not texts. */
    private static final Pattern NOT_A_KEY = Pattern.compile(".*\\.(css|properties|sql|html|js|png|xml|db)$");

    /**
     * Every family of keys made at run time, with the suffixes it takes. {@link #OPEN} marks a family
     * whose suffixes come from outside (the server's refusal codes, column names in code): any key under it
     * counts as used, and the code falls back to a fixed key when one is missing.
     */
    private static final Set<String> OPEN = Set.of();
    private static final Map<String, Set<String>> FAMILIES = Map.ofEntries(
            Map.entry("status.", names(AppointmentStatus.values())),
            Map.entry("channel.", names(Channel.values())),
            Map.entry("noShowReason.", names(NoShowReason.values())),
            Map.entry("invitation.reason.", names(InvitationReason.values())),
            Map.entry("error.", names(ApiException.Kind.values())),
            Map.entry("callwindow.state.", withHints(names(CallPhase.values()))),
            Map.entry("callwindow.ended.", withHints(names(CallEnd.Reason.values()))),
            Map.entry("notes.state.", names(LocalNote.SyncState.values())),
            Map.entry("call.check.connection.", Set.of("fair", "poor")),
            Map.entry("notes.rejected.", OPEN),
            Map.entry("callwindow.quality.", names(CallQuality.values())),
            Map.entry("teamlead.column.", OPEN),
            Map.entry("teamlead.csv.", OPEN),
            Map.entry("role.", names(Role.values())),
            Map.entry("admin.error.", OPEN),
            Map.entry("appointment.error.", Set.copyOf(AppointmentRules.CODES)),
            Map.entry("language.", Set.copyOf(AppointmentRules.LANGUAGES)),
            Map.entry("cancelReason.", names(CancelReason.values())));

    static Properties german;
    static Properties english;
    static Set<String> namespaces;
    static Map<Path, String> sources;

    @BeforeAll
    static void load() throws IOException {
        german = read(BUNDLES.resolve("messages_de.properties"));
        english = read(BUNDLES.resolve("messages.properties"));
        namespaces = german.stringPropertyNames().stream().map(k -> k.substring(0, k.indexOf('.') + 1))
                .collect(Collectors.toSet());
        sources = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String text = Files.readString(file);
                if (text.contains("Messages") || text.contains("ResourceBundle")) {
                    sources.put(file, text);
                }
            }
        }
    }

    @Test
    void bothBundlesHaveTheSameKeys() {
        assertThat(english.stringPropertyNames()).as("keys of messages.properties (English)")
                .containsExactlyInAnyOrderElementsOf(german.stringPropertyNames());
    }

    @Test
    void everyKeyTheCodeNamesExists() {
        Set<String> missing = new TreeSet<>();
        sources.forEach((file, text) -> literalKeys(text).stream()
                .filter(key -> !german.containsKey(key) && !isFamilyPrefix(key))
                .forEach(key -> missing.add(key + " (" + file.getFileName() + ")")));
        assertThat(missing).as("keys named in code but in no bundle").isEmpty();
    }

    @Test
    void everyKeyMadeAtRunTimeBelongsToADeclaredFamily() {
        Set<String> undeclared = new TreeSet<>();
        sources.forEach((file, text) -> dynamicPrefixes(text).stream()
                .filter(prefix -> family(prefix) == null)
                .forEach(prefix -> undeclared.add(prefix + " (" + file.getFileName() + ")")));
        assertThat(undeclared).as("dynamic key prefixes without an entry in FAMILIES").isEmpty();
    }

    @Test
    void everyDeclaredFamilyHasAllItsKeys() {
        Set<String> missing = new TreeSet<>();
        FAMILIES.forEach((prefix, suffixes) -> {
            if (suffixes != OPEN) {
                suffixes.stream().map(s -> prefix + s).filter(k -> !german.containsKey(k)).forEach(missing::add);
            }
        });
        assertThat(missing).as("keys a family's values need").isEmpty();
    }

    @Test
    void noKeyIsUnused() {
        Set<String> named = new TreeSet<>();
        Set<String> usedPrefixes = new TreeSet<>();
        sources.values().forEach(text -> {
            named.addAll(literalKeys(text));
            dynamicPrefixes(text).stream().map(LocalizationTest::family).filter(f -> f != null)
                    .forEach(usedPrefixes::add);
        });
        Set<String> unused = new TreeSet<>();
        for (String key : german.stringPropertyNames()) {
            if (named.contains(key)) {
                continue;
            }
            String prefix = usedPrefixes.stream().filter(key::startsWith).findFirst().orElse(null);
            Set<String> suffixes = prefix == null ? Set.of() : FAMILIES.get(prefix);
            boolean madeAtRunTime = prefix != null
                    && (suffixes == OPEN || suffixes.contains(key.substring(prefix.length())));
            if (!madeAtRunTime) {
                unused.add(key);
            }
        }
        assertThat(unused).as("keys nothing in the code uses").isEmpty();
    }

    private static Set<String> literalKeys(String text) {
        Set<String> keys = new TreeSet<>();
        Matcher m = LITERAL.matcher(text);
        while (m.find()) {
            String candidate = m.group(1);
            if (namespaces.contains(candidate.substring(0, candidate.indexOf('.') + 1))
                    && !NOT_A_KEY.matcher(candidate).matches()) {
                keys.add(candidate);
            }
        }
        return keys;
    }

    private static Set<String> dynamicPrefixes(String text) {
        Set<String> prefixes = new TreeSet<>();
        Matcher plus = PREFIX_PLUS.matcher(text);
        while (plus.find()) {
            if (namespaces.contains(plus.group(1).substring(0, plus.group(1).indexOf('.') + 1))) {
                prefixes.add(plus.group(1));
            }
        }
        Matcher label = LABEL.matcher(text);
        while (label.find()) {
            prefixes.add(label.group(1) + ".");
        }
        return prefixes;
    }

    /** The declared family a dynamic prefix belongs to (the longest declared prefix it starts with). */
    private static String family(String prefix) {
        return FAMILIES.keySet().stream().filter(prefix::startsWith)
                .max((a, b) -> Integer.compare(a.length(), b.length())).orElse(null);
    }

    private static boolean isFamilyPrefix(String key) {
        return FAMILIES.containsKey(key + ".");
    }

    private static Set<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> withHints(Set<String> names) {
        Set<String> all = new TreeSet<>(names);
        names.forEach(n -> all.add(n + ".hint"));
        return all;
    }

    private static Properties read(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }
}

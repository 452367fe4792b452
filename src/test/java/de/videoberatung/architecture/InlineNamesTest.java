package de.videoberatung.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Types are named by their simple name and imported; a fully qualified name in the code is kept only where the
 * simple name is taken (an imported type, a type of the same package or of the file, a java.lang type).
 */
class InlineNamesTest {

    private static final Pattern QUALIFIED = Pattern.compile(
            "(?<![\\w.])((?:java|javax|javafx|de|org|com|net|jakarta)\\.(?:[a-z][a-z0-9_]*\\.)+)([A-Z]\\w*)");
    private static final Pattern IMPORT = Pattern.compile("^import (?!static )([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern HEADER_LINE = Pattern.compile("^(?:package|import) [^;]+;[ \\t]*$",
            Pattern.MULTILINE);
    private static final Pattern DECLARED = Pattern.compile("\\b(?:class|interface|enum|record)\\s+([A-Z]\\w*)");
    private static final Pattern COMMENT_OR_LITERAL = Pattern.compile(
            "//[^\\n]*|/\\*(?s:.*?)\\*/|\"\"\"(?s:.*?)\"\"\"|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\\\n])*'");

    @Test
    void typesAreImportedUnlessTheirSimpleNameIsTaken() throws IOException {
        List<String> inline = new ArrayList<>();
        for (Path root : List.of(Path.of("src/main/java"), Path.of("src/test/java"))) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    inline.addAll(inlineNames(file));
                }
            }
        }
        assertThat(inline).as("fully qualified names that an import would do").isEmpty();
    }

    private static List<String> inlineNames(Path file) throws IOException {
        String code = COMMENT_OR_LITERAL.matcher(Files.readString(file)).replaceAll(" ");
        Map<String, String> imported = new HashMap<>();
        IMPORT.matcher(code).results().map(m -> m.group(1)).filter(i -> !i.endsWith("*"))
                .forEach(i -> imported.put(i.substring(i.lastIndexOf('.') + 1), i));
        Set<String> taken;
        try (Stream<Path> siblings = Files.list(file.getParent())) {
            taken = siblings.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".java"))
                    .map(n -> n.substring(0, n.length() - ".java".length())).collect(Collectors.toSet());
        }
        DECLARED.matcher(code).results().forEach(m -> taken.add(m.group(1)));
        int body = HEADER_LINE.matcher(code).results().mapToInt(m -> m.end()).max().orElse(0);
        String pkg = file.getParent().toString().replace('/', '.').replaceFirst("^src\\.(main|test)\\.java\\.", "");
        List<String> found = new ArrayList<>();
        Matcher m = QUALIFIED.matcher(code);
        while (m.find(body)) {
            body = m.end();
            String qualifier = m.group(1);
            String simple = m.group(2);
            String full = qualifier + simple;
            boolean replaceable = qualifier.equals(pkg + ".")
                    || (imported.containsKey(simple) ? imported.get(simple).equals(full)
                    : !taken.contains(simple) && !isJavaLang(simple));
            if (replaceable) {
                found.add(file + ": " + full);
            }
        }
        return found;
    }

    private static boolean isJavaLang(String simple) {
        try {
            Class.forName("java.lang." + simple);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}

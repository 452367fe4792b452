package de.videoberatung.architecture;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The package table of docs/architecture.md as a rule: its rows are the top-level packages below
 * {@code de.videoberatung}, its last column names what each may depend on, as back-quoted package names
 * ({@code `store`}) or single classes ({@code `queue.AppointmentText`}, nested classes included), or
 * "nothing of ours".
 */
final class PackageTable {

    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([a-z0-9]+)`\\s*\\|.*\\|([^|]*)\\|\\s*$");
    private static final Pattern NAME = Pattern.compile("`([a-z0-9]+(?:\\.[A-Z][A-Za-z0-9]*)?)`");

    private final Map<String, Set<String>> allowed;

    private PackageTable(Map<String, Set<String>> allowed) {
        this.allowed = allowed;
    }

    /** Reads the first table after the heading "## Packages". */
    static PackageTable parse(String markdown) {
        int start = markdown.indexOf("\n## Packages");
        if (start < 0) {
            throw new IllegalArgumentException("docs/architecture.md has no '## Packages' section");
        }
        Map<String, Set<String>> allowed = new HashMap<>();
        boolean inTable = false;
        for (String line : markdown.substring(start + 1).split("\n")) {
            if (line.startsWith("|")) {
                inTable = true;
                Matcher row = ROW.matcher(line);
                if (row.matches()) {
                    Set<String> names = new TreeSet<>();
                    Matcher name = NAME.matcher(row.group(2));
                    while (name.find()) {
                        names.add(name.group(1));
                    }
                    if (names.isEmpty() && !row.group(2).contains("nothing of ours")) {
                        throw new IllegalArgumentException("row of `" + row.group(1)
                                + "` names neither packages nor 'nothing of ours': " + row.group(2).trim());
                    }
                    allowed.put(row.group(1), names);
                }
            } else if (inTable) {
                break;
            }
        }
        return new PackageTable(allowed);
    }

    /** The top-level package below de.videoberatung of a class ({@code media} for media.call.CallEngine). */
    static String topLevel(String className) {
        String rest = className.substring(ArchitectureTest.ROOT.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? "" : rest.substring(0, dot);
    }

    Set<String> packages() {
        return new TreeSet<>(allowed.keySet());
    }

    /** Whether package {@code from} may use class {@code target} (a class of ours, fully qualified). */
    boolean allows(String from, String target) {
        String to = topLevel(target);
        if (to.equals(from)) {
            return true;
        }
        Set<String> names = allowed.getOrDefault(from, Set.of());
        if (names.contains(to)) {
            return true;
        }
        String local = target.substring(ArchitectureTest.ROOT.length() + 1);
        return names.stream().filter(n -> n.contains(".")).anyMatch(n -> local.equals(n) || local.startsWith(n + "$"));
    }
}

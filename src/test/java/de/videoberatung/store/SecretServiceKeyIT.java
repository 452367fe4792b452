package de.videoberatung.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local store's key in a real Secret Service: Debian's GNOME Keyring ({@code gnome-keyring-daemon}) in a private
 * D-Bus session ({@code dbus-run-session}) with its own home folder, its login keyring unlocked by password as PAM
 * would at sign-in. The app's side runs in its own JVM inside that session ({@link StoreKeyProbe}).
 *
 * <p>The key goes to the keyring and nowhere else (no key file), the store is read back by a second JVM (the app
 * started again) and in a later session; while the keyring is locked or no session bus is there, the store does
 * not open and nothing is changed (no key file appears, which would be used from then on and could not read the
 * data); unlocked again, the note is there.
 */
class SecretServiceKeyIT {

    static final String NOTE = "Kundin bringt Zeugnisse zum nächsten Termin mit";
    static final String PASSWORD = "Anmeldepasswort-der-Sitzung";

    @TempDir
    Path home;
    @TempDir
    Path data;

    @Test
    void theKeyLivesInTheKeyringAndALockedKeyringOpensNothingAndChangesNothing() throws Exception {
        // Signed in: the login keyring is unlocked; the app writes a note, then starts again and reads it.
        List<String> first = inSession(true, probe("write") + " && " + probe("read")
                + " && printf 'KEYRING %s\\n' \"$(secret-tool lookup service videoberatung store \"$DIR\")\"");
        assertThat(first).as("two starts of the app").filteredOn(l -> l.startsWith("SOURCE "))
                .containsExactly("SOURCE SECRET_SERVICE", "SOURCE SECRET_SERVICE");
        assertThat(first).filteredOn(l -> l.startsWith("NOTE ")).containsExactly("NOTE " + NOTE, "NOTE " + NOTE);
        String inKeyring = first.stream().filter(l -> l.startsWith("KEYRING ")).findFirst().orElseThrow()
                .substring("KEYRING ".length());
        assertThat(Base64.getDecoder().decode(inKeyring)).as("a 256-bit key in the keyring").hasSize(32);
        assertThat(data.resolve(StoreKey.KEY_FILE)).as("no key file beside the store").doesNotExist();
        assertThat(data.resolve(StoreKey.KEYRING_MARKER)).exists();
        assertThat(Files.readString(home.resolve(".local/share/keyrings/login.keyring"), StandardCharsets.ISO_8859_1))
                .as("the keyring file is encrypted").doesNotContain(inKeyring);
        assertThat(storeBytes()).doesNotContain("Zeugnisse");

        // The keyring is locked (started by D-Bus on demand, nobody to type the password) or there is no session
        // bus at all: the store refuses to open, and leaves everything as it was.
        byte[] before = Files.readAllBytes(data.resolve(LocalStore.FILE_NAME));
        List<String> locked = inSession(false, probe("read"));
        assertThat(locked).filteredOn(l -> l.startsWith("REFUSED ")).singleElement().asString()
                .contains("keyring").contains("nothing was changed");
        assertThat(locked).noneMatch(l -> l.startsWith("SOURCE ") || l.startsWith("NOTE "));
        assertThat(locked).filteredOn(l -> l.startsWith("SAID ")).singleElement().asString()
                .contains("Schlüsselbund").contains("Es wurde nichts verändert");
        List<String> noBus = run(List.of("sh", "-c", probe("read")));
        assertThat(noBus).filteredOn(l -> l.startsWith("REFUSED ")).hasSize(1);
        // A store from before the marker: its sealed values alone keep it from getting a new key.
        Files.delete(data.resolve(StoreKey.KEYRING_MARKER));
        assertThat(inSession(false, probe("read"))).filteredOn(l -> l.startsWith("REFUSED ")).hasSize(1);
        assertThat(data.resolve(StoreKey.KEY_FILE)).as("no new key made in a file").doesNotExist();
        assertThat(Files.readAllBytes(data.resolve(LocalStore.FILE_NAME))).isEqualTo(before);

        // Signed in again: the note is there.
        List<String> again = inSession(true, probe("read"));
        assertThat(again).contains("SOURCE SECRET_SERVICE", "NOTE " + NOTE);
        assertThat(data.resolve(StoreKey.KEYRING_MARKER)).as("marked again").exists();
    }

    private String probe(String mode) {
        return "\"$JAVA\" -cp \"$CP\" " + StoreKeyProbe.class.getName() + " " + mode + " \"$DIR\" \"$TEXT_FILE\"";
    }

    /** {@code script} in a fresh D-Bus session of the test's home; {@code unlocked}: the login keyring is unlocked. */
    private List<String> inSession(boolean unlocked, String script) throws Exception {
        String unlock = unlocked ? "printf '%s' \"$KEYRING_PASSWORD\" | gnome-keyring-daemon --unlock "
                + "--components=secrets >/dev/null || exit 90; " : "";
        return run(List.of("dbus-run-session", "--", "sh", "-c", unlock + script));
    }

    /** Runs with the test's home and no display or session bus of the machine; answers stdout's lines. */
    private List<String> run(List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        // Only the private session: no display for a password prompt, no bus or runtime folder of the machine.
        env.keySet().removeIf(k -> k.startsWith("DBUS_") || k.startsWith("XDG_") || k.equals("DISPLAY")
                || k.equals("WAYLAND_DISPLAY") || k.startsWith("GNOME_KEYRING"));
        env.put("HOME", home.toString());
        env.put("KEYRING_PASSWORD", PASSWORD);
        env.put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        env.put("CP", System.getProperty("java.class.path"));
        env.put("DIR", data.toString());
        // In a file, not in the environment or the arguments: the JVM encodes both in the locale's charset,
        // which under a POSIX locale turns the umlauts into '?'.
        env.put("TEXT_FILE", Files.writeString(home.resolve("note.txt"), NOTE).toString());
        Process process = builder.start();
        List<String> lines = new ArrayList<>();
        try (var out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
            }
        }
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        assertThat(process.exitValue()).as("%s: %s", command, lines).isZero();
        return lines;
    }

    private String storeBytes() throws IOException {
        StringBuilder all = new StringBuilder(Files.readString(data.resolve(LocalStore.FILE_NAME),
                StandardCharsets.ISO_8859_1));
        Path wal = data.resolve(LocalStore.FILE_NAME + "-wal");
        if (Files.exists(wal)) {
            all.append(Files.readString(wal, StandardCharsets.ISO_8859_1));
        }
        return all.toString();
    }
}

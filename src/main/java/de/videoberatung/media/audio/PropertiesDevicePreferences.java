package de.videoberatung.media.audio;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * Device choices in a small properties file in the user's application data directory. Written
 * through a temporary file and a rename, so a crash never leaves half a file.
 */
public final class PropertiesDevicePreferences implements DevicePreferences {

    private final Path file;
    private final Properties values = new Properties();

    public PropertiesDevicePreferences(Path file) {
        this.file = file;
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                values.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read device preferences " + file, e);
            }
        }
    }

    /** {@code %APPDATA%\videoberatung\devices.properties} on Windows, {@code ~/.config/videoberatung/...} elsewhere. */
    public static Path defaultLocation() {
        String appData = System.getenv("APPDATA");
        Path base = appData != null ? Path.of(appData)
                : Optional.ofNullable(System.getenv("XDG_CONFIG_HOME")).map(Path::of)
                        .orElse(Path.of(System.getProperty("user.home"), ".config"));
        return base.resolve("videoberatung").resolve("devices.properties");
    }

    @Override
    public synchronized Optional<String> get(String key) {
        return Optional.ofNullable(values.getProperty(key));
    }

    @Override
    public synchronized void put(String key, String value) {
        values.setProperty(key, value);
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                values.store(out, "videoberatung device choices");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write device preferences " + file, e);
        }
    }
}

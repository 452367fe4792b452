package de.videoberatung.store;

import com.sun.jna.platform.win32.Crypt32Util;
import de.videoberatung.db.FieldCipher;
import de.videoberatung.db.KeyFile;
import de.videoberatung.db.StorageException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key of the local store's encrypted columns, protected by the operating system for the signed-in user
 * (docs/privacy.md): on Windows sealed with DPAPI ({@code CryptProtectData}, user scope) in
 * {@code videoberatung.key.dpapi}; on Linux in the user's Secret Service keyring (GNOME Keyring, KWallet) through
 * {@code secret-tool}; where neither is available, in {@code videoberatung.key}, readable by the user only. Once a
 * store has a key, the same place is used again (a key file found is used even if a keyring appears later; a store
 * whose key is in the keyring, marked by {@code videoberatung.key.keyring}, does not open while the keyring is
 * locked or unreachable, instead of being given a new key that could not read its data).
 */
public final class StoreKey {

    private static final Logger LOG = LoggerFactory.getLogger(StoreKey.class);
    static final String KEY_FILE = "videoberatung.key";
    static final String DPAPI_FILE = "videoberatung.key.dpapi";
    /** Present once the store's key went to the keyring: from then on only the keyring opens the store. */
    static final String KEYRING_MARKER = "videoberatung.key.keyring";
    private static final String SERVICE = "videoberatung";
    private static final long TOOL_SECONDS = 10;

    /** Where a key was found or made. */
    public enum Source { DPAPI, SECRET_SERVICE, KEY_FILE }

    /** A key and where it lives. */
    public record Key(byte[] bytes, Source source) {
    }

    private StoreKey() {
    }

    /**
     * The key for the store in {@code dataDir}, made on first use; {@code sealedData}: the store already holds values
     * sealed with a key (then a new one is never made: it could not read them).
     */
    public static Key obtain(Path dataDir, SecureRandom random, boolean sealedData) {
        Path keyFile = dataDir.resolve(KEY_FILE);
        if (Files.exists(keyFile)) {
            return new Key(KeyFile.readOrCreate(keyFile, random), Source.KEY_FILE);
        }
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            return new Key(dpapi(dataDir.resolve(DPAPI_FILE), random), Source.DPAPI);
        }
        String account = dataDir.toAbsolutePath().normalize().toString();
        Path marker = dataDir.resolve(KEYRING_MARKER);
        String stored = secretTool(List.of("secret-tool", "lookup", "service", SERVICE, "store", account), null);
        if (stored != null && !stored.isBlank()) {
            byte[] key = decode(stored.trim());
            markKeyring(marker);
            return new Key(key, Source.SECRET_SERVICE);
        }
        if (Files.exists(marker) || sealedData) {
            // The key is in the keyring, which is locked or not running now (a store from before the marker: its
            // sealed values say so). A new key (in a file) would leave the store's data unreadable for good, and be
            // used from then on: refuse, change nothing.
            throw new StorageException(StorageException.Kind.KEY_UNAVAILABLE, "the local store's key is kept in the "
                    + "keyring (Secret Service), which cannot be reached or is locked; nothing was changed: unlock the "
                    + "keyring and start again", null);
        }
        byte[] fresh = new byte[FieldCipher.KEY_BYTES];
        random.nextBytes(fresh);
        String encoded = Base64.getEncoder().encodeToString(fresh);
        if (secretTool(List.of("secret-tool", "store", "--label=Videoberatung: lokale Daten", "service", SERVICE,
                "store", account), encoded) != null
                && encoded.equals(trim(secretTool(List.of("secret-tool", "lookup", "service", SERVICE, "store",
                account), null)))) {
            markKeyring(marker);
            return new Key(fresh, Source.SECRET_SERVICE);
        }
        LOG.info("no keyring reachable: the local store's key is kept in a file readable by this user only");
        return new Key(KeyFile.readOrCreate(keyFile, random), Source.KEY_FILE);
    }

    private static byte[] dpapi(Path file, SecureRandom random) {
        try {
            if (Files.exists(file)) {
                return Crypt32Util.cryptUnprotectData(Files.readAllBytes(file));
            }
            byte[] fresh = new byte[FieldCipher.KEY_BYTES];
            random.nextBytes(fresh);
            KeyFile.write(file, Crypt32Util.cryptProtectData(fresh));
            return fresh;
        } catch (IOException | RuntimeException e) {
            throw new StorageException("the local store's key cannot be opened for this Windows user", e);
        }
    }

    private static byte[] decode(String stored) {
        try {
            byte[] key = Base64.getDecoder().decode(stored);
            if (key.length == FieldCipher.KEY_BYTES) {
                return key;
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw new StorageException("the keyring's entry for the local store is not a key", null);
    }

    /** Notes beside the store that its key is in the keyring, before anything is sealed with it. */
    private static void markKeyring(Path marker) {
        if (Files.exists(marker)) {
            return;
        }
        try {
            Files.writeString(marker, "The key of videoberatung.db is in the Secret Service (service=" + SERVICE
                    + "). Do not delete this file: without it a locked keyring would get the store a new key.\n");
        } catch (IOException e) {
            throw new StorageException("the local store's folder is not writable", e);
        }
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }

    /** Runs {@code secret-tool}; its standard output, or null if it is missing, failed or took too long. */
    private static String secretTool(List<String> command, String input) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException notInstalled) {
            return null;
        }
        try {
            try (OutputStream in = process.getOutputStream()) {
                if (input != null) {
                    in.write(input.getBytes(StandardCharsets.US_ASCII));
                }
            }
            // Wait first: a keyring that asks to be unlocked must not hold the start up (the answer is a
            // line, well inside the pipe's buffer).
            if (!process.waitFor(TOOL_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return null;
            }
            byte[] out = process.getInputStream().readNBytes(4096);
            return process.exitValue() == 0 ? new String(out, StandardCharsets.US_ASCII) : null;
        } catch (IOException e) {
            process.destroyForcibly();
            return null;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return null;
        }
    }
}

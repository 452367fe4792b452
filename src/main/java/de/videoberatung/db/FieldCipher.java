package de.videoberatung.db;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts single column values with AES-256-GCM (a fresh 96-bit IV per value, 128-bit tag), so personal
 * columns are unreadable in the file, its WAL and its backups while the rest of the schema stays plain SQL.
 * A sealed value is text: {@code "v1:"} and Base64 of IV and ciphertext; {@link #isSealed} tells it from a
 * value written before encryption (which the stores migrate).
 */
public final class FieldCipher {

    private static final String PREFIX = "v1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    public static final int KEY_BYTES = 32;

    private final SecretKeySpec key;
    private final SecretKeySpec lookupKey;
    private final SecureRandom random;

    private FieldCipher(byte[] key, SecureRandom random) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("AES-256 needs a 32-byte key");
        }
        this.key = new SecretKeySpec(key, "AES");
        this.lookupKey = new SecretKeySpec(mac(new SecretKeySpec(key, "HmacSHA256"), "lookup"), "HmacSHA256");
        this.random = random;
    }

    /**
     * A keyed hash (HMAC-SHA256, hex) of {@code value} for equality look-ups of an encrypted column (e.g.
     * "this customer's other notes"): equal values give equal hashes, and without the key none can be guessed.
     */
    public String lookupHash(String value) {
        return value == null ? null : HexFormat.of().formatHex(mac(lookupKey, value));
    }

    private static byte[] mac(SecretKeySpec key, String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    public static FieldCipher of(byte[] key, SecureRandom random) {
        return new FieldCipher(key, random);
    }

    /** Whether {@code value} was written by {@link #seal} (null counts as nothing to migrate). */
    public static boolean isSealed(String value) {
        return value == null || value.startsWith(PREFIX);
    }

    /** The sealed form of {@code plain}; null stays null. */
    public String seal(String plain) {
        if (plain == null) {
            return null;
        }
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = Arrays.copyOf(iv, IV_BYTES + sealed.length);
            System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /**
     * The plain text of a sealed value; null stays null.
     *
     * @throws StorageException if the value is not sealed or was sealed under another key (or altered)
     */
    public String open(String sealed) {
        if (sealed == null) {
            return null;
        }
        if (!sealed.startsWith(PREFIX)) {
            throw new StorageException("value is not encrypted", null);
        }
        try {
            byte[] in = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
            return new String(cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new StorageException("encrypted value cannot be read with this key", e);
        }
    }
}

package de.videoberatung.media.sdp;

import java.util.Locale;

/** A DTLS certificate fingerprint as carried in {@code a=fingerprint:<hash> <value>}. */
public record Fingerprint(String hashFunction, String value) {

    public Fingerprint {
        hashFunction = hashFunction.toLowerCase(Locale.ROOT);
        value = value.toUpperCase(Locale.ROOT);
    }

    static Fingerprint parse(String attributeValue) {
        String[] parts = attributeValue.trim().split("\\s+");
        if (parts.length != 2) {
            throw new SdpException("Malformed fingerprint: " + attributeValue);
        }
        return new Fingerprint(parts[0], parts[1]);
    }

    String toAttributeValue() {
        return hashFunction + " " + value;
    }
}

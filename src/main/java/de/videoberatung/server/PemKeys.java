package de.videoberatung.server;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Reads the server's TLS identity from PEM files as ACME clients and CAs hand them out: {@code tls.cert} is the
 * chain (server certificate first), {@code tls.key} its private key as PKCS#8 ({@code PRIVATE KEY}), PKCS#1
 * ({@code RSA PRIVATE KEY}) or SEC1 ({@code EC PRIVATE KEY}). Parsing is BouncyCastle's (bcpkix), which the JDK
 * cannot do for PKCS#1 and SEC1.
 */
final class PemKeys {

    static final String ALIAS = "server";
    /** The in-memory key store's password: it never leaves the process, so it protects nothing. */
    static final char[] STORE_PASSWORD = "in-memory".toCharArray();

    private PemKeys() {
    }

    /**
     * A key store with the key and its chain.
     *
     * @throws IllegalArgumentException with a message for the operator: unreadable file, no certificate, no or an
     *                                  encrypted key, a key that does not belong to the certificate
     */
    static KeyStore load(Path certFile, Path keyFile) {
        List<X509Certificate> chain = certificates(certFile);
        PrivateKey key = privateKey(keyFile);
        if (!belongTogether(key, chain.get(0))) {
            throw new IllegalArgumentException("tls.key " + keyFile + " is not the key of the certificate in tls.cert "
                    + certFile);
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, key, STORE_PASSWORD, chain.toArray(Certificate[]::new));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot hold the TLS key in memory", e);
        }
    }

    private static List<X509Certificate> certificates(Path file) {
        List<X509Certificate> chain = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (PEMParser parser = parser(file, "tls.cert")) {
            for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
                if (item instanceof X509CertificateHolder holder) {
                    chain.add(converter.getCertificate(holder));
                }
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("tls.cert " + file + " is not a PEM certificate chain: "
                    + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("tls.cert " + file + " holds no certificate (-----BEGIN CERTIFICATE-----)");
        }
        return chain;
    }

    private static PrivateKey privateKey(Path file) {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (PEMParser parser = parser(file, "tls.key")) {
            for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
                if (item instanceof PEMKeyPair pair) {
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
                if (item instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (!(item instanceof X9ECParameters)) {
                    throw new IllegalArgumentException("tls.key " + file + " holds " + item.getClass().getSimpleName()
                            + ", not an unencrypted private key (encrypted keys are not supported)");
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("tls.key " + file + " is not a PEM private key: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("tls.key " + file + " holds no private key (-----BEGIN PRIVATE KEY-----)");
    }

    private static PEMParser parser(Path file, String key) {
        try {
            Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
            return new PEMParser(reader);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + key + " " + file + ": " + e.getMessage(), e);
        }
    }

    /** Signs a few random bytes with the key and checks them with the certificate. */
    private static boolean belongTogether(PrivateKey key, X509Certificate certificate) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null) {
            throw new IllegalArgumentException("tls.key: unsupported key type " + key.getAlgorithm());
        }
        try {
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}

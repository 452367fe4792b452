package de.videoberatung.testsupport;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * Self-signed server certificates for {@code localhost} and {@code 127.0.0.1}, written as PEM files the way a CA
 * or ACME client hands them out, and an {@link SSLContext} that trusts exactly that certificate.
 */
public final class TestCertificates {

    /** How the private key is written. */
    public enum KeyFormat { PKCS8, PKCS1_OR_SEC1 }

    private final X509Certificate certificate;
    private final KeyPair keys;

    private TestCertificates(X509Certificate certificate, KeyPair keys) {
        this.certificate = certificate;
        this.keys = keys;
    }

    /** An ECDSA P-256 certificate. */
    public static TestCertificates ec() {
        return make("EC", new ECGenParameterSpec("secp256r1"), "SHA256withECDSA");
    }

    /** An RSA certificate of {@code bits}. */
    public static TestCertificates rsa(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return sign(generator.generateKeyPair(), "SHA256withRSA", null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An RSA-2048 certificate that also names {@code address} (a test network's server). */
    public static TestCertificates rsaFor(InetAddress address) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return sign(generator.generateKeyPair(), "SHA256withRSA", address);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TestCertificates make(String algorithm, ECGenParameterSpec spec, String signature) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            generator.initialize(spec);
            return sign(generator.generateKeyPair(), signature, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TestCertificates sign(KeyPair keys, String signature, InetAddress alsoNamed) {
        try {
            X500Name name = new X500Name("CN=localhost");
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
                    new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(365))), name, keys.getPublic());
            GeneralName localhost = new GeneralName(GeneralName.dNSName, "localhost");
            GeneralName loopback = new GeneralName(GeneralName.iPAddress, InetAddress.getLoopbackAddress().getHostAddress());
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alsoNamed == null
                    ? new GeneralName[] {localhost, loopback}
                    : new GeneralName[] {localhost, loopback, new GeneralName(GeneralName.iPAddress, alsoNamed.getHostAddress())}));
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(signature).build(keys.getPrivate())));
            return new TestCertificates(certificate, keys);
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a test certificate", e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** Writes {@code cert.pem} and {@code key.pem} into {@code dir}; answers the certificate's file. */
    public Path write(Path dir, KeyFormat format) throws IOException {
        Files.createDirectories(dir);
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Path certTmp = Files.writeString(dir.resolve("cert.pem.tmp"), pem(certificate), StandardCharsets.US_ASCII);
        String keyText = format == KeyFormat.PKCS8
                ? pem(new PemObject("PRIVATE KEY", keys.getPrivate().getEncoded()))
                : "EC".equals(keys.getPrivate().getAlgorithm()) ? pem(new PemObject("EC PRIVATE KEY", sec1()))
                : pem(keys.getPrivate()); // BouncyCastle writes RSA as PKCS#1
        Path keyTmp = Files.writeString(dir.resolve("key.pem.tmp"), keyText, StandardCharsets.US_ASCII);
        // As certbot renews: each file replaced whole.
        Files.move(keyTmp, key, StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        Files.move(certTmp, cert, StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        return cert;
    }

    /** The EC key as OpenSSL writes it ({@code EC PRIVATE KEY}, SEC1 with the curve named inside). */
    private byte[] sec1() throws IOException {
        PrivateKeyInfo info =
                PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded());
        ECPrivateKey inner =
                ECPrivateKey.getInstance(info.parsePrivateKey());
        return new ECPrivateKey(256, inner.getKey(), inner.getPublicKey(),
                info.getPrivateKeyAlgorithm().getParameters()).getEncoded();
    }

    private static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        if (object instanceof PemObject pem) {
            try (PemWriter writer = new PemWriter(out)) {
                writer.writeObject(pem);
            }
        } else {
            try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
                writer.writeObject(new JcaMiscPEMGenerator(object));
            }
        }
        return out.toString();
    }

    /** A TLS context trusting this certificate only. */
    public SSLContext trustingContext() {
        return trusting(certificate);
    }

    /** A TLS context trusting {@code certificate} only. */
    public static SSLContext trusting(X509Certificate certificate) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("test", certificate);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

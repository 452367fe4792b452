package de.videoberatung.media.call;

import static org.assertj.core.api.Assertions.assertThat;

import de.videoberatung.media.MediaRuntime;
import java.lang.reflect.Method;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.tls.Certificate;
import org.jitsi.impl.neomedia.transform.dtls.DtlsControlImpl;
import org.jitsi.service.neomedia.DtlsControl;
import org.jitsi.service.neomedia.MediaService;
import org.jitsi.service.neomedia.SrtpControlType;
import org.junit.jupiter.api.Test;

/**
 * The media engine's DTLS certificate is RSA with at least 3072 bits (BSI TR-02102-2); ECDSA P-256 would do too,
 * but Chrome fails the handshake with libjitsi's ECDSA (docs/call.md). Read from the engine itself: the
 * certificate whose SHA-256 is the fingerprint our SDP answers carry.
 */
class DtlsCertificateTest {

    @Test
    void theCertificateInTheAnswersFingerprintHasAnRsaKeyOfAtLeast3072Bits() throws Exception {
        MediaService service = LibJitsiSetup.start();
        DtlsControl control = (DtlsControl) service.createSrtpControl(SrtpControlType.DTLS_SRTP);
        try {
            // libjitsi keeps the certificate package-private; the test reads it as a support engineer would.
            Method info = DtlsControlImpl.class.getDeclaredMethod("getCertificateInfo");
            info.setAccessible(true);
            Object certificateInfo = info.invoke(control);
            AsymmetricCipherKeyPair keys = (AsymmetricCipherKeyPair) call(certificateInfo, "getKeyPair");
            Certificate certificate = (Certificate) call(certificateInfo, "getCertificate");

            assertThat(keys.getPublic()).isInstanceOfSatisfying(RSAKeyParameters.class,
                    rsa -> assertThat(rsa.getModulus().bitLength()).isGreaterThanOrEqualTo(MediaRuntime.DTLS_RSA_BITS)
                            .isGreaterThanOrEqualTo(3072));
            byte[] der = certificate.getCertificateAt(0).getEncoded();
            String fingerprint = HexFormat.ofDelimiter(":").withUpperCase()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(der));
            assertThat(control.getLocalFingerprintHashFunction()).isEqualTo("sha-256");
            assertThat(control.getLocalFingerprint()).isEqualToIgnoringCase(fingerprint);
        } finally {
            control.cleanup(null);
        }
    }

    private static Object call(Object target, String method) throws Exception {
        Method m = target.getClass().getDeclaredMethod(method);
        m.setAccessible(true);
        return m.invoke(target);
    }
}

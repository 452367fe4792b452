package de.videoberatung.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.videoberatung.media.sdp.AnswerBuilder.LocalTransport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parsing a real offer from headless Chromium 156 (captured by CallEngineBrowserTest) and answering it. */
class SessionDescriptionTest {

    private static final Fingerprint OUR_FINGERPRINT = new Fingerprint("sha-256",
            "AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99");

    private static String chromeOffer() throws IOException {
        try (InputStream in = SessionDescriptionTest.class.getResourceAsStream("chromium-156-offer.sdp")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Map<String, LocalTransport> transports() {
        return Map.of(
                "0", new LocalTransport("uf1", "pwd-pwd-pwd-pwd-pwd-pwd1",
                        List.of(IceCandidate.host("1", 2130706431L, "127.0.0.1", 50000))),
                "1", new LocalTransport("uf1", "pwd-pwd-pwd-pwd-pwd-pwd1",
                        List.of(IceCandidate.host("1", 2130706431L, "127.0.0.1", 50002))));
    }

    @Test
    void parsesTheBrowsersAudioAndVideoMediaLines() throws IOException {
        SessionDescription offer = SessionDescription.parse(chromeOffer());

        assertThat(offer.bundleGroup()).containsExactly("0", "1");
        assertThat(offer.media()).extracting(MediaDescription::kind).containsExactly("audio", "video");
        MediaDescription audio = offer.media().get(0);
        assertThat(audio.mid()).isEqualTo("0");
        assertThat(audio.iceUfrag()).isEqualTo("ZV9g");
        assertThat(audio.icePwd()).isEqualTo("0jLnIePiesbb1eKEGfThCYUx");
        assertThat(audio.fingerprint().hashFunction()).isEqualTo("sha-256");
        assertThat(audio.fingerprint().value()).startsWith("E1:46:CF").endsWith("28:DD:6B");
        assertThat(audio.setup()).isEqualTo("actpass");
        assertThat(audio.rtcpMux()).isTrue();
        assertThat(audio.direction()).isEqualTo("sendrecv");
        assertThat(audio.codec("opus", 48000)).get().extracting(Codec::payloadType, Codec::channels, Codec::fmtp)
                .containsExactly(111, 2, "minptime=10;useinbandfec=1");
    }

    @Test
    void parsesCandidatesOfEveryTransportAndFamily() throws IOException {
        MediaDescription video = SessionDescription.parse(chromeOffer()).media().get(1);

        assertThat(video.candidates()).hasSize(8);
        IceCandidate loopback = video.candidates().get(0);
        assertThat(loopback).isEqualTo(new IceCandidate("610389691", 1, "udp", 2122194687L, "127.0.0.1", 35790,
                "host", null, 0));
        assertThat(video.candidates()).filteredOn(c -> !c.isUdp()).hasSize(4);
        assertThat(video.candidates()).extracting(IceCandidate::address).contains("::1", "fd00::2");
    }

    @Test
    void picksTheFirstOfferedVp8PayloadTypeWithItsFeedback() throws IOException {
        MediaDescription video = SessionDescription.parse(chromeOffer()).media().get(1);

        Codec vp8 = video.codec("VP8", 90000).orElseThrow();
        assertThat(vp8.payloadType()).isEqualTo(96);
        assertThat(vp8.feedback()).contains("nack pli", "ccm fir", "transport-cc");
        assertThat(video.codec("H264", 90000)).get().extracting(Codec::payloadType).isEqualTo(102);
        assertThat(AnswerBuilder.chooseCodec(video)).get().extracting(Codec::payloadType, Codec::name)
                .containsExactly(96, "VP8");
    }

    @Test
    void answerUsesOurCredentialsFingerprintAndTheOfferedMids() throws IOException {
        SessionDescription answer = AnswerBuilder.answer(SessionDescription.parse(chromeOffer()), OUR_FINGERPRINT,
                transports(), "advisor", 42, 1);

        assertThat(answer.bundleGroup()).as("no BUNDLE: one DTLS session per m-line").isEmpty();
        assertThat(answer.media()).extracting(MediaDescription::mid).containsExactly("0", "1");
        for (MediaDescription m : answer.media()) {
            assertThat(m.iceUfrag()).isEqualTo("uf1");
            assertThat(m.fingerprint()).isEqualTo(OUR_FINGERPRINT);
            assertThat(m.setup()).as("the engine is the DTLS client").isEqualTo("active");
            assertThat(m.rtcpMux()).isTrue();
            assertThat(m.codecs()).hasSize(1);
        }
        assertThat(answer.media().get(0).formats()).containsExactly("111");
        assertThat(answer.media().get(0).port()).isEqualTo(50000);
        assertThat(answer.media().get(1).formats()).containsExactly("96");
        assertThat(answer.media().get(1).codecs().get(0).feedback())
                .containsExactly("nack", "nack pli", "ccm fir", "goog-remb", "transport-cc");
    }

    @Test
    void parsesHeaderExtensionsRtxAndTheBrowsersSources() throws IOException {
        MediaDescription video = SessionDescription.parse(chromeOffer()).media().get(1);

        assertThat(video.extensionId(RtpExtension.ABS_SEND_TIME)).isEqualTo(2);
        assertThat(video.extensionId("urn:ietf:params:rtp-hdrext:toffset")).isEqualTo(14);
        assertThat(video.extensionId("urn:example:none")).isEqualTo(-1);
        assertThat(video.rtxFor(96)).get().extracting(Codec::payloadType, Codec::apt).containsExactly(97, 96);
        assertThat(video.rtxFor(100)).get().extracting(Codec::payloadType).isEqualTo(101);
        assertThat(video.sources().fid()).containsExactly(2562338670L, 286258036L);
        assertThat(video.sources().mediaSsrc()).isEqualTo(2562338670L);
        assertThat(video.sources().rtxSsrc()).isEqualTo(286258036L);
        assertThat(video.sources().cname()).isEqualTo("lATEr1DQrUNaNJRt");
        MediaDescription audio = SessionDescription.parse(chromeOffer()).media().get(0);
        assertThat(audio.sources().ssrcs()).containsExactly(2773804318L);
        assertThat(audio.sources().rtxSsrc()).isEqualTo(-1);
    }

    @Test
    void videoAnswerNegotiatesRepairAndRateFeedbackWithRtxAndAbsSendTime() throws IOException {
        Map<String, Sources> ours = Map.of("0", new Sources(List.of(11L), List.of(), "advisor-cname"),
                "1", Sources.withRtx(22L, 33L, "advisor-cname"));
        SessionDescription answer = AnswerBuilder.answer(SessionDescription.parse(chromeOffer()), OUR_FINGERPRINT,
                transports(), "advisor", 42, 1, ours);

        MediaDescription video = answer.media().get(1);
        assertThat(video.formats()).containsExactly("96", "97");
        assertThat(video.codecs().get(1)).isEqualTo(new Codec(97, "rtx", 90000, 0, "apt=96", List.of()));
        assertThat(video.extensions()).containsExactly(new RtpExtension(2, RtpExtension.ABS_SEND_TIME),
                new RtpExtension(3, RtpExtension.TRANSPORT_CC));
        assertThat(video.sources()).isEqualTo(Sources.withRtx(22L, 33L, "advisor-cname"));
        MediaDescription audio = answer.media().get(0);
        assertThat(audio.codecs()).singleElement().extracting(Codec::fmtp).isEqualTo("minptime=10;useinbandfec=1");
        assertThat(audio.extensions()).containsExactly(new RtpExtension(3, RtpExtension.TRANSPORT_CC));

        String text = answer.format();
        assertThat(text).contains("a=rtcp-fb:96 nack\r\n", "a=rtcp-fb:96 nack pli\r\n", "a=rtcp-fb:96 ccm fir\r\n",
                "a=rtcp-fb:96 goog-remb\r\n", "a=rtpmap:97 rtx/90000\r\n", "a=fmtp:97 apt=96\r\n",
                "a=extmap:2 " + RtpExtension.ABS_SEND_TIME + "\r\n", "a=ssrc-group:FID 22 33\r\n",
                "a=ssrc:22 cname:advisor-cname\r\n", "a=ssrc:33 msid:advisor video-advisor\r\n",
                "a=ssrc:11 cname:advisor-cname\r\n");
        assertThat(SessionDescription.parse(text)).isEqualTo(answer);
    }

    @Test
    void answersTransportWideCongestionControlForOpusAndVp8WithTheOfferedExtensionId() throws IOException {
        SessionDescription answer = AnswerBuilder.answer(SessionDescription.parse(chromeOffer()), OUR_FINGERPRINT,
                transports(), "advisor", 42, 1);

        String text = answer.format();
        assertThat(text).contains("a=rtcp-fb:111 transport-cc\r\n", "a=rtcp-fb:96 transport-cc\r\n",
                "a=rtcp-fb:96 goog-remb\r\n", "a=extmap:3 " + RtpExtension.TRANSPORT_CC + "\r\n");
        assertThat(answer.media()).allSatisfy(m -> {
            assertThat(AnswerBuilder.usesTransportCc(m.codecs().get(0))).as(m.kind()).isTrue();
            assertThat(m.extensionId(RtpExtension.TRANSPORT_CC)).as(m.kind()).isEqualTo(3);
        });
    }

    @Test
    void withoutTheSequenceNumberExtensionOrTheFeedbackOfferedTransportCcIsNotAnswered() throws IOException {
        String noExtension = chromeOffer().replace("a=extmap:3 " + RtpExtension.TRANSPORT_CC + "\r\n", "");
        String noFeedback = chromeOffer().replace("a=rtcp-fb:111 transport-cc\r\n", "")
                .replace("a=rtcp-fb:96 transport-cc\r\n", "");

        for (String offer : List.of(noExtension, noFeedback)) {
            SessionDescription answer = AnswerBuilder.answer(SessionDescription.parse(offer), OUR_FINGERPRINT,
                    transports(), "advisor", 42, 1);
            assertThat(answer.format()).doesNotContain("transport-cc", RtpExtension.TRANSPORT_CC);
            assertThat(answer.media().get(1).codecs().get(0).feedback())
                    .containsExactly("nack", "nack pli", "ccm fir", "goog-remb");
        }
    }

    @Test
    void withoutAnOfferedRtxFormatTheVideoAnswerAnnouncesTheMediaSourceAlone() throws IOException {
        String offer = chromeOffer().replace("a=fmtp:97 apt=96", "a=fmtp:97 apt=98");

        SessionDescription answer = AnswerBuilder.answer(SessionDescription.parse(offer), OUR_FINGERPRINT,
                transports(), "advisor", 42, 1, Map.of("1", Sources.withRtx(22L, 33L, "c")));

        MediaDescription video = answer.media().get(1);
        assertThat(video.formats()).containsExactly("96");
        assertThat(video.sources().ssrcs()).containsExactly(22L);
        assertThat(video.sources().fid()).isEmpty();
        assertThat(answer.format()).doesNotContain("FID").contains("a=ssrc:22 cname:c\r\n");
    }

    @Test
    void formattedAnswerParsesBackToTheSameDescription() throws IOException {
        SessionDescription answer = AnswerBuilder.answer(SessionDescription.parse(chromeOffer()), OUR_FINGERPRINT,
                transports(), "advisor", 42, 1);

        String text = answer.format();

        assertThat(text).startsWith("v=0\r\n").contains("\r\na=setup:active\r\n")
                .contains("a=candidate:1 1 udp 2130706431 127.0.0.1 50000 typ host generation 0\r\n")
                .doesNotContain("BUNDLE").doesNotContain("\n\n");
        assertThat(SessionDescription.parse(text)).isEqualTo(answer);
    }

    @Test
    void rejectsMediaLinesWithoutASupportedCodec() throws IOException {
        String offer = chromeOffer().replace("a=rtpmap:96 VP8/90000", "a=rtpmap:96 XYZ/90000");

        SessionDescription answer = AnswerBuilder.answer(SessionDescription.parse(offer), OUR_FINGERPRINT,
                transports(), "advisor", 42, 1);

        assertThat(answer.media().get(1).isRejected()).isTrue();
        assertThat(answer.media().get(1).mid()).isEqualTo("1");
        assertThat(answer.media().get(0).isRejected()).isFalse();
    }

    @Test
    void refusesABrowserThatInsistsOnBeingTheDtlsClient() throws IOException {
        String offer = chromeOffer().replace("a=setup:actpass", "a=setup:active");

        assertThatThrownBy(() -> AnswerBuilder.answer(SessionDescription.parse(offer), OUR_FINGERPRINT,
                transports(), "advisor", 42, 1)).isInstanceOf(SdpException.class);
    }

    @Test
    void sessionLevelCredentialsApplyToEveryMediaLine() {
        String sdp = String.join("\r\n", "v=0", "o=- 1 1 IN IP4 0.0.0.0", "s=-", "t=0 0",
                "a=ice-ufrag:sess", "a=ice-pwd:sessionpassword123456",
                "a=fingerprint:sha-256 01:02", "a=setup:actpass",
                "m=audio 9 UDP/TLS/RTP/SAVPF 109", "a=mid:a", "a=rtcp-mux", "a=rtpmap:109 opus/48000/2", "");

        MediaDescription m = SessionDescription.parse(sdp).media().get(0);

        assertThat(m.iceUfrag()).isEqualTo("sess");
        assertThat(m.fingerprint()).isEqualTo(new Fingerprint("SHA-256", "01:02"));
        assertThat(AnswerBuilder.chooseCodec(m)).get().extracting(Codec::payloadType).isEqualTo(109);
    }

    @Test
    void refusesTextThatIsNoSessionDescription() {
        assertThatThrownBy(() -> SessionDescription.parse("hello")).isInstanceOf(SdpException.class);
        assertThatThrownBy(() -> IceCandidate.parse("candidate:1 1 udp")).isInstanceOf(SdpException.class);
    }
}

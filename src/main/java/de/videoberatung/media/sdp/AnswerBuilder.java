package de.videoberatung.media.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the engine's answer to a browser's offer. The engine supports one Opus m-line and one VP8
 * m-line, each on its own ICE transport with rtcp-mux (no BUNDLE: libjitsi runs one DTLS session
 * per stream), and is always the DTLS client ({@code a=setup:active}) because libjitsi's DTLS
 * server role does not negotiate DTLS 1.2 with current browsers. Everything else is rejected.
 */
public final class AnswerBuilder {

    /** Opus parameters the engine uses; in-band FEC helps on lossy mobile links. */
    static final String OPUS_FMTP = "minptime=10;useinbandfec=1";
    /** Feedback libjitsi's VP8 stream acts on: key-frame requests. */
    static final List<String> VP8_FEEDBACK = List.of("ccm fir", "nack pli");

    /** The engine's ICE credentials and candidates for one m-line. */
    public record LocalTransport(String ufrag, String pwd, List<IceCandidate> candidates) {
        public LocalTransport {
            candidates = List.copyOf(candidates);
        }
    }

    private AnswerBuilder() {
    }

    /** The codec the engine answers with for this m-line, if it supports any offered one. */
    public static Optional<Codec> chooseCodec(MediaDescription offered) {
        if (offered.isRejected() || !offered.rtcpMux() || !offered.protocol().contains("SAVPF")) {
            return Optional.empty();
        }
        return switch (offered.kind()) {
            case "audio" -> offered.codec("opus", 48000)
                    .map(c -> new Codec(c.payloadType(), "opus", 48000, 2, OPUS_FMTP, List.of()));
            case "video" -> offered.codec("VP8", 90000)
                    .map(c -> new Codec(c.payloadType(), "VP8", 90000, 0, null, VP8_FEEDBACK));
            default -> Optional.empty();
        };
    }

    /**
     * The answer to {@code offer}.
     *
     * @param transports the engine's transport for each accepted m-line, keyed by mid
     * @param streamId the msid stream id of the engine's tracks
     * @throws SdpException when the offer cannot be answered (no usable audio or video, missing
     *     DTLS fingerprint or ICE credentials, or a browser that insists on being the DTLS client)
     */
    public static SessionDescription answer(SessionDescription offer, Fingerprint localFingerprint,
                                            Map<String, LocalTransport> transports, String streamId,
                                            long sessionId, long sessionVersion) {
        List<MediaDescription> answered = new ArrayList<>();
        boolean any = false;
        for (MediaDescription m : offer.media()) {
            Optional<Codec> codec = chooseCodec(m);
            LocalTransport local = m.mid() == null ? null : transports.get(m.mid());
            if (codec.isEmpty() || local == null) {
                answered.add(new MediaDescription(m.kind(), 0, m.protocol(), m.formats(), m.mid(), "inactive",
                        null, null, null, null, false, List.of(), List.of(), null));
                continue;
            }
            if (m.iceUfrag() == null || m.icePwd() == null || m.fingerprint() == null) {
                throw new SdpException("Offer m-line " + m.mid() + " lacks ICE credentials or fingerprint");
            }
            if ("active".equals(m.setup())) {
                throw new SdpException("Offer requires the engine to be DTLS server, which it cannot be");
            }
            Codec c = codec.get();
            answered.add(new MediaDescription(m.kind(), local.candidates().isEmpty() ? 9 : local.candidates().get(0).port(),
                    "UDP/TLS/RTP/SAVPF", List.of(String.valueOf(c.payloadType())), m.mid(),
                    answerDirection(m.direction()), local.ufrag(), local.pwd(), localFingerprint, "active", true,
                    List.of(c), local.candidates(), streamId + " " + m.kind() + "-" + streamId));
            any = true;
        }
        if (!any) {
            throw new SdpException("Offer has neither Opus audio nor VP8 video with rtcp-mux");
        }
        return new SessionDescription(sessionId, sessionVersion, List.of(), answered);
    }

    /** The direction to answer an offered direction with. */
    public static String answerDirection(String offered) {
        return switch (offered) {
            case "sendonly" -> "recvonly";
            case "recvonly" -> "sendonly";
            case "inactive" -> "inactive";
            default -> "sendrecv";
        };
    }
}

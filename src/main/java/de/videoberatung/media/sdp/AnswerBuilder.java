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
    /**
     * Feedback the engine's VP8 sender acts on: generic NACK (answered by RTX), key-frame requests
     * (PLI, FIR), the receiver's bandwidth estimate (REMB) and transport-wide feedback. Answered only when offered.
     */
    static final List<String> VP8_FEEDBACK = List.of("nack", "nack pli", "ccm fir", "goog-remb", "transport-cc");
    /**
     * Transport-wide congestion control: the engine reports the arrival of every packet the browser sends,
     * so the browser's own send-side estimator (GoogCC, with probing) sets its rate. Answered for a codec
     * only when the m-line also offers the sequence number extension. Opus answers it too: Chromium then
     * numbers its audio packets in the same sequence and counts their bytes in the estimate, as it does
     * toward another Chromium; without it the estimate would ignore the audio share of a narrow uplink.
     * goog-remb stays on VP8: the browser's REMB is what the engine's own sender is capped by.
     */
    static final String TRANSPORT_CC_FEEDBACK = "transport-cc";

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
        boolean transportCc = offered.extensionId(RtpExtension.TRANSPORT_CC) > 0;
        return switch (offered.kind()) {
            case "audio" -> offered.codec("opus", 48000)
                    .map(c -> new Codec(c.payloadType(), "opus", 48000, 2, OPUS_FMTP,
                            answeredFeedback(List.of(TRANSPORT_CC_FEEDBACK), c, transportCc)));
            case "video" -> offered.codec("VP8", 90000)
                    .map(c -> new Codec(c.payloadType(), "VP8", 90000, 0, null,
                            answeredFeedback(VP8_FEEDBACK, c, transportCc)));
            default -> Optional.empty();
        };
    }

    /** The feedback of {@code supported} the offer has for the codec; transport-cc only with its extension. */
    private static List<String> answeredFeedback(List<String> supported, Codec offered, boolean transportCcExtension) {
        return supported.stream().filter(offered.feedback()::contains)
                .filter(f -> transportCcExtension || !f.equals(TRANSPORT_CC_FEEDBACK)).toList();
    }

    /** Whether the answered codec uses transport-wide congestion control feedback. */
    public static boolean usesTransportCc(Codec answered) {
        return answered.feedback().contains(TRANSPORT_CC_FEEDBACK);
    }

    /** The offered retransmission format for the answered video codec, if the browser offers RTX for it. */
    public static Optional<Codec> chooseRtx(MediaDescription offered, Codec video) {
        return offered.rtxFor(video.payloadType())
                .map(r -> new Codec(r.payloadType(), "rtx", 90000, 0, "apt=" + video.payloadType(), List.of()));
    }

    /** The answer to {@code offer}, announcing no SSRCs. */
    public static SessionDescription answer(SessionDescription offer, Fingerprint localFingerprint,
                                            Map<String, LocalTransport> transports, String streamId,
                                            long sessionId, long sessionVersion) {
        return answer(offer, localFingerprint, transports, streamId, sessionId, sessionVersion, Map.of());
    }

    /**
     * The answer to {@code offer}.
     *
     * @param transports the engine's transport for each accepted m-line, keyed by mid
     * @param localSources the SSRCs the engine sends on an m-line, keyed by mid; a video m-line whose
     *     sources carry an RTX SSRC answers the offered {@code rtx} format with an FID group
     * @param streamId the msid stream id of the engine's tracks
     * @throws SdpException when the offer cannot be answered (no usable audio or video, missing
     *     DTLS fingerprint or ICE credentials, or a browser that insists on being the DTLS client)
     */
    public static SessionDescription answer(SessionDescription offer, Fingerprint localFingerprint,
                                            Map<String, LocalTransport> transports, String streamId,
                                            long sessionId, long sessionVersion,
                                            Map<String, Sources> localSources) {
        List<MediaDescription> answered = new ArrayList<>();
        boolean any = false;
        for (MediaDescription m : offer.media()) {
            Optional<Codec> codec = chooseCodec(m);
            LocalTransport local = m.mid() == null ? null : transports.get(m.mid());
            if (codec.isEmpty() || local == null) {
                answered.add(new MediaDescription(m.kind(), 0, m.protocol(), m.formats(), m.mid(), "inactive",
                        null, null, null, null, false, List.of(), List.of(), null, List.of(), Sources.NONE));
                continue;
            }
            if (m.iceUfrag() == null || m.icePwd() == null || m.fingerprint() == null) {
                throw new SdpException("Offer m-line " + m.mid() + " lacks ICE credentials or fingerprint");
            }
            if ("active".equals(m.setup())) {
                throw new SdpException("Offer requires the engine to be DTLS server, which it cannot be");
            }
            Codec c = codec.get();
            Sources sources = localSources.getOrDefault(m.mid(), Sources.NONE);
            List<Codec> codecs = new ArrayList<>(List.of(c));
            List<RtpExtension> extensions = new ArrayList<>();
            if ("video".equals(m.kind())) {
                if (sources.rtxSsrc() >= 0) {
                    chooseRtx(m, c).ifPresent(codecs::add);
                }
                int ast = m.extensionId(RtpExtension.ABS_SEND_TIME);
                if (ast > 0) {
                    extensions.add(new RtpExtension(ast, RtpExtension.ABS_SEND_TIME));
                }
            }
            if (usesTransportCc(c)) {
                extensions.add(new RtpExtension(m.extensionId(RtpExtension.TRANSPORT_CC), RtpExtension.TRANSPORT_CC));
            }
            if (codecs.size() == 1 && sources.rtxSsrc() >= 0) {
                // No RTX negotiated: announce the media source alone.
                sources = new Sources(List.of(sources.mediaSsrc()), List.of(), sources.cname());
            }
            answered.add(new MediaDescription(m.kind(), local.candidates().isEmpty() ? 9 : local.candidates().get(0).port(),
                    "UDP/TLS/RTP/SAVPF", codecs.stream().map(x -> String.valueOf(x.payloadType())).toList(), m.mid(),
                    answerDirection(m.direction()), local.ufrag(), local.pwd(), localFingerprint, "active", true,
                    codecs, local.candidates(), streamId + " " + m.kind() + "-" + streamId, extensions, sources));
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

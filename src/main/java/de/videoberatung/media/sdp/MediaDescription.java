package de.videoberatung.media.sdp;

import java.util.List;
import java.util.Optional;

/**
 * One m-line with the attributes the call engine uses. ICE credentials and the fingerprint are the
 * effective ones: a value given at session level applies to every m-line that has none of its own.
 *
 * @param kind {@code audio}, {@code video} or {@code application}
 * @param port 0 for a rejected m-line
 * @param direction {@code sendrecv}, {@code sendonly}, {@code recvonly} or {@code inactive}
 * @param setup the DTLS role ({@code actpass}, {@code active}, {@code passive}), or {@code null}
 * @param msid the {@code a=msid} value, or {@code null}
 * @param extensions the {@code a=extmap} header extensions
 * @param sources the announced SSRCs ({@code a=ssrc}, {@code a=ssrc-group:FID})
 */
public record MediaDescription(
        String kind,
        int port,
        String protocol,
        List<String> formats,
        String mid,
        String direction,
        String iceUfrag,
        String icePwd,
        Fingerprint fingerprint,
        String setup,
        boolean rtcpMux,
        List<Codec> codecs,
        List<IceCandidate> candidates,
        String msid,
        List<RtpExtension> extensions,
        Sources sources) {

    public MediaDescription {
        formats = List.copyOf(formats);
        codecs = List.copyOf(codecs);
        candidates = List.copyOf(candidates);
        extensions = List.copyOf(extensions);
        sources = sources == null ? Sources.NONE : sources;
    }

    /** The id this m-line gives the header extension {@code uri}, or -1 when it does not use it. */
    public int extensionId(String uri) {
        return extensions.stream().filter(e -> e.uri().equals(uri)).mapToInt(RtpExtension::id).findFirst().orElse(-1);
    }

    /** The offered RFC 4588 retransmission format ({@code rtx} with {@code apt=<pt>}) for a payload type. */
    public Optional<Codec> rtxFor(int payloadType) {
        return codecs.stream().filter(c -> c.is("rtx", c.clockRate()) && c.apt() == payloadType).findFirst();
    }

    /** The first offered codec with this name and clock rate, in the offer's order of preference. */
    public Optional<Codec> codec(String name, int clockRate) {
        for (String pt : formats) {
            for (Codec c : codecs) {
                if (String.valueOf(c.payloadType()).equals(pt) && c.is(name, clockRate)) {
                    return Optional.of(c);
                }
            }
        }
        return Optional.empty();
    }

    public boolean isRejected() {
        return port == 0;
    }
}

package de.videoberatung.media.sdp;

import java.util.List;

/**
 * The synchronisation sources an m-line announces ({@code a=ssrc}, RFC 5576) and its RFC 4588
 * retransmission pairing ({@code a=ssrc-group:FID <media> <rtx>}).
 *
 * @param ssrcs every announced SSRC, in the order of first appearance
 * @param fid the FID group (media SSRC first, then its RTX SSRC), or empty
 * @param cname the CNAME of the sources, or {@code null}
 */
public record Sources(List<Long> ssrcs, List<Long> fid, String cname) {

    public static final Sources NONE = new Sources(List.of(), List.of(), null);

    public Sources {
        ssrcs = List.copyOf(ssrcs);
        fid = List.copyOf(fid);
    }

    /** A media source with its retransmission source, as the engine announces its video. */
    public static Sources withRtx(long media, long rtx, String cname) {
        return new Sources(List.of(media, rtx), List.of(media, rtx), cname);
    }

    /** The media SSRC: the first of the FID group, else the first announced; -1 when none. */
    public long mediaSsrc() {
        return !fid.isEmpty() ? fid.get(0) : ssrcs.isEmpty() ? -1 : ssrcs.get(0);
    }

    /** The retransmission SSRC paired with the media SSRC, or -1. */
    public long rtxSsrc() {
        return fid.size() >= 2 ? fid.get(1) : -1;
    }
}

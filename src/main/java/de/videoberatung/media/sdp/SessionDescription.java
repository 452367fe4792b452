package de.videoberatung.media.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A WebRTC session description (RFC 8866 with the JSEP attributes), reduced to what a
 * peer-to-peer Opus + VP8 call needs. {@link #parse} reads a browser's offer; {@link #format}
 * writes the engine's answer. Lines the engine does not use (rtcp-rsize, ssrc-group:SIM, ...) are dropped.
 */
public record SessionDescription(long sessionId, long sessionVersion, List<String> bundleGroup,
                                 List<MediaDescription> media) {

    public SessionDescription {
        bundleGroup = List.copyOf(bundleGroup);
        media = List.copyOf(media);
    }

    public static SessionDescription parse(String sdp) {
        if (sdp == null || !sdp.startsWith("v=0")) {
            throw new SdpException("Not a session description");
        }
        long id = 0;
        long version = 0;
        List<String> bundle = List.of();
        SessionLevel session = new SessionLevel();
        List<MediaBuilder> builders = new ArrayList<>();
        MediaBuilder current = null;
        for (String raw : sdp.split("\r?\n")) {
            String line = raw.strip();
            if (line.length() < 2 || line.charAt(1) != '=') {
                continue;
            }
            char type = line.charAt(0);
            String value = line.substring(2);
            if (type == 'o') {
                String[] o = value.split(" ");
                if (o.length >= 3) {
                    id = parseLongOrZero(o[1]);
                    version = parseLongOrZero(o[2]);
                }
            } else if (type == 'm') {
                current = new MediaBuilder(value);
                builders.add(current);
            } else if (type == 'a') {
                int colon = value.indexOf(':');
                String name = colon < 0 ? value : value.substring(0, colon);
                String arg = colon < 0 ? "" : value.substring(colon + 1);
                if (current == null) {
                    if (name.equals("group") && arg.startsWith("BUNDLE")) {
                        bundle = List.of(arg.substring("BUNDLE".length()).trim().split("\\s+"));
                    } else {
                        session.attribute(name, arg);
                    }
                } else {
                    current.attribute(name, arg);
                }
            }
        }
        List<MediaDescription> media = new ArrayList<>();
        for (MediaBuilder b : builders) {
            media.add(b.build(session));
        }
        return new SessionDescription(id, version, bundle, media);
    }

    /** The SDP text, CRLF-terminated lines as RFC 8866 requires. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        line(sb, "v=0");
        line(sb, "o=- " + sessionId + " " + sessionVersion + " IN IP4 127.0.0.1");
        line(sb, "s=-");
        line(sb, "t=0 0");
        if (!bundleGroup.isEmpty()) {
            line(sb, "a=group:BUNDLE " + String.join(" ", bundleGroup));
        }
        line(sb, "a=msid-semantic: WMS");
        for (MediaDescription m : media) {
            line(sb, "m=" + m.kind() + " " + m.port() + " " + m.protocol() + " " + String.join(" ", m.formats()));
            line(sb, "c=IN IP4 " + connectionAddress(m));
            if (m.isRejected()) {
                if (m.mid() != null) {
                    line(sb, "a=mid:" + m.mid());
                }
                continue;
            }
            for (IceCandidate c : m.candidates()) {
                line(sb, "a=" + c.toAttribute());
            }
            line(sb, "a=ice-ufrag:" + m.iceUfrag());
            line(sb, "a=ice-pwd:" + m.icePwd());
            if (m.fingerprint() != null) {
                line(sb, "a=fingerprint:" + m.fingerprint().toAttributeValue());
            }
            if (m.setup() != null) {
                line(sb, "a=setup:" + m.setup());
            }
            if (m.mid() != null) {
                line(sb, "a=mid:" + m.mid());
            }
            line(sb, "a=" + m.direction());
            if (m.rtcpMux()) {
                line(sb, "a=rtcp-mux");
            }
            for (RtpExtension e : m.extensions()) {
                line(sb, "a=" + e.toAttribute());
            }
            for (Codec c : m.codecs()) {
                line(sb, "a=rtpmap:" + c.rtpmap());
                for (String fb : c.feedback()) {
                    line(sb, "a=rtcp-fb:" + c.payloadType() + " " + fb);
                }
                if (c.fmtp() != null) {
                    line(sb, "a=fmtp:" + c.payloadType() + " " + c.fmtp());
                }
            }
            if (m.msid() != null) {
                line(sb, "a=msid:" + m.msid());
            }
            sources(sb, m);
        }
        return sb.toString();
    }

    private static void sources(StringBuilder sb, MediaDescription m) {
        Sources s = m.sources();
        if (!s.fid().isEmpty()) {
            line(sb, "a=ssrc-group:FID " + String.join(" ", s.fid().stream().map(String::valueOf).toList()));
        }
        for (long ssrc : s.ssrcs()) {
            if (s.cname() != null) {
                line(sb, "a=ssrc:" + ssrc + " cname:" + s.cname());
            }
            if (m.msid() != null) {
                line(sb, "a=ssrc:" + ssrc + " msid:" + m.msid());
            }
        }
    }

    private static String connectionAddress(MediaDescription m) {
        return m.candidates().isEmpty() ? "0.0.0.0" : m.candidates().get(0).address();
    }

    private static void line(StringBuilder sb, String line) {
        sb.append(line).append("\r\n");
    }

    private static long parseLongOrZero(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Attributes that may appear at session level and apply to all m-lines. */
    private static final class SessionLevel {
        String ufrag;
        String pwd;
        Fingerprint fingerprint;
        String setup;

        void attribute(String name, String arg) {
            switch (name) {
                case "ice-ufrag" -> ufrag = arg;
                case "ice-pwd" -> pwd = arg;
                case "fingerprint" -> fingerprint = Fingerprint.parse(arg);
                case "setup" -> setup = arg;
                default -> { /* not used by the engine */ }
            }
        }
    }

    private static final class MediaBuilder {
        final String kind;
        final int port;
        final String protocol;
        final List<String> formats;
        String mid;
        String direction = "sendrecv";
        String ufrag;
        String pwd;
        Fingerprint fingerprint;
        String setup;
        boolean rtcpMux;
        String msid;
        String cname;
        final List<Long> ssrcs = new ArrayList<>();
        final List<Long> fid = new ArrayList<>();
        final List<RtpExtension> extensions = new ArrayList<>();
        final List<Codec> codecs = new ArrayList<>();
        final List<IceCandidate> candidates = new ArrayList<>();

        MediaBuilder(String mLine) {
            String[] f = mLine.split("\\s+");
            if (f.length < 3) {
                throw new SdpException("Malformed m-line: " + mLine);
            }
            kind = f[0];
            try {
                port = Integer.parseInt(f[1].split("/")[0]);
            } catch (NumberFormatException e) {
                throw new SdpException("Malformed m-line: " + mLine);
            }
            protocol = f[2];
            formats = List.of(f).subList(3, f.length);
        }

        void attribute(String name, String arg) {
            switch (name) {
                case "mid" -> mid = arg;
                case "sendrecv", "sendonly", "recvonly", "inactive" -> direction = name;
                case "ice-ufrag" -> ufrag = arg;
                case "ice-pwd" -> pwd = arg;
                case "fingerprint" -> fingerprint = Fingerprint.parse(arg);
                case "setup" -> setup = arg;
                case "rtcp-mux" -> rtcpMux = true;
                case "msid" -> msid = arg;
                case "candidate" -> candidates.add(IceCandidate.parse("candidate:" + arg));
                case "rtpmap" -> codecs.add(parseRtpmap(arg));
                case "fmtp" -> update(arg, (c, rest) -> c.withFmtp(rest));
                case "rtcp-fb" -> update(arg, (c, rest) -> c.withFeedback(rest));
                case "extmap" -> extensions.add(RtpExtension.parse(arg));
                case "ssrc" -> ssrc(arg);
                case "ssrc-group" -> ssrcGroup(arg);
                default -> { /* not used by the engine */ }
            }
        }

        private void ssrc(String arg) {
            String[] f = arg.trim().split("\\s+", 2);
            long id = parseSsrc(f[0]);
            if (!ssrcs.contains(id)) {
                ssrcs.add(id);
            }
            if (f.length == 2 && f[1].startsWith("cname:") && cname == null) {
                cname = f[1].substring("cname:".length());
            }
        }

        private void ssrcGroup(String arg) {
            String[] f = arg.trim().split("\\s+");
            if (f[0].equals("FID") && fid.isEmpty()) {
                for (int i = 1; i < f.length; i++) {
                    fid.add(parseSsrc(f[i]));
                }
            }
        }

        private static long parseSsrc(String s) {
            try {
                long v = Long.parseLong(s);
                if (v < 0 || v > 0xffffffffL) {
                    throw new SdpException("SSRC out of range: " + s);
                }
                return v;
            } catch (NumberFormatException e) {
                throw new SdpException("Malformed SSRC: " + s);
            }
        }

        private static Codec parseRtpmap(String arg) {
            String[] f = arg.trim().split("[ /]");
            if (f.length < 3) {
                throw new SdpException("Malformed rtpmap: " + arg);
            }
            try {
                return new Codec(Integer.parseInt(f[0]), f[1], Integer.parseInt(f[2]),
                        f.length > 3 ? Integer.parseInt(f[3]) : 0, null, List.of());
            } catch (NumberFormatException e) {
                throw new SdpException("Malformed rtpmap: " + arg);
            }
        }

        private void update(String arg, BiFunction<Codec, String, Codec> change) {
            int space = arg.indexOf(' ');
            if (space < 0) {
                return;
            }
            String pt = arg.substring(0, space);
            String rest = arg.substring(space + 1).trim();
            for (int i = 0; i < codecs.size(); i++) {
                if (String.valueOf(codecs.get(i).payloadType()).equals(pt)) {
                    codecs.set(i, change.apply(codecs.get(i), rest));
                }
            }
        }

        MediaDescription build(SessionLevel s) {
            return new MediaDescription(kind, port, protocol, formats, mid, direction,
                    ufrag != null ? ufrag : s.ufrag, pwd != null ? pwd : s.pwd,
                    fingerprint != null ? fingerprint : s.fingerprint, setup != null ? setup : s.setup,
                    rtcpMux, codecs, candidates, msid, extensions, new Sources(ssrcs, fid, cname));
        }
    }
}

package de.videoberatung.media.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * One payload type of an m-line: its {@code a=rtpmap}, {@code a=fmtp} and {@code a=rtcp-fb} lines.
 *
 * @param channels 0 when the rtpmap names no channel count (video)
 * @param fmtp the format parameters, or {@code null}
 */
public record Codec(int payloadType, String name, int clockRate, int channels, String fmtp, List<String> feedback) {

    public Codec {
        feedback = List.copyOf(feedback);
    }

    public boolean is(String codecName, int rate) {
        return name.equalsIgnoreCase(codecName) && clockRate == rate;
    }

    /** The associated payload type of an RTX format ({@code apt=} in its fmtp), or -1. */
    public int apt() {
        if (fmtp == null) {
            return -1;
        }
        for (String param : fmtp.split(";")) {
            String[] kv = param.trim().split("=", 2);
            if (kv.length == 2 && kv[0].equals("apt")) {
                try {
                    return Integer.parseInt(kv[1].trim());
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    Codec withFmtp(String newFmtp) {
        return new Codec(payloadType, name, clockRate, channels, newFmtp, feedback);
    }

    Codec withFeedback(String line) {
        List<String> all = new ArrayList<>(feedback);
        all.add(line);
        return new Codec(payloadType, name, clockRate, channels, fmtp, all);
    }

    String rtpmap() {
        return payloadType + " " + name + "/" + clockRate + (channels > 0 ? "/" + channels : "");
    }
}

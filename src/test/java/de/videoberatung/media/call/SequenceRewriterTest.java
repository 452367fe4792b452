package de.videoberatung.media.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** FMJ's sequence numbers with holes (frames the encoder did not emit) leave the engine without them. */
class SequenceRewriterTest {

    private static final long VIDEO = 0x11223344L;
    private final SequenceRewriter rewriter = new SequenceRewriter();

    @Test
    void holesLeftByDroppedFramesAreClosedAndCounted() {
        rewriter.restart(VIDEO);
        // Two packets of a frame, a frame the encoder dropped (FMJ skips one number), one more frame, then three dropped.
        List<Integer> out = send(VIDEO, 0x1000, 0x1001, 0x1003, 0x1007, 0x1008);

        assertThat(out).containsExactly(0x1000, 0x1001, 0x1002, 0x1003, 0x1004);
        assertThat(rewriter.holes()).isEqualTo(4);
    }

    @Test
    void numbersWrapAroundAndAnotherStreamsPacketsPassUnchanged() {
        rewriter.restart(VIDEO);
        assertThat(send(VIDEO, 0xfffe, 0x0001, 0x0002)).containsExactly(0xfffe, 0xffff, 0x0000);
        assertThat(rewriter.holes()).isEqualTo(2);
        assertThat(send(0x55667788L, 0x0100, 0x0105)).as("the old stream of a re-negotiation").containsExactly(0x0100, 0x0105);
    }

    @Test
    void aNewStreamStartsFromItsOwnFirstNumber() {
        rewriter.restart(VIDEO);
        send(VIDEO, 0x2000, 0x2002);
        rewriter.restart(0x99aabbccL);

        assertThat(send(0x99aabbccL, 0x0400, 0x0401, 0x0403)).containsExactly(0x0400, 0x0401, 0x0402);
        assertThat(send(VIDEO, 0x2003)).as("the replaced stream is left alone").containsExactly(0x2003);
    }

    @Test
    void withoutAStreamNothingIsTouched() {
        assertThat(send(VIDEO, 0x0001, 0x0003)).containsExactly(0x0001, 0x0003);
    }

    private List<Integer> send(long ssrc, int... sequenceNumbers) {
        List<Integer> out = new ArrayList<>();
        for (int seq : sequenceNumbers) {
            byte[] p = packet(ssrc, seq);
            rewriter.rewrite(p, 2, p.length - 2);
            out.add(((p[4] & 0xff) << 8) | (p[5] & 0xff));
        }
        return out;
    }

    /** An RTP packet at offset 2 of its buffer (libjitsi's RawPacket has offsets too). */
    static byte[] packet(long ssrc, int seq) {
        byte[] p = new byte[2 + 12 + 4];
        p[2] = (byte) 0x80;
        p[3] = 96;
        p[4] = (byte) (seq >> 8);
        p[5] = (byte) seq;
        for (int i = 0; i < 4; i++) {
            p[10 + i] = (byte) (ssrc >> (24 - 8 * i));
        }
        p[14] = 0x10;
        return p;
    }
}

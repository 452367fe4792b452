package de.videoberatung.media.call;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * The receive side's reorder buffer with repair for one VP8 stream. Packets are kept by extended
 * (rollover-aware) sequence number and released as whole frames, strictly in order, because every VP8
 * inter frame depends on its predecessor. A gap is asked for at once by generic NACK and again after
 * about one round trip (bounded); an incomplete frame is held for about two round trips plus a margin
 * (at most {@link #MAX_HOLD_MILLIS}), longer while the retransmissions asked for are still coming in. Only
 * when repair fails does the buffer skip to the next key frame in hand, or, without one, drop what it holds
 * and ask the sender for a key frame (rate-limited).
 *
 * <p>Not thread-safe; times are {@link System#nanoTime()} values passed in by the caller, so the logic
 * runs the same under a test's clock.
 */
final class VideoJitterBuffer {

    /** What the buffer produces. Called on the caller's thread, inside {@link #push} or {@link #tick}. */
    interface Output {
        /** The next decodable frame, in order, with when its packets came. */
        void frame(Vp8Depacketizer.Frame frame, VideoPlayout.Arrival arrival);

        /** Ask the sender for these (16-bit) sequence numbers again, ascending in stream order. */
        void nack(long mediaSsrc, long[] extendedSequenceNumbers);

        /** Ask the sender for a key frame (PLI). */
        void keyFrameRequest(long mediaSsrc);
    }

    static final long MIN_HOLD_MILLIS = 120;
    static final long MAX_HOLD_MILLIS = 500;
    /** Times one packet is asked for; re-asked after one round trip, so this spans the hold time. */
    static final int MAX_NACKS_PER_PACKET = 4;
    static final long KEY_FRAME_REQUEST_INTERVAL_MILLIS = 500;
    /** Round trip assumed until RTCP has measured one. */
    static final long DEFAULT_RTT_MILLIS = 150;
    /** A burst of loss longer than this asks for a key frame instead of retransmissions. */
    static final int MAX_NACK_GAP = 100;
    /** A jump larger than this is a restarted or foreign stream, not loss: start over at a key frame. */
    static final int MAX_GAP = 500;
    /** Packets held at most (about two seconds of 2 Mbit/s video). */
    static final int MAX_PACKETS = 2000;
    /**
     * While retransmissions keep arriving at most this far apart, the rest of the same request is taken to be
     * on its way: a thin link serialises a burst's retransmissions (13 packets take 250 ms at 500 kbit/s).
     */
    static final long REPAIR_PROGRESS_MILLIS = 60;

    /** @param repaired it came by retransmission, after we had asked for it */
    private record Packet(long timestamp, boolean marker, boolean padding, boolean start, boolean key, byte[] data,
                          long arrival, boolean repaired) {
    }

    private static final class Missing {
        final long detectedAt;
        long lastNackAt;
        /** When to ask again if it has not come. */
        long reaskAt;
        int nacks;

        Missing(long detectedAt) {
            this.detectedAt = detectedAt;
        }
    }

    private final Output out;
    private final LongSupplier rttMillis;
    private final TreeMap<Long, Packet> packets = new TreeMap<>();
    private final TreeMap<Long, Missing> missing = new TreeMap<>();
    private long mediaSsrc = -1;
    private long highest = -1;
    /** Extended sequence number of the next frame's first packet; meaningless while waiting for a key frame. */
    private long next = -1;
    private boolean waitingForKeyFrame = true;
    private long lastKeyFrameRequestAt;
    /** When the last retransmission we had asked for arrived. */
    private long lastRepairAt = Long.MIN_VALUE / 2;
    private boolean keyFrameRequested;

    private long framesReleased;
    private long nacksSent;
    private long packetsRepaired;
    private long skips;
    private long keyFrameRequests;

    /** @param rttMillis the current round trip to the sender, or a negative value when unknown */
    VideoJitterBuffer(Output out, LongSupplier rttMillis) {
        this.out = out;
        this.rttMillis = rttMillis;
    }

    /**
     * One received VP8 packet (for a retransmission in RTX, the unwrapped original).
     *
     * @param payloadLength without RTP padding; 0 for a padding-only packet
     */
    void push(long now, long ssrc, int seq, long timestamp, boolean marker,
              byte[] buf, int payloadOffset, int payloadLength) {
        if (ssrc != mediaSsrc) {
            reset();
            mediaSsrc = ssrc;
        }
        long ext = extend(seq);
        if ((!waitingForKeyFrame && ext < next) || packets.containsKey(ext)) {
            return; // late duplicate or a retransmission that came after we gave up
        }
        if (highest >= 0 && highest - ext > MAX_GAP) {
            reset(); // the sender started its numbering again
            mediaSsrc = ssrc;
            ext = extend(seq);
        }
        Missing asked = highest >= 0 && ext <= highest ? missing.get(ext) : null;
        // What the playout learns repair delays from; sooner than half a round trip after its gap was noticed
        // no retransmission can come, so such a packet was only reordered.
        boolean resent = asked != null && asked.nacks > 0 && now - asked.detectedAt >= rtt() * 500_000L;
        Packet packet = packet(now, resent, timestamp, marker, buf, payloadOffset, payloadLength);
        List<Long> toNack = new ArrayList<>();
        if (highest < 0 || ext > highest) {
            long gap = highest < 0 ? 0 : ext - highest - 1;
            if (gap > MAX_GAP) {
                reset();
                mediaSsrc = ssrc;
            } else if (gap > 0 && (packet.key() || gap > MAX_NACK_GAP)) {
                // Not worth asking for: a key frame supersedes what came before it, and a burst this
                // long would not be repaired in time (asking would only crowd a thin link).
                giveUpBefore(ext, packet.key());
            } else if (gap > 0) {
                for (long s = highest + 1; s < ext; s++) {
                    missing.put(s, new Missing(now));
                    toNack.add(s);
                }
            }
            highest = ext;
        } else {
            if (asked != null && asked.nacks > 0) {
                packetsRepaired++;
                lastRepairAt = now;
                // Retransmissions come in the order asked: the later ones of the same request are still on their way.
                long progress = now + REPAIR_PROGRESS_MILLIS * 1_000_000L;
                for (Missing later : missing.tailMap(ext, false).values()) {
                    if (later.nacks > 0 && later.lastNackAt <= asked.lastNackAt) {
                        later.reaskAt = Math.max(later.reaskAt, progress);
                    }
                }
            }
            missing.remove(ext);
        }
        if (packet.key() && !waitingForKeyFrame && !missing.headMap(ext).isEmpty()) {
            giveUpBefore(ext, true); // frames still under repair before a key frame are not needed
        }
        packets.put(ext, packet);
        sendNacks(now, toNack);
        release(now);
        trimToBounds(now);
        requestKeyFrameIfWaiting(now);
    }

    /** Re-asks for missing packets and gives up on frames held too long; call every ~20 ms. */
    void tick(long now) {
        long rtt = rtt();
        long reaskAfter = Math.max(30, rtt + 20) * 1_000_000L;
        long hold = holdMillis(rtt) * 1_000_000L;
        List<Long> toNack = new ArrayList<>();
        for (Iterator<Map.Entry<Long, Missing>> it = missing.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Missing> e = it.next();
            Missing m = e.getValue();
            if (now - m.detectedAt > hold && waitingForKeyFrame) {
                it.remove(); // nothing waits for it: stop asking
            } else if (m.nacks < MAX_NACKS_PER_PACKET && now - m.lastNackAt >= reaskAfter && now >= m.reaskAt) {
                toNack.add(e.getKey());
            }
        }
        sendNacks(now, toNack);
        release(now);
        requestKeyFrameIfWaiting(now);
    }

    /** The decoder could not use a frame: what follows depends on it, so start again at a key frame. */
    void decoderFailed(long now) {
        packets.clear();
        missing.clear();
        waitingForKeyFrame = true;
        keyFrameRequested = false;
        skips++;
        requestKeyFrameIfWaiting(now);
    }

    private static Packet packet(long now, boolean repaired, long timestamp, boolean marker,
                                 byte[] buf, int off, int len) {
        if (len <= 0) {
            return new Packet(timestamp, marker, true, false, false, null, now, repaired);
        }
        Vp8Depacketizer.Payload p = Vp8Depacketizer.parse(buf, off, len);
        if (p == null) {
            // Unparseable: keep its place so the frame around it is dropped, not mis-joined.
            return new Packet(timestamp, marker, false, false, false, new byte[0], now, repaired);
        }
        byte[] data = new byte[p.dataLength()];
        System.arraycopy(buf, p.dataOffset(), data, 0, data.length);
        return new Packet(timestamp, marker, false, p.start(), p.keyFrame(), data, now, repaired);
    }

    private long extend(int seq) {
        if (highest < 0) {
            return (1L << 20) + seq; // room below for packets that arrive earlier than the first one
        }
        return nearest(highest, seq);
    }

    /** The extended sequence number of {@code seq} (16 bits) nearest to {@code highest}: rollover-aware. */
    static long nearest(long highest, int seq) {
        long candidate = (highest & ~0xffffL) | (seq & 0xffff);
        if (candidate - highest > 0x8000) {
            candidate -= 0x10000;
        } else if (highest - candidate > 0x8000) {
            candidate += 0x10000;
        }
        return candidate;
    }

    /** Releases every frame that is complete at the head, then gives up on the head if it waited too long. */
    private void release(long now) {
        while (true) {
            if (waitingForKeyFrame && !startAtKeyFrame()) {
                return;
            }
            Packet head = packets.get(next);
            if (head == null) {
                if (!headHeldTooLong(now)) {
                    return;
                }
                skip();
                continue;
            }
            if (head.padding()) {
                packets.remove(next++);
                continue;
            }
            if (!head.start()) {
                skip(); // the head is mid-frame: its beginning is gone
                continue;
            }
            long end = frameEnd(head.timestamp());
            if (end == -2) {
                skip(); // a frame without its end (timestamp changed before a marker)
                continue;
            }
            if (end < 0) {
                if (!headHeldTooLong(now)) {
                    return;
                }
                skip();
                continue;
            }
            List<byte[]> parts = new ArrayList<>();
            long first = Long.MAX_VALUE;
            long complete = Long.MIN_VALUE;
            boolean repaired = false;
            for (long s = next; s <= end; s++) {
                Packet p = packets.remove(s);
                if (!p.padding()) {
                    parts.add(p.data());
                }
                first = Math.min(first, p.arrival());
                complete = Math.max(complete, p.arrival());
                repaired |= p.repaired();
            }
            next = end + 1;
            missing.headMap(next).clear();
            framesReleased++;
            out.frame(Vp8Depacketizer.join(parts, head.key(), head.timestamp()),
                    new VideoPlayout.Arrival(first, complete, repaired));
        }
    }

    /**
     * The sequence number of the marker packet that ends the frame starting at {@link #next}; -1 when a
     * packet is still missing; -2 when the frame can never complete.
     */
    private long frameEnd(long timestamp) {
        for (long s = next; ; s++) {
            Packet p = packets.get(s);
            if (p == null) {
                return -1;
            }
            if (p.padding()) {
                continue;
            }
            if (p.timestamp() != timestamp || (s != next && p.start())) {
                return -2;
            }
            if (p.marker()) {
                return s;
            }
        }
    }

    /**
     * True when a packet the head frame needs has been missing for longer than the hold time, and repair has
     * stalled: while retransmissions are still arriving the wait goes on, up to twice the hold time.
     */
    private boolean headHeldTooLong(long now) {
        Map.Entry<Long, Missing> oldest = missing.ceilingEntry(next);
        if (oldest == null) {
            return false; // nothing known lost: the rest of the frame simply has not arrived yet
        }
        long age = now - oldest.getValue().detectedAt;
        long hold = holdMillis(rtt()) * 1_000_000L;
        boolean repairing = now - lastRepairAt <= REPAIR_PROGRESS_MILLIS * 1_000_000L;
        return age > hold && (!repairing || age > 2 * hold);
    }

    /**
     * Drops what is held before {@code ext} and stops asking for it: decoding goes on at the key frame
     * starting there, or waits for one.
     */
    private void giveUpBefore(long ext, boolean keyFrameThere) {
        packets.headMap(ext).clear();
        missing.headMap(ext).clear();
        if (keyFrameThere) {
            if (!waitingForKeyFrame && ext > next) {
                skips++;
            }
            next = ext;
            waitingForKeyFrame = false;
        } else {
            skips++;
            waitingForKeyFrame = true;
            keyFrameRequested = false;
        }
    }

    /** Repair failed: jump to the next key frame held, or wait for one. */
    private void skip() {
        skips++;
        Long key = null;
        for (Map.Entry<Long, Packet> e : packets.tailMap(next, false).entrySet()) {
            if (e.getValue().key()) {
                key = e.getKey();
                break;
            }
        }
        if (key != null) {
            next = key;
            packets.headMap(key).clear();
            missing.headMap(key).clear();
        } else {
            waitingForKeyFrame = true;
            keyFrameRequested = false;
            // Inter frames after the loss are useless; keep what could still belong to a key frame.
            packets.values().removeIf(p -> p.start() || p.padding());
            missing.clear();
        }
    }

    /** While waiting: starts at the first key frame held, dropping everything before it. */
    private boolean startAtKeyFrame() {
        for (Map.Entry<Long, Packet> e : packets.entrySet()) {
            if (e.getValue().key()) {
                next = e.getKey();
                packets.headMap(next).clear();
                missing.headMap(next).clear();
                waitingForKeyFrame = false;
                return true;
            }
        }
        return false;
    }

    private void trimToBounds(long now) {
        while (packets.size() > MAX_PACKETS) {
            if (waitingForKeyFrame) {
                packets.pollFirstEntry();
            } else {
                skip();
                release(now);
            }
        }
    }

    private void requestKeyFrameIfWaiting(long now) {
        if (!waitingForKeyFrame || mediaSsrc < 0) {
            return;
        }
        if (keyFrameRequested && now - lastKeyFrameRequestAt < KEY_FRAME_REQUEST_INTERVAL_MILLIS * 1_000_000L) {
            return;
        }
        keyFrameRequested = true;
        lastKeyFrameRequestAt = now;
        keyFrameRequests++;
        out.keyFrameRequest(mediaSsrc);
    }

    private void sendNacks(long now, List<Long> seqs) {
        if (seqs.isEmpty() || mediaSsrc < 0) {
            return;
        }
        long[] list = new long[seqs.size()];
        for (int i = 0; i < list.length; i++) {
            long s = seqs.get(i);
            list[i] = s;
            Missing m = missing.get(s);
            m.nacks++;
            m.lastNackAt = now;
        }
        nacksSent += list.length;
        out.nack(mediaSsrc, list);
    }

    private void reset() {
        packets.clear();
        missing.clear();
        highest = -1;
        next = -1;
        waitingForKeyFrame = true;
        keyFrameRequested = false;
    }

    private long rtt() {
        long rtt = rttMillis.getAsLong();
        return rtt < 0 ? DEFAULT_RTT_MILLIS : rtt;
    }

    /** Two round trips (one for a NACK, one for a NACK whose answer was lost too) plus a margin, bounded. */
    static long holdMillis(long rtt) {
        return Math.max(MIN_HOLD_MILLIS, Math.min(MAX_HOLD_MILLIS, 2 * rtt + 40));
    }

    long framesReleased() {
        return framesReleased;
    }

    /** Sequence numbers asked for again, counting every request. */
    long nacksSent() {
        return nacksSent;
    }

    /** Packets that arrived after we had asked for them. */
    long packetsRepaired() {
        return packetsRepaired;
    }

    /** Times repair failed and frames were dropped. */
    long skips() {
        return skips;
    }

    long keyFrameRequests() {
        return keyFrameRequests;
    }
}

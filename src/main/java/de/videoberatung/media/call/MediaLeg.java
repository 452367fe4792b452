package de.videoberatung.media.call;

import de.videoberatung.media.sdp.Codec;
import de.videoberatung.media.sdp.MediaDescription;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jitsi.impl.neomedia.SSRCFactoryImpl;
import org.jitsi.impl.neomedia.transform.PacketTransformer;
import org.jitsi.impl.neomedia.transform.SinglePacketTransformer;
import org.jitsi.impl.neomedia.transform.TransformEngine;
import org.jitsi.service.neomedia.DefaultStreamConnector;
import org.jitsi.service.neomedia.DtlsControl;
import org.jitsi.service.neomedia.MediaDirection;
import org.jitsi.service.neomedia.MediaService;
import org.jitsi.service.neomedia.MediaStream;
import org.jitsi.service.neomedia.MediaStreamTarget;
import org.jitsi.service.neomedia.RTPExtension;
import org.jitsi.service.neomedia.RawPacket;
import org.jitsi.service.neomedia.SrtpControlType;
import org.jitsi.service.neomedia.TransmissionFailedException;
import org.jitsi.service.neomedia.device.MediaDevice;
import org.jitsi.service.neomedia.format.MediaFormat;
import org.jitsi.utils.MediaType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One m-line's media: a libjitsi stream with its own DTLS-SRTP session (the engine is the DTLS
 * client), plus a tap in libjitsi's transform chain that sees every packet in clear text to count
 * it, and for video to hand it to our own VP8 decoder.
 */
final class MediaLeg implements AutoCloseable, FeedbackChannel {

    private static final Logger LOG = LoggerFactory.getLogger(MediaLeg.class);

    final String mid;
    final MediaType type;
    final Codec codec;
    private final DtlsControl dtls;
    private MediaStream stream;
    private volatile RemoteVideoReceiver videoReceiver;
    private final Tap tap = new Tap();
    private volatile SendSide sendSide;
    private long localSsrc = -1;
    private int absSendTimeId = -1;
    private volatile TransportArrivals transportArrivals;
    private int transportCcId = -1;

    final AtomicLong packetsIn = new AtomicLong();
    final AtomicLong bytesIn = new AtomicLong();
    final AtomicLong packetsOut = new AtomicLong();
    final AtomicLong bytesOut = new AtomicLong();
    /** Paced packets and retransmissions libjitsi refused to send (each a gap the browser sees as loss). */
    final AtomicLong injectFailures = new AtomicLong();
    final RoundTripClock roundTrip = new RoundTripClock();
    /** What the browser reports receiving of our stream on this leg. */
    final ReceiverReports browserReports;
    /** System.nanoTime() of the last packet (RTP or RTCP) from the browser; 0 before the first. */
    volatile long lastInboundNanos;
    private volatile boolean secured;
    /** System.nanoTime() of {@link #connect}, for the log. */
    private volatile long startedNanos;

    MediaLeg(MediaService service, MediaDescription offered, Codec codec) {
        this.mid = offered.mid();
        this.type = "video".equals(offered.kind()) ? MediaType.VIDEO : MediaType.AUDIO;
        this.codec = codec;
        this.browserReports = new ReceiverReports(this::localSsrc, codec.clockRate());
        this.dtls = (DtlsControl) service.createSrtpControl(SrtpControlType.DTLS_SRTP);
        dtls.setSetup(DtlsControl.Setup.ACTIVE);
        dtls.setRtcpmux(true);
        dtls.setRemoteFingerprints(Map.of(offered.fingerprint().hashFunction(), offered.fingerprint().value()));
    }

    String localFingerprintHash() {
        return dtls.getLocalFingerprintHashFunction();
    }

    String localFingerprint() {
        return dtls.getLocalFingerprint();
    }

    /**
     * How this leg sends: its SSRC as announced in the answer, the abs-send-time extension id the
     * answer negotiated (-1 for none), and the call's send side that reads the browser's RTCP.
     * Before {@link #build}.
     */
    void sendWith(SendSide side, long ssrc, int absSendTime) {
        this.sendSide = side;
        this.localSsrc = ssrc;
        this.absSendTimeId = absSendTime;
    }

    /**
     * Records the transport-wide sequence number (header extension {@code extensionId}) of every packet from
     * the browser in {@code arrivals}, for transport feedback. Before {@link #build}.
     */
    void recordTransportSequence(TransportArrivals arrivals, int extensionId) {
        this.transportCcId = extensionId;
        this.transportArrivals = arrivals;
    }

    /** Sends a packet (RTP, clear text) through the part of libjitsi's chain after the tap: SRTP and the rest. */
    void injectAfterTap(byte[] packet, int length) {
        MediaStream s = stream;
        if (s == null) {
            return;
        }
        try {
            s.injectPacket(new RawPacket(packet, 0, length), true, tap);
        } catch (TransmissionFailedException e) {
            injectFailures.incrementAndGet();
            LOG.debug("Could not send a paced packet or retransmission", e);
        }
    }

    /** Builds the libjitsi stream on the ICE component's sockets; media flows after {@link #connect}. */
    void build(MediaService service, DatagramSocket[] sockets, MediaDevice device, MediaDirection direction,
               RemoteVideoReceiver receiver) {
        this.videoReceiver = receiver;
        MediaFormat format = type == MediaType.VIDEO
                ? service.getFormatFactory().createMediaFormat("VP8", 90000)
                : service.getFormatFactory().createMediaFormat("opus", 48000, 2);
        if (device instanceof CameraMediaDevice camera) {
            camera.setSendFormat(format);
        }
        stream = service.createMediaStream(new DefaultStreamConnector(sockets[0], sockets[1], true), device, dtls);
        stream.setName(type.toString());
        if (localSsrc >= 0) {
            // The first SSRC the factory hands out becomes the send stream's: the one in our answer.
            stream.setSSRCFactory(new SSRCFactoryImpl(localSsrc));
        }
        if (absSendTimeId > 0) {
            // libjitsi's AbsSendTimeEngine then stamps every packet: the browser's REMB estimator needs it.
            stream.addRTPExtension((byte) absSendTimeId, new RTPExtension(URI.create(RTPExtension.ABS_SEND_TIME_URN)));
        }
        stream.addDynamicRTPPayloadType((byte) codec.payloadType(), format);
        stream.setFormat(format);
        stream.setExternalTransformer(tap);
        stream.setDirection(direction);
    }

    /** Points the stream at the browser's ICE-selected address and starts RTP and the DTLS handshake. */
    void connect(InetSocketAddress remote) {
        startedNanos = System.nanoTime();
        stream.setTarget(new MediaStreamTarget(remote, remote));
        stream.start();
        dtls.start(type);
    }

    void setMute(boolean mute) {
        if (stream != null) {
            stream.setMute(mute);
        }
    }

    MediaStream stream() {
        return stream;
    }

    @Override
    public long localSsrc() {
        MediaStream s = stream;
        return s == null ? 0 : s.getLocalSourceID();
    }

    @Override
    public void send(byte[] rtcp) {
        MediaStream s = stream;
        if (s == null) {
            return;
        }
        try {
            s.injectPacket(new RawPacket(rtcp, 0, rtcp.length), false, null);
        } catch (TransmissionFailedException e) {
            LOG.debug("Could not send RTCP feedback", e);
        }
    }

    @Override
    public long rttMillis() {
        return roundTrip.rttMillis();
    }

    @Override
    public void close() {
        if (injectFailures.get() > 0) {
            LOG.info("{}: {} paced packets or retransmissions could not be sent", type, injectFailures.get());
        }
        if (stream != null) {
            stream.stop();
            stream.close();
        }
        dtls.cleanup(null);
    }

    /** A packet from the browser came through SRTP: this leg's DTLS is done, so video may go (once per leg). */
    private void secured() {
        SendSide side = sendSide;
        if (!secured && type == MediaType.VIDEO && side != null) {
            secured = true;
            side.secured();
        }
    }

    /** Sits in libjitsi's transform chain inside SRTP: sees clear-text packets both ways. */
    private final class Tap implements TransformEngine {
        private final PacketTransformer rtp = new SinglePacketTransformer() {
            @Override
            public RawPacket transform(RawPacket pkt) {
                packetsOut.incrementAndGet();
                bytesOut.addAndGet(pkt.getLength());
                SendSide side = sendSide;
                if (side != null && type == MediaType.VIDEO
                        && !side.videoSent(pkt.getBuffer(), pkt.getOffset(), pkt.getLength())) {
                    return null;
                }
                return pkt;
            }

            @Override
            public RawPacket reverseTransform(RawPacket pkt) {
                if (packetsIn.getAndIncrement() == 0) {
                    LOG.info("{}: first packet from the browser (DTLS-SRTP done) {} ms after start", type,
                            (System.nanoTime() - startedNanos) / 1_000_000);
                }
                secured();
                bytesIn.addAndGet(pkt.getLength());
                long now = System.nanoTime();
                lastInboundNanos = now;
                TransportArrivals arrivals = transportArrivals;
                if (arrivals != null) {
                    int seq = TransportArrivals.sequenceNumber(pkt.getBuffer(), pkt.getOffset(), pkt.getLength(),
                            transportCcId);
                    if (seq >= 0) {
                        arrivals.received(seq, pkt.getSSRCAsLong(), now);
                    }
                }
                RemoteVideoReceiver r = videoReceiver;
                if (r != null) {
                    r.onRtp(pkt);
                }
                return pkt;
            }
        };
        private final PacketTransformer rtcp = new SinglePacketTransformer() {
            @Override
            public RawPacket transform(RawPacket pkt) {
                roundTrip.sent(pkt.getBuffer(), pkt.getOffset(), pkt.getLength());
                return pkt;
            }

            @Override
            public RawPacket reverseTransform(RawPacket pkt) {
                secured();
                lastInboundNanos = System.nanoTime();
                roundTrip.received(pkt.getBuffer(), pkt.getOffset(), pkt.getLength());
                browserReports.received(pkt.getBuffer(), pkt.getOffset(), pkt.getLength());
                RemoteVideoReceiver r = videoReceiver;
                if (r != null) {
                    r.onRtcp(pkt.getBuffer(), pkt.getOffset(), pkt.getLength());
                }
                SendSide side = sendSide;
                if (side != null) {
                    side.received(type, pkt.getBuffer(), pkt.getOffset(), pkt.getLength());
                }
                return pkt;
            }
        };

        @Override
        public PacketTransformer getRTPTransformer() {
            return rtp;
        }

        @Override
        public PacketTransformer getRTCPTransformer() {
            return rtcp;
        }
    }
}

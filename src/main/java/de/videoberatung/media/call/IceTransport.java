package de.videoberatung.media.call;

import de.videoberatung.media.sdp.AnswerBuilder.LocalTransport;
import de.videoberatung.media.sdp.IceCandidate;
import de.videoberatung.media.sdp.MediaDescription;
import de.videoberatung.threads.NamedThreads;
import java.beans.PropertyChangeEvent;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.CandidateType;
import org.ice4j.ice.CheckList;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.ice.KeepAliveStrategy;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.RelayedCandidate;
import org.ice4j.ice.RemoteCandidate;
import org.ice4j.security.LongTermCredential;
import org.ice4j.socket.MultiplexingDatagramSocket;
import org.ice4j.socket.RtcpDemuxPacketFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ICE side of one call attempt: one ice4j agent in the controlled role (the browser offered),
 * one ICE stream with a single rtcp-muxed component per m-line, because without BUNDLE the
 * browser keeps one transport per m-line under the same credentials. The answer carries the host
 * candidates; the STUN and TURN servers' candidates are trickled after it ({@link #trickle}). TURN runs
 * over UDP (ice4j's client), TCP or TLS ({@link StreamTurnHarvester}).
 */
final class IceTransport implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IceTransport.class);

    private final Agent agent = new Agent();
    private final boolean loopbackOnly;
    private final Map<String, Component> components = new LinkedHashMap<>();
    private final List<StreamTurnHarvester> streamHarvesters = new ArrayList<>();
    private final boolean trickles;
    private volatile boolean closed;

    IceTransport(CallEngineConfig config, List<String> mids) throws IOException {
        this.loopbackOnly = config.loopbackOnly();
        agent.setControlling(false);
        if (loopbackOnly) {
            agent.setUseDynamicPorts(false);
            agent.addCandidateHarvester(new LoopbackHarvester());
        } else {
            IceServers servers = fetch(config.iceServers());
            for (IceServers.Server s : servers.stun()) {
                TransportAddress a = address(s);
                if (a != null) {
                    agent.addCandidateHarvester(new SerialHarvests.Stun(a));
                }
            }
            // A TURN allocation over UDP also answers our mapped address: srflx and relay candidates from one server.
            for (IceServers.Server s : servers.turn()) {
                TransportAddress a = address(s);
                if (a == null) {
                    continue;
                }
                LongTermCredential credential = new LongTermCredential(s.username(), s.password());
                if (s.transport() == IceServers.Transport.UDP) {
                    agent.addCandidateHarvester(new SerialHarvests.Turn(a, credential));
                } else {
                    StreamTurnHarvester h = new StreamTurnHarvester(a.getAddress(), a.getPort(), s.host(), credential,
                            s.transport() == IceServers.Transport.TLS ? config.turnTls() : null);
                    streamHarvesters.add(h);
                    agent.addCandidateHarvester(h);
                }
            }
        }
        // Trickle ICE: only host candidates now (for the answer), the servers' candidates after it (trickle()).
        trickles = agent.getHarvesters().size() > 0;
        agent.setTrickling(trickles);
        for (String mid : mids) {
            IceMediaStream stream = agent.createMediaStream(mid);
            components.put(mid, agent.createComponent(stream, KeepAliveStrategy.SELECTED_ONLY, true));
        }
    }

    /** This attempt's servers, fresh from the consultation server; without them, host candidates still work. */
    private static IceServers fetch(IceServers.Source source) {
        try {
            IceServers servers = IceServers.from(source.fetch());
            LOG.info("ICE servers for this attempt: {} STUN, TURN {}", servers.stun().size(), servers.turn());
            return servers;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("No ICE servers for this attempt (host candidates only): {}", e.toString());
        }
        return IceServers.none();
    }

    /** The server's address, or null (logged) if its name does not resolve: the call goes on without it. */
    private static TransportAddress address(IceServers.Server s) {
        try {
            return new TransportAddress(InetAddress.getByName(s.host()), s.port(), Transport.UDP);
        } catch (UnknownHostException e) {
            LOG.warn("ICE server {} does not resolve; left out of this attempt", s);
            return null;
        }
    }

    /** The credentials and candidates to put into the answer for {@code mid}: what was gathered so far. */
    LocalTransport local(String mid) {
        List<IceCandidate> candidates = new ArrayList<>();
        for (LocalCandidate c : component(mid).getLocalCandidates()) {
            if (c.getTransport() == Transport.UDP) {
                candidates.add(sdp(c));
            }
        }
        return new LocalTransport(agent.getLocalUfrag(), agent.getLocalPassword(), candidates);
    }

    private static IceCandidate sdp(LocalCandidate c) {
        TransportAddress a = c.getTransportAddress();
        TransportAddress rel = c.getRelatedAddress();
        return new IceCandidate(c.getFoundation(), 1, "udp", c.getPriority(), plain(a.getAddress()), a.getPort(),
                c.getType().toString(), rel == null ? null : plain(rel.getAddress()), rel == null ? 0 : rel.getPort());
    }

    /**
     * Gathers the STUN and TURN servers' candidates (trickle ICE: the answer carries the host candidates),
     * each handed to {@code found} with its mid as ice4j finds it, after pairing it with the browser's
     * candidates known so far. Call after {@link #start}. Runs on a thread of its own named {@code threadName}:
     * a server that does not answer holds only that thread (ice4j gives up on it after its harvest timeout).
     *
     * @return completed when the gathering has ended
     */
    CompletableFuture<Void> trickle(String threadName, BiConsumer<String, IceCandidate> found) {
        CompletableFuture<Void> ended = new CompletableFuture<>();
        if (!trickles) {
            ended.complete(null);
            return ended;
        }
        NamedThreads.start(threadName, () -> {
            long t0 = System.nanoTime();
            try {
                agent.startCandidateTrickle(candidates -> {
                    if (candidates != null) {
                        candidates.forEach(c -> trickled(c, found));
                    }
                });
            } catch (RuntimeException e) {
                if (!closed) {
                    LOG.warn("Gathering from the ICE servers failed: {}", e.toString());
                }
            }
            LOG.info("ICE servers' candidates gathered in {} ms", (System.nanoTime() - t0) / 1_000_000);
            ended.complete(null);
        });
        return ended;
    }

    private void trickled(LocalCandidate c, BiConsumer<String, IceCandidate> found) {
        if (closed || c.getTransport() != Transport.UDP) {
            return;
        }
        Component component = c.getParentComponent();
        pairWithKnownRemotes(component, c);
        LOG.info("Local {} candidate for {} trickled", c.getType(), component.getParentStream().getName());
        found.accept(component.getParentStream().getName(), sdp(c));
    }

    /**
     * ice4j pairs a trickled remote candidate with every local one, but a local candidate found after the
     * checks began with none: without these pairs a relay would never send the checks that open its
     * permissions on the TURN server, and the browser's checks to it would be dropped there.
     */
    private void pairWithKnownRemotes(Component component, LocalCandidate local) {
        CheckList checks = component.getParentStream().getCheckList();
        synchronized (checks) {
            for (RemoteCandidate remote : component.getRemoteCandidates()) {
                if (local.canReach(remote) && remote.getTransportAddress().getPort() != 0
                        && checks.findPairMatching(local, remote) == null) {
                    checks.add(new CandidatePair(local, remote));
                }
            }
        }
    }

    /** The address as SDP wants it: IPv6 without the interface scope Java appends ({@code %eth0}). */
    private static String plain(InetAddress address) {
        String text = address.getHostAddress();
        int scope = text.indexOf('%');
        return scope < 0 ? text : text.substring(0, scope);
    }

    /** Takes the browser's credentials and candidates for {@code m}'s transport. */
    void setRemote(MediaDescription m) {
        Component component = component(m.mid());
        IceMediaStream stream = component.getParentStream();
        stream.setRemoteUfrag(m.iceUfrag());
        stream.setRemotePassword(m.icePwd());
        for (IceCandidate c : m.candidates()) {
            addRemoteCandidate(component, c);
        }
    }

    /** A trickled candidate from the browser; ignored once ICE has finished. */
    void addRemoteCandidate(String mid, IceCandidate candidate) {
        Component component = components.get(mid);
        if (component != null) {
            addRemoteCandidate(component, candidate);
        }
    }

    private void addRemoteCandidate(Component component, IceCandidate c) {
        // ice4j cannot resolve mDNS (.local) host names: the browser's srflx/relay candidates and the
        // peer-reflexive address its checks arrive from stand in for them. rtcp-mux: component 1 only.
        if (!c.isUdp() || c.component() != 1 || c.address().endsWith(".local")) {
            return;
        }
        InetAddress ip;
        try {
            ip = InetAddress.getByName(c.address());
        } catch (UnknownHostException e) {
            LOG.debug("Skipping unresolvable remote candidate");
            return;
        }
        if (loopbackOnly && !ip.isLoopbackAddress()) {
            return;
        }
        TransportAddress address = new TransportAddress(ip, c.port(), Transport.UDP);
        if (component.findRemoteCandidate(address) != null) {
            return; // trickled again with a repeated offer (on a fresh signalling socket)
        }
        RemoteCandidate related = null;
        if (c.relatedAddress() != null && !c.relatedAddress().endsWith(".local")) {
            try {
                related = component.findRemoteCandidate(new TransportAddress(
                        InetAddress.getByName(c.relatedAddress()), c.relatedPort(), Transport.UDP));
            } catch (UnknownHostException e) {
                related = null;
            }
        }
        RemoteCandidate remote = new RemoteCandidate(address, component,
                CandidateType.parse(c.type()), c.foundation(), c.priority(), related);
        if (agent.isStarted()) {
            component.addUpdateRemoteCandidates(remote);
            component.updateRemoteCandidates();
        } else {
            component.addRemoteCandidate(remote);
        }
    }

    /**
     * Starts connectivity checks.
     *
     * @param onState every ICE processing state change (COMPLETED, FAILED, TERMINATED ...)
     */
    void start(Consumer<IceProcessingState> onState) {
        agent.addStateChangeListener((PropertyChangeEvent e) -> {
            if (Agent.PROPERTY_ICE_PROCESSING_STATE.equals(e.getPropertyName())) {
                onState.accept((IceProcessingState) e.getNewValue());
            }
        });
        agent.startConnectivityEstablishment();
    }

    /** The RTP and RTCP sockets for {@code mid}, split from the one muxed component socket. */
    DatagramSocket[] mediaSockets(String mid) throws SocketException {
        // libjitsi never reads StreamConnector#isRtcpmux to split traffic itself.
        MultiplexingDatagramSocket mux = component(mid).getSocket();
        DatagramSocket rtcp = mux.getSocket(new RtcpDemuxPacketFilter());
        DatagramSocket rtp = mux.getSocket(p -> !RtcpDemuxPacketFilter.isRtcpPacket(p));
        return new DatagramSocket[] {rtp, rtcp};
    }

    /** The browser's address on the selected pair of {@code mid}, once ICE completed. */
    TransportAddress selectedRemote(String mid) {
        CandidatePair pair = component(mid).getSelectedPair();
        return pair == null ? null : pair.getRemoteCandidate().getTransportAddress();
    }

    private Component component(String mid) {
        Component c = components.get(mid);
        if (c == null) {
            throw new IllegalArgumentException("no ICE stream for mid " + mid);
        }
        return c;
    }

    @Override
    public void close() {
        closed = true;
        // ice4j deadlocks when a relay's send thread binds a channel (its queue's lock, then the STUN stack's)
        // while Agent.free() stops the stack (the stack's lock, then closing the relay takes its queue's):
        // seen as a hang-up that never returned. Closed first, a relay also deallocates with a Refresh of 0.
        for (Component component : components.values()) {
            for (LocalCandidate c : component.getLocalCandidates()) {
                if (c instanceof RelayedCandidate relay) {
                    relay.getCandidateIceSocketWrapper().close();
                }
            }
        }
        agent.free();
        streamHarvesters.forEach(StreamTurnHarvester::close);
    }
}

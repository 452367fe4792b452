package de.videoberatung.media.call;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Component;
import org.ice4j.ice.HostCandidate;
import org.ice4j.ice.ServerReflexiveCandidate;
import org.ice4j.ice.harvest.TurnCandidateHarvest;
import org.ice4j.ice.harvest.TurnCandidateHarvester;
import org.ice4j.message.Response;
import org.ice4j.security.LongTermCredential;
import org.ice4j.socket.IceUdpSocketWrapper;
import org.ice4j.socket.MultiplexingDatagramSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A relayed candidate through a TURN server reached over TCP or TLS: for an advisor whose network lets no
 * UDP out. The relayed address on the server is UDP, as with ice4j's own {@link TurnCandidateHarvester};
 * only the way to the server differs. ice4j's harvest runs unchanged on a {@link TurnStreamSocket} in place of
 * the UDP host socket it would otherwise use: one connection per component, whatever its host candidates.
 *
 * <p>The mapped address the server reports is that of the TCP connection, of no use for UDP: no
 * server-reflexive candidate is made from it.
 */
final class StreamTurnHarvester extends TurnCandidateHarvester {

    private static final Logger LOG = LoggerFactory.getLogger(StreamTurnHarvester.class);
    /** Connecting (and the TLS handshake) give up after this: an unreachable relay must not hold the gathering. */
    static final int CONNECT_TIMEOUT_MS = 3000;

    private final String host;
    private final SSLSocketFactory tls;
    private final Set<Component> connected = ConcurrentHashMap.newKeySet();
    private final List<TurnStreamSocket> sockets = new CopyOnWriteArrayList<>();

    /**
     * @param server the server's address (ice4j's TURN client is given it as UDP: that is how it talks to it)
     * @param host the server's name as configured, for TLS's certificate check and SNI
     * @param tls null for TCP
     */
    StreamTurnHarvester(InetAddress server, int port, String host, LongTermCredential credential, SSLSocketFactory tls) {
        super(new TransportAddress(server, port, Transport.UDP), credential);
        this.host = host;
        this.tls = tls;
    }

    /** In place of the component's UDP host candidate: one over a fresh connection to the server. */
    @Override
    protected HostCandidate getHostCandidate(HostCandidate udpHost) {
        Component component = udpHost.getParentComponent();
        if (!connected.add(component)) {
            return null; // the component's first host candidate has its connection already
        }
        try {
            TurnStreamSocket socket = new TurnStreamSocket(connect(), stunServer);
            sockets.add(socket);
            HostCandidate base = new HostCandidate(new IceUdpSocketWrapper(new MultiplexingDatagramSocket(socket)),
                    component, Transport.UDP);
            getStunStack().addSocket(base.getStunSocket(null));
            return base;
        } catch (IOException e) {
            LOG.warn("TURN server {} not reachable over {}: {}", this, tls == null ? "TCP" : "TLS", e.toString());
            return null;
        }
    }

    private Socket connect() throws IOException {
        Socket tcp = new Socket();
        try {
            tcp.setTcpNoDelay(true); // media packets, one at a time
            tcp.connect(new InetSocketAddress(stunServer.getAddress(), stunServer.getPort()), CONNECT_TIMEOUT_MS);
            if (tls == null) {
                return tcp;
            }
            SSLSocket s = (SSLSocket) tls.createSocket(tcp, host, stunServer.getPort(), true);
            SSLParameters parameters = s.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
            if (!host.matches("[0-9.]+") && !host.contains(":")) { // SNI names hosts, not address literals
                parameters.setServerNames(List.of(new SNIHostName(host)));
            }
            s.setSSLParameters(parameters);
            s.setSoTimeout(CONNECT_TIMEOUT_MS);
            s.startHandshake();
            s.setSoTimeout(0);
            return s;
        } catch (IOException | RuntimeException e) {
            tcp.close();
            throw e;
        }
    }

    @Override
    protected TurnCandidateHarvest createHarvest(HostCandidate base) {
        return new Harvest(this, base);
    }

    /** Closes the connections (the server then drops their allocations). */
    void close() {
        sockets.forEach(TurnStreamSocket::close);
    }

    @Override
    public String toString() {
        return host + ":" + stunServer.getPort() + "/" + (tls == null ? "tcp" : "tls");
    }

    /** ice4j's TURN harvest without the server-reflexive candidate (the mapping is the TCP connection's). */
    private static final class Harvest extends TurnCandidateHarvest {
        Harvest(TurnCandidateHarvester harvester, HostCandidate base) {
            super(harvester, base);
        }

        @Override
        protected ServerReflexiveCandidate createServerReflexiveCandidate(TransportAddress address) {
            return null;
        }

        /** Under the lock of {@link SerialHarvests}: ice4j's component is not safe for two harvests at once. */
        @Override
        protected void createCandidates(Response response) {
            synchronized (SerialHarvests.CANDIDATES) {
                super.createCandidates(response);
            }
        }
    }
}

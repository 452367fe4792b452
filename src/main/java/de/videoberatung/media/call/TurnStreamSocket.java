package de.videoberatung.media.call;

import de.videoberatung.threads.NamedThreads;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A datagram socket whose one peer, a TURN server, is reached over a TCP or TLS connection: ice4j's TURN
 * client (allocation, refreshes, permissions, channels) runs on it unchanged, as over UDP.
 *
 * <p>TURN over a stream (RFC 5766 section 2.1) frames nothing extra: a STUN message carries its length in
 * its 20-byte header, a ChannelData message in its 4-byte header and is padded to a multiple of four on a
 * stream (section 11.5). That is not ICE-TCP's RFC 4571 length prefix, which ice4j's TCP sockets write, so
 * those cannot talk to a TURN server.
 *
 * <p>The socket holds a UDP port on the connection's local address that it never reads: ice4j's STUN stack
 * keys its sockets by local address, and the reservation keeps this one's unique among the host's UDP sockets.
 */
final class TurnStreamSocket extends DatagramSocket {

    private static final Logger LOG = LoggerFactory.getLogger(TurnStreamSocket.class);
    private static final int STUN_HEADER = 20;
    private static final int CHANNEL_DATA_HEADER = 4;
    /** What arrives while nobody reads is dropped beyond this, as a full UDP receive buffer would. */
    private static final int QUEUE = 512;
    private static final byte[] CLOSED = new byte[0];
    private static final byte[] PADDING = new byte[3];
    /** Larger than any media packet: one flush per message. */
    private static final int SEND_BUFFER = 8192;

    private final Socket connection;
    private final InetSocketAddress server;
    private final OutputStream out;
    private final BlockingQueue<byte[]> received = new ArrayBlockingQueue<>(QUEUE);
    private volatile boolean closed;

    /**
     * @param connection connected (and for TLS, handshaken) to the TURN server
     * @param server the server's address as ice4j knows it: received messages come "from" there
     */
    TurnStreamSocket(Socket connection, InetSocketAddress server) throws IOException {
        super(new InetSocketAddress(connection.getLocalAddress(), 0));
        this.connection = connection;
        this.server = server;
        // A message and its padding leave in one segment (TCP_NODELAY would send each write on its own).
        this.out = new BufferedOutputStream(connection.getOutputStream(), SEND_BUFFER);
        DataInputStream in = new DataInputStream(connection.getInputStream());
        NamedThreads.start("turn-stream-" + server.getPort() + "-" + connection.getLocalPort(),
                () -> read(in));
    }

    private void read(DataInputStream in) {
        try {
            while (!closed) {
                byte[] message = readMessage(in);
                if (!received.offer(message)) {
                    LOG.debug("TURN stream {}: receive queue full, message dropped", server);
                }
            }
        } catch (EOFException e) {
            LOG.info("TURN server {} closed the connection", server);
        } catch (IOException e) {
            if (!closed) {
                LOG.info("TURN connection to {} lost: {}", server, e.toString());
            }
        } finally {
            closed = true;
            try {
                connection.close(); // after a framing error there is no way back into step; the server frees the allocation
            } catch (IOException e) {
                LOG.debug("closing the TURN connection to {}: {}", server, e.toString());
            }
            received.clear();
            received.offer(CLOSED);
        }
    }

    /** One STUN or ChannelData message from the stream, without ChannelData's padding. */
    static byte[] readMessage(DataInputStream in) throws IOException {
        byte[] head = new byte[CHANNEL_DATA_HEADER];
        in.readFully(head);
        int length = ((head[2] & 0xff) << 8) | (head[3] & 0xff);
        int kind = head[0] & 0xc0;
        byte[] message;
        if (kind == 0x00) {
            message = new byte[STUN_HEADER + length];
        } else if (kind == 0x40) {
            message = new byte[CHANNEL_DATA_HEADER + length];
        } else {
            throw new IOException("neither STUN nor ChannelData on the TURN stream");
        }
        System.arraycopy(head, 0, message, 0, head.length);
        in.readFully(message, head.length, message.length - head.length);
        if (kind == 0x40) {
            in.skipNBytes(padding(length));
        }
        return message;
    }

    private static int padding(int length) {
        return (4 - length % 4) % 4;
    }

    @Override
    public void send(DatagramPacket p) throws IOException {
        if (closed) {
            throw new SocketException("TURN connection closed");
        }
        if (!server.equals(p.getSocketAddress())) {
            // Everything goes through the server; a datagram for anyone else has no way on this stream.
            throw new SocketException("only the TURN server is reachable on this socket");
        }
        byte[] data = p.getData();
        int offset = p.getOffset();
        int length = p.getLength();
        boolean channelData = length >= CHANNEL_DATA_HEADER && (data[offset] & 0xc0) == 0x40;
        synchronized (out) {
            out.write(data, offset, length);
            if (channelData) {
                int payload = ((data[offset + 2] & 0xff) << 8) | (data[offset + 3] & 0xff);
                out.write(PADDING, 0, padding(payload));
            }
            out.flush();
        }
    }

    /** The next message from the server; honours {@link #setSoTimeout} as a UDP socket does. */
    @Override
    public void receive(DatagramPacket p) throws IOException {
        byte[] message;
        try {
            int timeout = getSoTimeout();
            message = timeout > 0 ? received.poll(timeout, TimeUnit.MILLISECONDS) : received.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SocketException("interrupted");
        }
        if (message == null) {
            throw new SocketTimeoutException("no message from the TURN server");
        }
        if (message == CLOSED) {
            received.offer(CLOSED); // for the next reader too
            throw new SocketException("TURN connection closed");
        }
        int length = Math.min(message.length, p.getData().length - p.getOffset());
        System.arraycopy(message, 0, p.getData(), p.getOffset(), length);
        p.setLength(length);
        p.setSocketAddress(server);
    }

    /** True once the connection is gone (closed here, by the server, or broken). */
    boolean connectionClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        try {
            connection.close();
        } catch (IOException e) {
            LOG.debug("closing the TURN connection to {}: {}", server, e.toString());
        }
        received.offer(CLOSED);
        super.close();
    }
}

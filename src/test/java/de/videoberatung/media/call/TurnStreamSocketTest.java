package de.videoberatung.media.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * TURN's framing on a stream (RFC 5766 sections 2.1 and 11.5) between the socket and the other end of a real
 * loopback TCP connection: what ice4j's TURN client sends as datagrams goes out as the server expects it, and
 * what the server writes comes back as whole messages.
 */
class TurnStreamSocketTest {

    private ServerSocket listener;
    private Socket serverSide;
    private TurnStreamSocket socket;
    private InetSocketAddress server;

    @BeforeEach
    void connect() throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        server = new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        Socket client = new Socket(server.getAddress(), server.getPort());
        serverSide = listener.accept();
        socket = new TurnStreamSocket(client, server);
    }

    @AfterEach
    void close() throws IOException {
        socket.close();
        serverSide.close();
        listener.close();
    }

    @Test
    void stunGoesOutAsItIsAndChannelDataIsPaddedToFourBytes() throws IOException {
        byte[] binding = stun(8);
        byte[] channelData = {0x40, 0x00, 0x00, 0x05, 1, 2, 3, 4, 5};
        socket.send(new DatagramPacket(binding, binding.length, server));
        socket.send(new DatagramPacket(channelData, channelData.length, server));

        DataInputStream in = new DataInputStream(serverSide.getInputStream());
        byte[] first = new byte[binding.length];
        in.readFully(first);
        assertThat(first).isEqualTo(binding);
        byte[] second = new byte[12];
        in.readFully(second);
        assertThat(second).isEqualTo(new byte[] {0x40, 0x00, 0x00, 0x05, 1, 2, 3, 4, 5, 0, 0, 0});
    }

    @Test
    void whatTheServerWritesArrivesAsWholeMessagesFromTheServerWithoutPadding() throws IOException {
        byte[] response = stun(12);
        OutputStream out = serverSide.getOutputStream();
        out.write(Arrays.copyOfRange(response, 0, 7)); // a stream splits where it likes
        out.flush();
        out.write(Arrays.copyOfRange(response, 7, response.length));
        out.write(new byte[] {0x40, 0x01, 0x00, 0x03, 9, 8, 7, 0, 0x7f, 0x00, 0x00, 0x04, 1, 2, 3, 4});
        out.flush();

        assertThat(receive()).isEqualTo(response);
        assertThat(receive()).isEqualTo(new byte[] {0x40, 0x01, 0x00, 0x03, 9, 8, 7});
        assertThat(receive()).isEqualTo(new byte[] {0x7f, 0x00, 0x00, 0x04, 1, 2, 3, 4});
    }

    @Test
    void onlyTheServerCanBeReached() {
        byte[] data = stun(0);
        InetSocketAddress someoneElse = new InetSocketAddress(InetAddress.getLoopbackAddress(), 9);
        assertThatThrownBy(() -> socket.send(new DatagramPacket(data, data.length, someoneElse)))
                .isInstanceOf(SocketException.class);
    }

    @Test
    void withNothingFromTheServerReceiveTimesOutAsAUdpSocketDoes() throws IOException {
        socket.setSoTimeout(20);
        assertThatThrownBy(this::receive).isInstanceOf(SocketTimeoutException.class);
    }

    @Test
    void whenTheServerClosesTheConnectionReceivingEnds() throws IOException {
        serverSide.close();
        assertThatThrownBy(this::receive).isInstanceOf(SocketException.class).hasMessageContaining("closed");
        assertThatThrownBy(this::receive).as("for every reader").isInstanceOf(SocketException.class);
    }

    @Test
    void somethingThatIsNeitherStunNorChannelDataEndsTheConnection() throws IOException {
        serverSide.getOutputStream().write(new byte[] {(byte) 0x80, 0, 0, 0});
        assertThatThrownBy(this::receive).isInstanceOf(SocketException.class);
        assertThat(socket.connectionClosed()).isTrue();
    }

    private byte[] receive() throws IOException {
        DatagramPacket p = new DatagramPacket(new byte[1500], 1500);
        socket.receive(p);
        assertThat(p.getSocketAddress()).isEqualTo(server);
        return Arrays.copyOf(p.getData(), p.getLength());
    }

    /** A STUN Binding request header (RFC 5389) with {@code attributes} bytes after it. */
    private static byte[] stun(int attributes) {
        byte[] m = new byte[20 + attributes];
        m[1] = 0x01;
        m[3] = (byte) attributes;
        m[4] = 0x21;
        m[5] = 0x12;
        m[6] = (byte) 0xa4;
        m[7] = 0x42;
        for (int i = 20; i < m.length; i++) {
            m[i] = (byte) i;
        }
        return m;
    }
}

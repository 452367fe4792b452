package de.videoberatung.testsupport.netlab;

import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * One TUN device (IPv4 packets without a packet-information header) held open by this JVM: the
 * device exists as long as it is open, so closing it also removes the interface, wherever it was moved.
 */
final class Tun implements AutoCloseable {

    private static final long TUNSETIFF = 0x400454caL;
    private static final short IFF_TUN = 0x0001;
    private static final short IFF_NO_PI = 0x1000;

    private final String name;
    private final int fd;
    private volatile boolean closed;

    private Tun(String name, int fd) {
        this.name = name;
        this.fd = fd;
    }

    /** Creates the device {@code name} (at most 15 characters) in this process's network namespace. */
    static Tun create(String name) throws IOException {
        int fd = LibC.INSTANCE.open("/dev/net/tun", LibC.O_RDWR);
        if (fd < 0) {
            throw new IOException("cannot open /dev/net/tun (errno " + Native.getLastError() + "; root needed)");
        }
        byte[] ifreq = new byte[40];
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(n, 0, ifreq, 0, Math.min(15, n.length));
        short flags = (short) (IFF_TUN | IFF_NO_PI);
        ifreq[16] = (byte) flags;
        ifreq[17] = (byte) (flags >> 8);
        if (LibC.INSTANCE.ioctl(fd, new NativeLong(TUNSETIFF), ifreq) < 0) {
            int errno = Native.getLastError();
            LibC.INSTANCE.close(fd);
            throw new IOException("TUNSETIFF " + name + " failed (errno " + errno + ")");
        }
        return new Tun(name, fd);
    }

    String name() {
        return name;
    }

    /**
     * Waits up to {@code timeoutMillis} for a packet and reads it into {@code buffer}.
     *
     * @return the packet's length, 0 if none arrived in time, -1 once the device is closed
     */
    int read(byte[] buffer, int timeoutMillis) throws IOException {
        if (closed) {
            return -1;
        }
        byte[] pollfd = new byte[8];
        pollfd[0] = (byte) fd;
        pollfd[1] = (byte) (fd >> 8);
        pollfd[2] = (byte) (fd >> 16);
        pollfd[3] = (byte) (fd >> 24);
        pollfd[4] = (byte) LibC.POLLIN;
        int ready = LibC.INSTANCE.poll(pollfd, 1, timeoutMillis);
        if (closed) {
            return -1;
        }
        if (ready < 0) {
            int errno = Native.getLastError();
            if (errno == 4) { // EINTR
                return 0;
            }
            throw new IOException("poll on " + name + " failed (errno " + errno + ")");
        }
        if (ready == 0) {
            return 0;
        }
        long n = LibC.INSTANCE.read(fd, buffer, new NativeLong(buffer.length)).longValue();
        if (n < 0) {
            if (closed) {
                return -1;
            }
            throw new IOException("read on " + name + " failed (errno " + Native.getLastError() + ")");
        }
        return (int) n;
    }

    /** Hands a packet to the kernel as if it had arrived on this interface. */
    void write(byte[] packet, int length) throws IOException {
        if (closed) {
            return;
        }
        long n = LibC.INSTANCE.write(fd, packet, new NativeLong(length)).longValue();
        if (n < 0 && !closed) {
            int errno = Native.getLastError();
            if (errno != 5) { // EIO: the interface is down for a moment, as a real link may be
                throw new IOException("write on " + name + " failed (errno " + errno + ")");
            }
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            LibC.INSTANCE.close(fd);
        }
    }
}

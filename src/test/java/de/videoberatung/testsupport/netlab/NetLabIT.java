package de.videoberatung.testsupport.netlab;

import static org.assertj.core.api.Assertions.assertThat;

import de.videoberatung.testsupport.Coturn;
import de.videoberatung.testsupport.Poll;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The harness itself, checked with UDP before any call result is trusted: the shaped links deliver their
 * profile's rate, delay, jitter and loss (within stated tolerances); a cut silences the link and restoring
 * it brings it back; the customer can move to a new address; the strict firewall leaves only TCP to the
 * TURN port, and coturn on the lab allocates with fresh REST-API credentials and refuses expired ones.
 * Needs root, iproute2, nftables and coturn.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES) // per test: a hung browser or tool must not hold the run
class NetLabIT {

    @Test
    void profileBDeliversItsRateDelayAndLoss() throws IOException {
        try (NetLab lab = NetLab.start(LinkProfile.B)) {
            LinkCheck.Measured m = LinkCheck.measure(lab);
            System.out.println("BENCH-CHECK " + LinkProfile.B.name() + ": " + m);
            // what arrives under a flood: tbf's 500 kbit/s less the relay's 2 % loss (490), within 10 %;
            // RTT = 2 x 80 ms plus serialisation and scheduling, under 15 ms more
            assertThat(m.rateKbps()).isBetween(440.0, 540.0);
            assertThat(m.rttMedianMs()).isBetween(160.0, 175.0);
            // 600 packets at 2 %: one standard deviation is 0.57 points
            assertThat(m.lossPercent()).isBetween(0.3, 4.0);
        }
    }

    @Test
    void profileCDeliversItsJitter() throws IOException {
        try (NetLab lab = NetLab.start(LinkProfile.C)) {
            LinkCheck.Measured m = LinkCheck.measure(lab);
            System.out.println("BENCH-CHECK " + LinkProfile.C.name() + ": " + m);
            // 300 kbit/s less 5 % loss (285), within 12 % (the jitter blurs a 2 s measurement)
            assertThat(m.rateKbps()).isBetween(250.0, 320.0);
            // two directions of 150 +- 30 ms: the median near 300, the spread most of the +-60 ms
            // (packets keep their order, which pushes the median a little above 300)
            assertThat(m.rttMedianMs()).isBetween(290.0, 330.0);
            assertThat(m.rttMaxMs() - m.rttMinMs()).isGreaterThan(50.0);
            assertThat(m.rttMinMs()).isGreaterThan(238.0);
            assertThat(m.lossPercent()).isBetween(2.5, 8.0);
        }
    }

    @Test
    void aCutSilencesTheLinkAndTheCustomerCanMoveToANewAddress() throws IOException {
        try (NetLab lab = NetLab.start(LinkProfile.UNSHAPED);
             DatagramSocket root = new DatagramSocket(new InetSocketAddress(NetLab.rootAddress(), 0))) {
            InetSocketAddress rootEnd = (InetSocketAddress) root.getLocalSocketAddress();
            root.setSoTimeout(300);
            DatagramSocket customer = lab.inCustomerNamespace(() -> new DatagramSocket(0));
            try (customer) {
                assertThat(roundTrip(customer, rootEnd, root)).as("link up").isTrue();
                lab.cut(true);
                assertThat(roundTrip(customer, rootEnd, root)).as("link cut").isFalse();
                lab.cut(false);
                assertThat(roundTrip(customer, rootEnd, root)).as("link restored").isTrue();

                InetAddress before = lab.customerAddress();
                InetAddress after = lab.changeCustomerAddress();
                assertThat(after).isNotEqualTo(before);
                assertThat(lab.inCustomerNamespace("ip", "-4", "addr")).contains(after.getHostAddress() + "/24")
                        .doesNotContain(before.getHostAddress() + "/");
                DatagramPacket p = new DatagramPacket(new byte[16], 16, rootEnd);
                customer.send(p);
                DatagramPacket in = new DatagramPacket(new byte[16], 16);
                root.receive(in);
                assertThat(in.getAddress()).as("the customer now comes from its new address").isEqualTo(after);
            }
        }
    }

    @Test
    void behindTheStrictFirewallOnlyTcpToTurnWorksAndCoturnChecksCredentials() throws IOException {
        try (NetLab lab = NetLab.start(LinkProfile.A);
             DatagramSocket root = new DatagramSocket(new InetSocketAddress(NetLab.rootAddress(), 0))) {
            Coturn coturn = lab.startCoturn("geheim-" + System.nanoTime());
            InetSocketAddress rootEnd = (InetSocketAddress) root.getLocalSocketAddress();
            root.setSoTimeout(300);
            DatagramSocket customer = lab.inCustomerNamespace(() -> new DatagramSocket(0));
            try (customer) {
                assertThat(roundTrip(customer, rootEnd, root)).as("UDP before the firewall").isTrue();
                lab.blockUdpExceptTcpTo(Coturn.PORT);
                long dropsBefore = lab.firewallDrops();
                assertThat(roundTrip(customer, rootEnd, root)).as("UDP behind the firewall").isFalse();
                assertThat(lab.firewallDrops()).isGreaterThan(dropsBefore);
            }
            Coturn.Credentials fresh = coturn.credentials("kunde", Instant.now().plusSeconds(600));
            Coturn.Credentials expired = coturn.credentials("kunde", Instant.now().minusSeconds(60));
            String server = NetLab.rootAddress().getHostAddress();
            // The allocation itself is what counts (coturn logs it); the client's data phase may be slow under load.
            long before = coturn.allocations();
            uclient(lab, false, fresh, server);
            assertThat(coturn.allocations()).as("no allocation over UDP: it is blocked").isEqualTo(before);
            uclient(lab, true, fresh, server);
            assertThat(coturn.allocations()).as("allocation over TCP with fresh credentials: %s", coturn.log())
                    .isGreaterThan(before);
            long afterFresh = coturn.allocations();
            assertThat(uclient(lab, true, expired, server)).as("expired credentials").isNotEqualTo(0);
            assertThat(coturn.allocations()).as("no allocation with expired credentials").isEqualTo(afterFresh);
            Poll.until("coturn logged the refusal", Duration.ofSeconds(5), () -> coturn.log().contains("401"));
        }
    }

    private static int uclient(NetLab lab, boolean tcp, Coturn.Credentials c, String server) throws IOException {
        String[] base = {"ip", "netns", "exec", lab.namespace(), "timeout", "10", "turnutils_uclient",
            "-n", "1", "-m", "1", "-y", "-u", c.username(), "-w", c.password()};
        String[] command = new String[base.length + (tcp ? 2 : 1)];
        System.arraycopy(base, 0, command, 0, base.length);
        if (tcp) {
            command[base.length] = "-t";
        }
        command[command.length - 1] = server;
        return Shell.tryRun(command).exitCode();
    }

    /** Sends from the customer's socket and waits up to 300 ms for the root side to get it. */
    private static boolean roundTrip(DatagramSocket from, InetSocketAddress to, DatagramSocket receiver)
            throws IOException {
        try {
            from.send(new DatagramPacket(new byte[] {1, 2, 3}, 3, to));
        } catch (IOException e) {
            return false; // EPERM: the firewall refused it on the way out
        }
        try {
            receiver.receive(new DatagramPacket(new byte[16], 16));
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }
}

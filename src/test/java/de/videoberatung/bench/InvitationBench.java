package de.videoberatung.bench;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.management.OperatingSystemMXBean;
import de.videoberatung.api.ApiClient;
import de.videoberatung.api.AppointmentDraft;
import de.videoberatung.api.Channel;
import de.videoberatung.server.ConsultationServer;
import de.videoberatung.server.ServerOptions;
import de.videoberatung.server.invitations.InvitationOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * Invitations for 2,000 appointments: created one by one through the API (as a scheduling system would), each
 * with an e-mail address; time from the first create until GreenMail (a real SMTP server on loopback) holds all
 * 2,000 mails, the API's create rate meanwhile, and CPU: the whole process (server and GreenMail in one JVM) and
 * the server's sending thread alone ({@code invitation-outbox}), each as CPU time / wall time.
 * Run: {@code mvn -B -Pbench -DskipTests verify -Dbench.main=de.videoberatung.bench.InvitationBench}
 */
public final class InvitationBench {

    static final int APPOINTMENTS = 2_000;
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private InvitationBench() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : APPOINTMENTS;
        Path dir = Files.createTempDirectory("invitation-bench");
        GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        InvitationOptions mail = InvitationOptions.off().withMail("127.0.0.1", smtp.getSmtp().getPort(), false,
                null, null, "videoberatung@jobcenter.example").withContact("Telefon 0441 1234-0");
        try (ConsultationServer server = ConsultationServer.create(ServerOptions.builder(dir).demo(true)
                .demoTime(LocalTime.of(7, 0)).publicUrl(URI.create("https://beratung.jobcenter.example/"))
                .invitations(mail).build()).start()) {
            ApiClient api = new ApiClient(server.baseUri());
            api.login("demo.berater", "demo");
            // Warm-up: the first mail loads ical4j's zone data and Jakarta Mail.
            api.createAppointment(draft(0, LocalDate.now(BERLIN).plusDays(1).atTime(7, 0).atZone(BERLIN)));
            await(smtp, 1, Duration.ofMinutes(2));

            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long outbox = outboxThread(threads);
            long outboxCpu0 = threads.getThreadCpuTime(outbox);
            long processCpu0 = processCpu();
            long t0 = System.nanoTime();
            LocalDate first = LocalDate.now(BERLIN).plusDays(2);
            for (int i = 0; i < count; i++) {
                // 50 a day, every 10 minutes from 08:00, on the following days.
                ZonedDateTime start = first.plusDays(i / 50).atTime(8, 0).plusMinutes(10L * (i % 50)).atZone(BERLIN);
                api.createAppointment(draft(i + 1, start));
            }
            long created = System.nanoTime() - t0;
            await(smtp, count + 1, Duration.ofMinutes(30));
            long all = System.nanoTime() - t0;
            double outboxCpu = (threads.getThreadCpuTime(outbox) - outboxCpu0) / 1e9;
            double processCpu = (processCpu() - processCpu0) / 1e9;
            double wall = all / 1e9;
            System.out.printf("invitations: %d appointments created through the API in %.1f s (%.0f/s)%n", count,
                    created / 1e9, count / (created / 1e9));
            System.out.printf("invitations: all %d mails at the SMTP server %.1f s after the first create "
                    + "(%.0f mails/s)%n", count, wall, count / wall);
            System.out.printf("invitations: CPU process %.1f s = %.0f %% of one core (server + GreenMail + client), "
                    + "sending thread %.1f s = %.0f %%%n", processCpu, 100 * processCpu / wall, outboxCpu,
                    100 * outboxCpu / wall);
            System.out.printf("invitations: load average %.1f%n",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        } finally {
            smtp.stop();
        }
    }

    static AppointmentDraft draft(int n, ZonedDateTime start) {
        return new AppointmentDraft(null, "Kundin " + n, String.format("%03dA%06d", n % 1000, n), "kundin" + n
                + "@mail.example", null, null, "Beratung", Channel.VIDEO, start.toInstant(),
                start.plusMinutes(10).toInstant(), null, true);
    }

    static void await(GreenMail smtp, int mails, Duration timeout) {
        if (!smtp.waitForIncomingEmail(timeout.toMillis(), mails)) {
            throw new IllegalStateException("only " + smtp.getReceivedMessages().length + " of " + mails);
        }
    }

    static long outboxThread(ThreadMXBean threads) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("invitation-outbox"))
                .findFirst().orElseThrow().getId();
    }

    static long processCpu() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}

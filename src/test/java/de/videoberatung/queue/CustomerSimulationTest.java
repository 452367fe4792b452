package de.videoberatung.queue;

import static org.assertj.core.api.Assertions.assertThat;

import de.videoberatung.api.Appointment;
import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.api.Channel;
import de.videoberatung.i18n.Messages;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** "Kundin/Kunden simulieren": which rows offer it, what it opens, and what the advisor reads either way. */
class CustomerSimulationTest {

    static final String LINK = "http://127.0.0.1:8080/j/abcdefghijklmnop";
    final List<URI> opened = new ArrayList<>();
    final List<String> notices = new ArrayList<>();
    final List<String> threads = new ArrayList<>();
    /** Records on which executor the work ran, and runs it at once. */
    final Executor background = r -> {
        threads.add("background");
        r.run();
    };
    final Executor fx = r -> {
        threads.add("fx");
        r.run();
    };

    @Test
    void aScheduledVideoAppointmentOpensItsJoinLinkInTheBrowserOffTheFxThread() {
        CustomerSimulation simulation = new CustomerSimulation(opened::add, Messages.german(), background, fx,
                notices::add);
        Appointment a = appointment(Channel.VIDEO, AppointmentStatus.SCHEDULED, LINK);

        assertThat(simulation.canSimulate(a)).isTrue();
        simulation.simulate(a);

        assertThat(opened).containsExactly(URI.create(LINK));
        assertThat(threads).containsExactly("background", "fx");
        assertThat(notices).singleElement().asString().startsWith("Der Einladungslink von Frau Test ist im Browser");
    }

    @Test
    void withoutABrowserTheAdvisorReadsWhatToDoInstead() {
        CustomerSimulation simulation = new CustomerSimulation(uri -> {
            throw new IOException("xdg-open found no browser (exit 3)");
        }, Messages.german(), background, fx, notices::add);

        simulation.simulate(appointment(Channel.VIDEO, AppointmentStatus.SCHEDULED, LINK));

        assertThat(notices).containsExactly("Auf diesem Computer ließ sich kein Browser öffnen. Kopieren Sie den Link "
                + "mit „Link kopieren“ und öffnen Sie ihn in Chrome, Edge oder Firefox.");
    }

    @Test
    void onlyVideoAppointmentsStillToComeWithALinkAreOffered() {
        CustomerSimulation simulation = new CustomerSimulation(opened::add, Messages.german(), background, fx,
                notices::add);
        List<Appointment> notOffered = List.of(appointment(Channel.PHONE, AppointmentStatus.SCHEDULED, null),
                appointment(Channel.ON_SITE, AppointmentStatus.SCHEDULED, null),
                appointment(Channel.VIDEO, AppointmentStatus.COMPLETED, LINK),
                appointment(Channel.VIDEO, AppointmentStatus.CUSTOMER_WAITING, LINK),
                appointment(Channel.VIDEO, AppointmentStatus.SCHEDULED, null));
        for (Appointment a : notOffered) {
            assertThat(simulation.canSimulate(a)).as("%s %s", a.channel(), a.status()).isFalse();
            simulation.simulate(a);
        }
        assertThat(simulation.canSimulate(null)).isFalse();
        assertThat(opened).isEmpty();
        assertThat(notices).isEmpty();
    }

    static Appointment appointment(Channel channel, AppointmentStatus status, String link) {
        Instant start = Instant.parse("2026-12-01T07:00:00Z");
        return new Appointment(1, 2, "Anna Becker", "Frau Test", "123A456789", null, "Termin", channel, start,
                start.plusSeconds(1800), status, null, link, null, null, null, null, null, false, start);
    }
}

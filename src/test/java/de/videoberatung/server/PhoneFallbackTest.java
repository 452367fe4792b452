package de.videoberatung.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.videoberatung.api.ApiClient;
import de.videoberatung.api.ApiException;
import de.videoberatung.api.Appointment;
import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.api.Channel;
import de.videoberatung.api.PageSignal;
import de.videoberatung.api.StatusChange;
import de.videoberatung.testsupport.CustomerPage;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Video does not work: the advisor carries on by phone on the same appointment (real server on loopback). */
class PhoneFallbackTest {

    @TempDir
    static Path data;
    static ConsultationServer server;
    static ApiClient advisor;
    static final LocalDate TODAY = LocalDate.now(ZoneId.of("Europe/Berlin"));

    @BeforeAll
    static void start() throws ApiException {
        server = ConsultationServer.create(ServerOptions.builder(data).demo(true).demoTime(LocalTime.of(7, 0))
                .build()).start();
        advisor = new ApiClient(server.baseUri());
        advisor.login("demo.berater", "demo");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aWaitingVideoCustomerIsCalledByPhoneAndTheLinkStopsWorking() throws Exception {
        Appointment video = videoAppointments().get(0);
        CustomerPage page = CustomerPage.open(video);
        assertThat(page.next(PageSignal.Welcome.class).status()).isEqualTo(AppointmentStatus.CUSTOMER_WAITING);

        Appointment byPhone = advisor.switchToPhone(video.id());

        assertThat(byPhone.channel()).isEqualTo(Channel.PHONE);
        assertThat(byPhone.status()).isEqualTo(AppointmentStatus.IN_CALL);
        assertThat(byPhone.customerPhone()).isNotBlank();
        assertThat(joinState(video).statusCode()).as("the old video link").isEqualTo(404);
        assertThatThrownBy(() -> advisor.switchToPhone(video.id()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("NOT_VIDEO"));

        Appointment done = advisor.changeStatus(video.id(), StatusChange.to(AppointmentStatus.COMPLETED));
        assertThat(done.durationSeconds()).isNotNull();
    }

    @Test
    void onlyAWaitingOrRunningVideoAppointmentOfOneselfCanFallBack() throws Exception {
        Appointment scheduled = videoAppointments().get(1);
        assertThatThrownBy(() -> advisor.switchToPhone(scheduled.id()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("NOT_IN_CALL"));
        ApiClient lead = new ApiClient(server.baseUri());
        lead.login("demo.teamleitung", "demo");
        assertThatThrownBy(() -> lead.switchToPhone(scheduled.id()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    private static List<Appointment> videoAppointments() throws ApiException {
        return advisor.appointments(TODAY).stream()
                .filter(a -> a.channel() == Channel.VIDEO && a.status() == AppointmentStatus.SCHEDULED).toList();
    }

    private static HttpResponse<String> joinState(Appointment a) throws Exception {
        String token = a.joinUrl().substring(a.joinUrl().lastIndexOf('/') + 1);
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.baseUri().resolve("api/v1/join/" + token))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}

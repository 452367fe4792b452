package de.videoberatung.server.invitations;

import static org.assertj.core.api.Assertions.assertThat;

import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.api.Channel;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Every language's templates are complete: each message renders with no placeholder left and the link in it. */
class CustomerTextsTest {

    static final String LINK = "https://beratung.jobcenter.example/j/abc";

    @Test
    void everyLanguageHasEveryMessageWithItsFactsFilledIn() {
        CustomerTexts texts = new CustomerTexts(ZoneId.of("Europe/Berlin"), null, Duration.ofMinutes(15));
        for (String language : CustomerTexts.LANGUAGES) {
            CustomerAppointment a = new CustomerAppointment(1, "Anna Becker", Channel.VIDEO,
                    AppointmentStatus.SCHEDULED, Instant.parse("2026-12-03T09:30:00Z"),
                    Instant.parse("2026-12-03T10:00:00Z"), "k@mail.example", "01701234567", language, "abc");
            for (MessageKind kind : MessageKind.values()) {
                String link = kind == MessageKind.CANCELLATION ? null : LINK;
                CustomerTexts.Mail mail = texts.mail(kind, a, link);
                String sms = texts.sms(kind, a, link);
                assertThat(mail.subject() + mail.body() + sms).as("%s %s", language, kind)
                        .doesNotContain("{", "}").contains("10:30");
                assertThat(mail.body()).as("%s %s", language, kind).contains("Anna Becker");
                if (link != null) {
                    assertThat(mail.body()).contains(LINK);
                    assertThat(sms).contains(LINK);
                }
            }
            assertThat(texts.calendarSummary(a)).isNotBlank();
            assertThat(texts.calendarDescription(a, LINK)).contains(LINK);
        }
        assertThat(CustomerTexts.language("TR")).isEqualTo("tr");
        assertThat(CustomerTexts.language("uk")).as("no Ukrainian text yet").isEqualTo("de");
        assertThat(CustomerTexts.language(null)).isEqualTo("de");
    }
}

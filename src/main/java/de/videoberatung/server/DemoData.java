package de.videoberatung.server;

import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.api.Channel;
import de.videoberatung.api.NoShowReason;
import de.videoberatung.api.Role;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Random;

/**
 * Seeds demo mode: one team with four advisors and a team lead, and a realistic working day for each
 * advisor. Appointments that ended before the demo's "now" are already completed (or missed), the rest
 * are still to come. Only {@code demo.berater} and {@code demo.teamleitung} can log in (password {@code demo}).
 */
final class DemoData {

    static final String ADVISOR = "demo.berater";
    static final String TEAM_LEAD = "demo.teamleitung";
    static final String PASSWORD = "demo";

    private static final List<String> FIRST_NAMES = List.of("Sabine", "Mehmet", "Julia", "Thomas", "Aylin", "Jan",
            "Olga", "Peter", "Fatma", "Lukas", "Marie", "Dariusz", "Petra", "Kevin", "Svetlana", "Ahmad", "Nicole",
            "Stefan", "Elif", "Andreas", "Maria", "Tobias", "Anja", "Florian", "Irina", "Sven", "Hatice", "Ralf");
    private static final List<String> LAST_NAMES = List.of("Müller", "Yılmaz", "Schmidt", "Kowalski", "Schneider",
            "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Öztürk", "Schulz", "Hoffmann", "Koch", "Richter",
            "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Braun", "Hofmann", "Zimmermann", "Krüger", "Lange",
            "Janssen", "Gerdes", "Popescu", "Ahrens", "Büsing");
    private static final List<String> TOPICS = List.of("Erstgespräch nach Antragstellung",
            "Kooperationsplan besprechen", "Bewerbungsunterlagen durchsehen", "Vermittlungsvorschläge",
            "Weiterbildung mit Bildungsgutschein", "Folgegespräch Arbeitsaufnahme", "Kinderbetreuung und Teilzeit",
            "Sprachkurs und Anerkennung des Abschlusses", "Eingliederungszuschuss für Arbeitgeber",
            "Rückkehr nach Krankheit", "Gründungsberatung", "Maßnahme zur Aktivierung", "Nachfrage zum Bescheid",
            "Ausbildungsplatzsuche");
    /** Start times and lengths of one advisor's day. */
    private static final List<LocalTime> STARTS = List.of(LocalTime.of(8, 0), LocalTime.of(8, 30),
            LocalTime.of(9, 15), LocalTime.of(9, 45), LocalTime.of(10, 30), LocalTime.of(11, 0),
            LocalTime.of(11, 45), LocalTime.of(13, 0), LocalTime.of(13, 30), LocalTime.of(14, 15),
            LocalTime.of(15, 0), LocalTime.of(15, 30));
    private static final List<Channel> CHANNELS = List.of(Channel.VIDEO, Channel.VIDEO, Channel.PHONE, Channel.VIDEO,
            Channel.ON_SITE, Channel.VIDEO, Channel.VIDEO, Channel.VIDEO, Channel.VIDEO, Channel.ON_SITE,
            Channel.VIDEO, Channel.PHONE);

    private record DemoAdvisor(String username, String displayName, boolean canLogIn) {
    }

    private static final List<DemoAdvisor> ADVISORS = List.of(
            new DemoAdvisor(ADVISOR, "Anna Becker", true),
            new DemoAdvisor("j.hoffmann", "Jonas Hoffmann", false),
            new DemoAdvisor("l.demir", "Leyla Demir", false),
            new DemoAdvisor("m.schulte", "Markus Schulte", false));

    private DemoData() {
    }

    static void seed(AccountStore accounts, AppointmentStore appointments, Tokens tokens, PasswordHasher hasher,
                     ServerOptions options) {
        long team = accounts.createTeam("Team Arbeitsvermittlung Nord");
        accounts.createAccount(TEAM_LEAD, "Katrin Vogel", Role.TEAM_LEAD, team, hasher.hash(PASSWORD));
        LocalDate today = LocalDate.now(options.clock().withZone(options.zone()));
        Instant now = options.demoTime() == null ? options.clock().instant()
                : today.atTime(options.demoTime()).atZone(options.zone()).toInstant();
        // Same day, same people: a stable demo is easier to present and to test.
        Random random = new Random(today.toEpochDay());
        int customer = 0;
        for (DemoAdvisor advisor : ADVISORS) {
            long advisorId = accounts.createAccount(advisor.username(), advisor.displayName(), Role.ADVISOR, team,
                    advisor.canLogIn() ? hasher.hash(PASSWORD) : null);
            for (int i = 0; i < STARTS.size(); i++) {
                ZonedDateTime start = today.atTime(STARTS.get(i)).atZone(options.zone());
                Duration length = Duration.ofMinutes(i % 4 == 0 ? 45 : 30);
                Channel channel = CHANNELS.get((i + customer) % CHANNELS.size());
                String first = FIRST_NAMES.get(random.nextInt(FIRST_NAMES.size()));
                String last = LAST_NAMES.get(random.nextInt(LAST_NAMES.size()));
                NewAppointment a = new NewAppointment(advisorId, team, first + " " + last, customerNumber(random),
                        "0441 " + (200000 + random.nextInt(799999)), TOPICS.get(random.nextInt(TOPICS.size())),
                        channel, start.toInstant(), start.plus(length).toInstant());
                long id = appointments.insert(a, channel == Channel.VIDEO ? tokens.next() : null, now);
                if (a.endsAt().isBefore(now)) {
                    completeInThePast(appointments, id, a, advisorId, customer % 7 == 3);
                }
                customer++;
            }
        }
    }

    private static void completeInThePast(AppointmentStore appointments, long id, NewAppointment a, long advisorId,
                                          boolean missed) {
        Instant started = a.startsAt().plusSeconds(60 + (id % 4) * 45);
        Instant ended = a.endsAt().minusSeconds(120 + (id % 5) * 60);
        AppointmentStore.StatusUpdate update = missed
                ? new AppointmentStore.StatusUpdate(AppointmentStatus.SCHEDULED, AppointmentStatus.NO_SHOW,
                        NoShowReason.CUSTOMER_ABSENT, null, null, null, null, advisorId, a.startsAt().plusSeconds(900))
                : new AppointmentStore.StatusUpdate(AppointmentStatus.SCHEDULED, AppointmentStatus.COMPLETED, null,
                        null, started, ended, Duration.between(started, ended).toSeconds(), advisorId, ended);
        appointments.updateStatus(id, update);
    }

    /** A customer number in the Federal Employment Agency's shape: three digits, a letter, six digits. */
    private static String customerNumber(Random random) {
        return String.format("%03d%c%06d", random.nextInt(1000), (char) ('A' + random.nextInt(26)),
                random.nextInt(1_000_000));
    }
}

package de.videoberatung.server;

import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.api.Channel;
import de.videoberatung.api.NoShowReason;
import de.videoberatung.api.Role;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;

/**
 * Seeds demo mode: one team with four advisors and a team lead, and a working day for each advisor around the moment
 * the demo starts ({@link DemoDay}): consultations before now are done (or missed), the advisor one signs in as has a
 * video customer about to arrive and more later, and two colleagues are in a consultation right now for the team
 * lead to see. Only {@code demo.berater} and {@code demo.teamleitung} can log in (password {@code demo}).
 */
final class DemoData {

    static final String ADVISOR = "demo.berater";
    static final String TEAM_LEAD = "demo.teamleitung";
    /** The demo's admin: the Verwaltung with the demo team, for trying it out (docs/accounts.md). */
    static final String ADMIN = "demo.verwaltung";
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
    private static final List<Channel> CHANNELS = List.of(Channel.VIDEO, Channel.VIDEO, Channel.PHONE, Channel.VIDEO,
            Channel.ON_SITE, Channel.VIDEO, Channel.VIDEO, Channel.VIDEO, Channel.VIDEO, Channel.ON_SITE,
            Channel.VIDEO, Channel.PHONE);

    /**
     * @param offset how far this advisor's day is shifted against the signed-in advisor's (live demo only)
     */
    private record DemoAdvisor(String username, String displayName, boolean canLogIn, Duration offset) {
    }

    private static final List<DemoAdvisor> ADVISORS = List.of(
            new DemoAdvisor(ADVISOR, "Anna Becker", true, Duration.ZERO),
            new DemoAdvisor("j.hoffmann", "Jonas Hoffmann", false, Duration.ofMinutes(-15)),
            new DemoAdvisor("l.demir", "Leyla Demir", false, Duration.ofMinutes(10)),
            new DemoAdvisor("m.schulte", "Markus Schulte", false, Duration.ofMinutes(-25)));

    /** What the seed makes of an appointment, given the demo's now. */
    enum Seeded { DONE, MISSED, IN_CALL, LATER }

    private DemoData() {
    }

    static void seed(AccountStore accounts, AppointmentStore appointments, Tokens tokens, PasswordHasher hasher,
                     ServerOptions options) {
        long team = accounts.createTeam("Team Arbeitsvermittlung Nord");
        accounts.createAccount(TEAM_LEAD, "Katrin Vogel", Role.TEAM_LEAD, team, hasher.hash(PASSWORD));
        accounts.createAccount(ADMIN, "Verwaltung Demo", Role.ADMIN, team, hasher.hash(PASSWORD));
        Instant clockNow = options.clock().instant();
        LocalDate today = LocalDate.ofInstant(clockNow, options.zone());
        boolean live = options.demoTime() == null;
        Instant now = live ? clockNow : today.atTime(options.demoTime()).atZone(options.zone()).toInstant();
        // Same day, same people: a stable demo is easier to present and to test.
        Random random = new Random(today.toEpochDay());
        int customer = 0;
        for (DemoAdvisor advisor : ADVISORS) {
            long advisorId = accounts.createAccount(advisor.username(), advisor.displayName(), Role.ADVISOR, team,
                    advisor.canLogIn() ? hasher.hash(PASSWORD) : null);
            List<DemoDay.Planned> day = live ? DemoDay.live(now, options.zone(), advisor.offset())
                    : DemoDay.fixed(today, options.zone());
            boolean nextCustomerPlaced = !live || !advisor.canLogIn();
            for (int i = 0; i < day.size(); i++) {
                DemoDay.Planned slot = day.get(i);
                Channel channel = CHANNELS.get((i + customer) % CHANNELS.size());
                Seeded seeded = seeded(slot, now, advisor.canLogIn(), customer % 7 == 3);
                if (!nextCustomerPlaced && seeded == Seeded.LATER) {
                    // The newcomer's next customer comes by video, so they can take the call themself.
                    channel = Channel.VIDEO;
                    nextCustomerPlaced = true;
                }
                String first = FIRST_NAMES.get(random.nextInt(FIRST_NAMES.size()));
                String last = LAST_NAMES.get(random.nextInt(LAST_NAMES.size()));
                NewAppointment a = new NewAppointment(advisorId, team, first + " " + last, customerNumber(random),
                        "0441 " + (200000 + random.nextInt(799999)), TOPICS.get(random.nextInt(TOPICS.size())),
                        channel, slot.start(), slot.end());
                long id = appointments.insert(a, channel == Channel.VIDEO ? tokens.next() : null, now);
                if (seeded != Seeded.LATER) {
                    appointments.updateStatus(id, pastUpdate(seeded, a, id, advisorId, now));
                }
                customer++;
            }
        }
    }

    /**
     * An appointment that began before now is over for the advisor one signs in as (they cannot have been in a call
     * before the app started), and in progress for a colleague if it has not ended yet.
     */
    static Seeded seeded(DemoDay.Planned slot, Instant now, boolean signedInAdvisor, boolean missed) {
        if (!slot.start().isBefore(now)) {
            return Seeded.LATER;
        }
        if (!signedInAdvisor && slot.end().isAfter(now)) {
            return Seeded.IN_CALL;
        }
        return missed ? Seeded.MISSED : Seeded.DONE;
    }

    private static AppointmentStore.StatusUpdate pastUpdate(Seeded seeded, NewAppointment a, long id, long advisorId,
                                                            Instant now) {
        // Fractions of the time that has passed, so held times stay inside the slot and before now at any squeeze.
        Instant until = a.endsAt().isBefore(now) ? a.endsAt() : now;
        long span = Duration.between(a.startsAt(), until).toMillis();
        Instant started = a.startsAt().plusMillis(span * (2 + id % 4) / 40);
        return switch (seeded) {
            case MISSED -> new AppointmentStore.StatusUpdate(AppointmentStatus.SCHEDULED, AppointmentStatus.NO_SHOW,
                    NoShowReason.CUSTOMER_ABSENT, null, null, null, null, advisorId,
                    a.startsAt().plusMillis(span / 2));
            case IN_CALL -> new AppointmentStore.StatusUpdate(AppointmentStatus.SCHEDULED, AppointmentStatus.IN_CALL,
                    null, null, started, null, null, advisorId, started);
            default -> {
                Instant ended = a.startsAt().plusMillis(span * (34 + id % 5) / 40);
                yield new AppointmentStore.StatusUpdate(AppointmentStatus.SCHEDULED, AppointmentStatus.COMPLETED,
                        null, null, started, ended, Duration.between(started, ended).toSeconds(), advisorId, ended);
            }
        };
    }

    /** A customer number in the Federal Employment Agency's shape: three digits, a letter, six digits. */
    private static String customerNumber(Random random) {
        return String.format("%03d%c%06d", random.nextInt(1000), (char) ('A' + random.nextInt(26)),
                random.nextInt(1_000_000));
    }
}

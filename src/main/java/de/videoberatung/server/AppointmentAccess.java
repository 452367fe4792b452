package de.videoberatung.server;

/**
 * Who may create, edit, cancel and import appointments for whom: the one place for that rule. An advisor for
 * themself, a team lead for the advisors of their team. The switch is exhaustive on purpose: a new role (ADMIN,
 * a service account) does not compile until it is decided here (both: for anyone).
 */
final class AppointmentAccess {

    private AppointmentAccess() {
    }

    static boolean mayWriteFor(Account caller, Account advisor) {
        return switch (caller.role()) {
            case ADVISOR -> caller.id() == advisor.id();
            case TEAM_LEAD -> caller.teamId() == advisor.teamId();
        };
    }
}

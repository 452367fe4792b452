package de.videoberatung.server;

/**
 * Who may create, edit, cancel and import appointments for whom: the one place for that rule. An advisor for
 * themself, a team lead for the advisors of their team, an admin and a service account (the Jobcenter's
 * scheduling system) for anyone. The switch is exhaustive on purpose: a new role does not compile until it is
 * decided here.
 */
final class AppointmentAccess {

    private AppointmentAccess() {
    }

    static boolean mayWriteFor(Account caller, Account advisor) {
        return switch (caller.role()) {
            case ADVISOR -> caller.id() == advisor.id();
            case TEAM_LEAD -> caller.teamId() == advisor.teamId();
            case ADMIN, SERVICE -> true;
        };
    }
}

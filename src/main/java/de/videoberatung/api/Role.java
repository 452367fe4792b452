package de.videoberatung.api;

/** What an account may do. */
public enum Role {
    ADVISOR,
    TEAM_LEAD,
    /** The job centre's IT or the team's administration: users, teams, service tokens; no queue. */
    ADMIN,
    /**
     * A service account (e.g. the scheduling system): signs in with an API token, never with a password, and
     * may only use the appointment endpoints that let it in ({@code Access.SERVICE} on the server).
     */
    SERVICE
}

package de.videoberatung.api;

/** What an account may do. */
public enum Role {
    ADVISOR,
    TEAM_LEAD
}

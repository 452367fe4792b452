package de.videoberatung.api;

/**
 * What the customer's browser found in its short device check before entering the waiting room.
 * Shown to the advisor next to "wartet seit".
 */
public record CustomerCheck(boolean camera, boolean microphone, boolean speaker, String connection) {
}

package de.videoberatung.api;

/** The error body of every failed API call: a stable machine code and a human-readable text. */
public record ApiError(String error, String message) {
}

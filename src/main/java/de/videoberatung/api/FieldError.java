package de.videoberatung.api;

/**
 * One invalid field of a request: which field ({@code customerEmail}, ...) and a stable code the app turns into
 * a German text ({@code INVALID_EMAIL}, ...). Codes: see {@link AppointmentRules}.
 */
public record FieldError(String field, String code) {
}

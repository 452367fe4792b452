package de.videoberatung.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The error body of every failed API call: a stable machine code and a human-readable text. A refused form
 * ({@code INVALID_FIELDS}) lists its invalid fields; a 409 {@code OVERLAP} names the clashing appointment's time
 * (only the time: nothing about the other customer).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, String message, List<FieldError> fields, TimeSlot conflict) {

    public ApiError(String error, String message) {
        this(error, message, null, null);
    }
}

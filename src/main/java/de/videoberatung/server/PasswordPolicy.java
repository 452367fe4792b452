package de.videoberatung.server;

import java.util.Locale;
import java.util.Optional;

/**
 * The minimum a local password must meet, in one place (the API, the command line and a password change all
 * ask here): at least {@link #MIN_LENGTH} characters, not the user name. Directory passwords follow the
 * directory's own policy.
 */
final class PasswordPolicy {

    static final int MIN_LENGTH = 10;

    private PasswordPolicy() {
    }

    /** What is wrong with {@code password} for {@code username}, in a sentence for the operator; empty if fine. */
    static Optional<String> problem(String username, String password) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
            return Optional.of("The password must have at least " + MIN_LENGTH + " characters");
        }
        if (password.isBlank()) {
            return Optional.of("The password must not be blank");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (username != null && lower.contains(username.toLowerCase(Locale.ROOT))) {
            return Optional.of("The password must not contain the user name");
        }
        return Optional.empty();
    }

    /** Refuses a password that does not meet the policy: 400 {@code WEAK_PASSWORD}. */
    static void require(String username, String password) {
        problem(username, password).ifPresent(p -> {
            throw ApiProblem.badRequest("WEAK_PASSWORD", p);
        });
    }
}

package de.videoberatung.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.videoberatung.api.ApiException;

/** Asserts that a call to the server is refused with the contract's status and error code. */
public final class Refusals {

    /** A call that may fail with an {@link ApiException}. */
    @FunctionalInterface
    public interface Call {
        void run() throws Exception;
    }

    private Refusals() {
    }

    public static void assertRefused(Call call, int status, String code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).as(e.getMessage()).isEqualTo(status);
            assertThat(e.code()).isEqualTo(code);
        });
    }
}

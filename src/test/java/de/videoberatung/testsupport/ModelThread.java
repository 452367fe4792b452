package de.videoberatung.testsupport;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The FX thread of a presentation model in a plain unit test, without the JavaFX toolkit: one named thread
 * that runs the model's hand-overs in order. The test acts and reads on it too, so the model's properties
 * are only ever touched by one thread, as in the app.
 */
public final class ModelThread implements Executor, AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "model-fx");
        t.setDaemon(true);
        return t;
    });

    @Override
    public void execute(Runnable work) {
        thread.execute(work);
    }

    /** Runs {@code read} on the model thread after everything handed over before it, and returns its value. */
    public <T> T get(Supplier<T> read) {
        try {
            return thread.submit(read::get).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new AssertionError(e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("the model thread did not answer within " + TIMEOUT.toSeconds() + " s", e);
        }
    }

    /** Runs {@code action} on the model thread, as a click would, and waits for it. */
    public void run(Runnable action) {
        get(() -> {
            action.run();
            return null;
        });
    }

    /** Waits until {@code condition}, read on the model thread, holds. */
    public void until(String description, Supplier<Boolean> condition) {
        Poll.until(description, TIMEOUT, () -> get(condition));
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}

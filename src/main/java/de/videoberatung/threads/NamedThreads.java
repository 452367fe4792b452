package de.videoberatung.threads;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one way the app makes threads: named (so a thread dump and the logs say whose work it is) and daemon
 * (so a forgotten executor never keeps the JVM alive after the window closed; owners still close theirs).
 */
public final class NamedThreads {

    private NamedThreads() {
    }

    /** Daemon threads called {@code name}, then {@code name-2}, {@code name-3}, ... */
    public static ThreadFactory factory(String name) {
        AtomicInteger count = new AtomicInteger();
        return work -> {
            int n = count.incrementAndGet();
            Thread thread = new Thread(work, n == 1 ? name : name + "-" + n);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** One named background thread that runs its tasks in order. */
    public static ExecutorService single(String name) {
        return Executors.newSingleThreadExecutor(factory(name));
    }

    /**
     * One named background thread for ordered and timed tasks. A cancelled timer leaves the queue at once, so
     * {@link #drain} does not wait for the moment it would have fired.
     */
    public static ScheduledExecutorService scheduled(String name) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, factory(name));
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    /** Starts {@code work} on a new named daemon thread. */
    public static Thread start(String name, Runnable work) {
        Thread thread = factory(name).newThread(work);
        thread.start();
        return thread;
    }

    /**
     * Lets {@code executor} finish what it was given (new work is refused) and waits up to {@code timeout}
     * for it; answers whether it finished. Owners call this before closing what the work writes to.
     */
    public static boolean drain(ExecutorService executor, Duration timeout) {
        executor.shutdown();
        try {
            return executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

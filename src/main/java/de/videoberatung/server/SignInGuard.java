package de.videoberatung.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Throttles failed sign-ins per account name and per source address: a few failures are free, then every
 * further failure locks that key for a growing time (doubling up to a cap). A locked key is refused before the
 * password is looked at, so guessing gains nothing while it lasts. Unknown account names are counted like known
 * ones, so the answer does not tell which exist. Kept in memory: a restart forgets, which costs an attacker a
 * restart of the server they cannot cause.
 */
final class SignInGuard {

    /**
     * @param freePerAccount failures of one account name before delays start
     * @param freePerAddress failures from one source address (IPv6: its /64) before delays start
     * @param firstDelay the lock after the first failure past the free ones; doubles with each further one
     * @param maxDelay the longest lock
     * @param forgetAfter a key without a failure for this long starts from zero again
     */
    record Limits(int freePerAccount, int freePerAddress, Duration firstDelay, Duration maxDelay,
                  Duration forgetAfter) {
        static final Limits DEFAULT = new Limits(5, 30, Duration.ofSeconds(15), Duration.ofMinutes(15),
                Duration.ofHours(1));
    }

    /** Past this many keys, forgotten ones are dropped at the next failure: memory stays bounded. */
    private static final int MAX_KEYS = 50_000;

    private final Limits limits;
    private final Clock clock;
    private final Map<String, Failures> byKey = new ConcurrentHashMap<>();

    private record Failures(int count, Instant last, Instant lockedUntil) {
    }

    SignInGuard(Limits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    /** How long a sign-in for this account from this address must still wait; empty: it may be tried now. */
    Optional<Duration> waitFor(String username, String address) {
        Instant now = clock.instant();
        Duration wait = Duration.ZERO;
        for (String key : keys(username, address)) {
            Failures f = byKey.get(key);
            if (f != null && f.lockedUntil().isAfter(now)) {
                Duration left = Duration.between(now, f.lockedUntil());
                wait = left.compareTo(wait) > 0 ? left : wait;
            }
        }
        return wait.isZero() ? Optional.empty() : Optional.of(wait);
    }

    void failed(String username, String address) {
        Instant now = clock.instant();
        if (byKey.size() > MAX_KEYS) {
            byKey.values().removeIf(f -> forgotten(f, now));
        }
        String[] keys = keys(username, address);
        record(keys[0], limits.freePerAccount(), now);
        record(keys[1], limits.freePerAddress(), now);
    }

    /** A right password: the account starts afresh (the address keeps its count: it may be trying many). */
    void succeeded(String username) {
        byKey.remove(accountKey(username));
    }

    private void record(String key, int free, Instant now) {
        byKey.compute(key, (k, old) -> {
            int count = old == null || forgotten(old, now) ? 1 : old.count() + 1;
            Instant until = now;
            if (count > free) {
                int doublings = Math.min(count - free - 1, 20);
                Duration delay = limits.firstDelay().multipliedBy(1L << doublings);
                until = now.plus(delay.compareTo(limits.maxDelay()) > 0 ? limits.maxDelay() : delay);
            }
            return new Failures(count, now, until);
        });
    }

    private boolean forgotten(Failures f, Instant now) {
        return f.lockedUntil().isBefore(now) && f.last().plus(limits.forgetAfter()).isBefore(now);
    }

    private static String[] keys(String username, String address) {
        return new String[] {accountKey(username), "address:" + network(address)};
    }

    private static String accountKey(String username) {
        return "account:" + username.trim().toLowerCase(Locale.ROOT);
    }

    /**
     * The address a sign-in comes from: the peer, or, when the peer is a proxy on this machine (nginx in front),
     * the address that proxy saw (the last entry of {@code X-Forwarded-For}, the one it appended itself).
     */
    static String source(String peer, String forwardedFor) {
        if (forwardedFor != null && !forwardedFor.isBlank() && loopback(peer)) {
            String[] hops = forwardedFor.split(",");
            return hops[hops.length - 1].trim();
        }
        return peer;
    }

    private static boolean loopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** IPv4 as is; IPv6 by its /64, since one customer line gets a whole /64 to pick from. */
    static String network(String address) {
        try {
            byte[] bytes = InetAddress.getByName(address).getAddress();
            if (bytes.length == 16) {
                StringBuilder prefix = new StringBuilder();
                for (int i = 0; i < 8; i++) {
                    prefix.append(String.format("%02x", bytes[i]));
                }
                return prefix + "::/64";
            }
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException e) {
            return address;
        }
    }
}

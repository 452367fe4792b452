package de.videoberatung.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import de.videoberatung.api.Appointment;
import de.videoberatung.api.Json;
import de.videoberatung.db.FieldCipher;
import de.videoberatung.db.SqliteDatabase;
import de.videoberatung.db.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The last appointments the server delivered, per user and day. */
public final class AppointmentCache {

    /** A cached day and when it was fetched from the server. */
    public record CachedDay(LocalDate day, List<Appointment> appointments, Instant fetchedAt) {
    }

    /** How many days' written rows are remembered (the days an advisor moves between). */
    private static final int REMEMBERED_DAYS = 8;

    private final SqliteDatabase db;
    /** The cached JSON holds the customer's name, number and phone: encrypted (docs/privacy.md). */
    private final FieldCipher cipher;
    private final ZoneId zone;
    /**
     * What this cache last wrote for recent days, by appointment id. A reload mostly brings the rows that are
     * stored already: only the changed ones are sealed and written again (each costs a JSON write and an
     * AES-GCM seal, 2,000 of them took longer than the day's fetch). Trusted only while the day's stored ids
     * are the same set, so rows wiped meanwhile ({@link LocalStore#wipeBefore}) are written in full again.
     */
    private final Map<DayKey, Map<Long, Appointment>> written = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<DayKey, Map<Long, Appointment>> eldest) {
            return size() > REMEMBERED_DAYS;
        }
    };

    private record DayKey(long userId, LocalDate day) {
    }

    public AppointmentCache(LocalStore store, ZoneId zone) {
        this.db = store.database();
        this.cipher = store.cipher();
        this.zone = zone;
    }

    /** Replaces the cached day with what the server just delivered; rows stored unchanged are left as they are. */
    public void saveDay(long userId, LocalDate day, List<Appointment> appointments, Instant fetchedAt) {
        DayKey key = new DayKey(userId, day);
        Map<Long, Appointment> fresh = new HashMap<>();
        boolean allOnThatDay = true;
        for (Appointment a : appointments) {
            fresh.put(a.id(), a);
            allOnThatDay &= dayOf(a).equals(day);
        }
        Map<Long, Appointment> known = remembered(key);
        try {
            db.inTransaction(c -> {
                try (PreparedStatement meta = c.prepareStatement(
                        "INSERT OR REPLACE INTO cached_day (user_id, day, fetched_at) VALUES (?,?,?)")) {
                    meta.setLong(1, userId);
                    meta.setString(2, day.toString());
                    meta.setLong(3, fetchedAt.toEpochMilli());
                    meta.executeUpdate();
                }
                List<Appointment> toWrite = new ArrayList<>();
                if (known != null && storedIds(c, userId, day).equals(known.keySet())) {
                    List<Long> gone = known.keySet().stream().filter(id -> !fresh.containsKey(id)).toList();
                    if (!gone.isEmpty()) {
                        try (PreparedStatement delete = c.prepareStatement(
                                "DELETE FROM cached_appointment WHERE user_id = ? AND id = ?")) {
                            for (long id : gone) {
                                delete.setLong(1, userId);
                                delete.setLong(2, id);
                                delete.addBatch();
                            }
                            delete.executeBatch();
                        }
                    }
                    appointments.stream().filter(a -> !a.equals(known.get(a.id()))).forEach(toWrite::add);
                } else {
                    try (PreparedStatement delete = c.prepareStatement(
                            "DELETE FROM cached_appointment WHERE user_id = ? AND day = ?")) {
                        delete.setLong(1, userId);
                        delete.setString(2, day.toString());
                        delete.executeUpdate();
                    }
                    toWrite.addAll(appointments);
                }
                upsert(c, userId, toWrite);
                return null;
            });
        } catch (RuntimeException e) {
            forget(userId);
            throw e;
        }
        synchronized (written) {
            // A row is stored once per user: one that moved here is no longer on the day it was on.
            written.forEach((k, rows) -> {
                if (k.userId() == userId) {
                    rows.keySet().removeAll(fresh.keySet());
                }
            });
            if (allOnThatDay) {
                written.put(key, fresh);
            } else {
                written.remove(key);
            }
        }
    }

    /** Records one changed appointment, e.g. from a pushed event. */
    public void saveAppointment(long userId, Appointment appointment) {
        saveAppointments(userId, List.of(appointment));
    }

    /** Records changed appointments (an import's batch) in one transaction: one disk flush, not thousands. */
    public void saveAppointments(long userId, List<Appointment> appointments) {
        try {
            db.inTransaction(c -> {
                upsert(c, userId, appointments);
                return null;
            });
        } catch (RuntimeException e) {
            forget(userId);
            throw e;
        }
        synchronized (written) {
            for (Appointment a : appointments) {
                written.forEach((k, rows) -> {
                    if (k.userId() == userId) {
                        rows.remove(a.id());
                    }
                });
                Map<Long, Appointment> rows = written.get(new DayKey(userId, dayOf(a)));
                if (rows != null) {
                    rows.put(a.id(), a);
                }
            }
        }
    }

    private Map<Long, Appointment> remembered(DayKey key) {
        synchronized (written) {
            Map<Long, Appointment> rows = written.get(key);
            return rows == null ? null : new HashMap<>(rows);
        }
    }

    /** After a failed write nothing remembered can be trusted: the next save of each day writes it in full. */
    private void forget(long userId) {
        synchronized (written) {
            written.keySet().removeIf(k -> k.userId() == userId);
        }
    }

    private static Set<Long> storedIds(Connection c, long userId, LocalDate day) throws SQLException {
        Set<Long> ids = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM cached_appointment WHERE user_id = ? AND day = ?")) {
            ps.setLong(1, userId);
            ps.setString(2, day.toString());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }

    private LocalDate dayOf(Appointment a) {
        return LocalDate.ofInstant(a.startsAt(), zone);
    }

    /** The cached day, if it was ever fetched. */
    public Optional<CachedDay> loadDay(long userId, LocalDate day) {
        return db.read(c -> {
            Instant fetchedAt;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT fetched_at FROM cached_day WHERE user_id = ? AND day = ?")) {
                ps.setLong(1, userId);
                ps.setString(2, day.toString());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    fetchedAt = Instant.ofEpochMilli(rs.getLong(1));
                }
            }
            List<Appointment> appointments = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT json FROM cached_appointment "
                    + "WHERE user_id = ? AND day = ? ORDER BY starts_at, id")) {
                ps.setLong(1, userId);
                ps.setString(2, day.toString());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        appointments.add(read(cipher.open(rs.getString(1))));
                    }
                }
            }
            return Optional.of(new CachedDay(day, appointments, fetchedAt));
        });
    }

    /** One statement for the batch: preparing it per row cost more than SQLite's insert. */
    private void upsert(Connection c, long userId, List<Appointment> appointments) throws SQLException {
        if (appointments.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO cached_appointment "
                + "(user_id, id, day, starts_at, json) VALUES (?,?,?,?,?)")) {
            for (Appointment a : appointments) {
                ps.setLong(1, userId);
                ps.setLong(2, a.id());
                ps.setString(3, dayOf(a).toString());
                ps.setLong(4, a.startsAt().toEpochMilli());
                ps.setString(5, cipher.seal(write(a)));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static String write(Appointment a) {
        try {
            return Json.mapper().writeValueAsString(a);
        } catch (JsonProcessingException e) {
            throw new StorageException("appointment not serialisable", e);
        }
    }

    private static Appointment read(String json) throws SQLException {
        try {
            return Json.mapper().readValue(json, Appointment.class);
        } catch (JsonProcessingException e) {
            throw new SQLException("cached appointment unreadable", e);
        }
    }
}

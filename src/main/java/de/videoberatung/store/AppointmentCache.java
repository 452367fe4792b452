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
import java.util.List;
import java.util.Optional;

/** The last appointments the server delivered, per user and day. */
public final class AppointmentCache {

    /** A cached day and when it was fetched from the server. */
    public record CachedDay(LocalDate day, List<Appointment> appointments, Instant fetchedAt) {
    }

    private final SqliteDatabase db;
    /** The cached JSON holds the customer's name, number and phone: encrypted (docs/privacy.md). */
    private final FieldCipher cipher;
    private final ZoneId zone;

    public AppointmentCache(LocalStore store, ZoneId zone) {
        this.db = store.database();
        this.cipher = store.cipher();
        this.zone = zone;
    }

    /** Replaces the cached day with what the server just delivered. */
    public void saveDay(long userId, LocalDate day, List<Appointment> appointments, Instant fetchedAt) {
        db.inTransaction(c -> {
            try (PreparedStatement delete = c.prepareStatement(
                    "DELETE FROM cached_appointment WHERE user_id = ? AND day = ?");
                 PreparedStatement meta = c.prepareStatement(
                         "INSERT OR REPLACE INTO cached_day (user_id, day, fetched_at) VALUES (?,?,?)")) {
                delete.setLong(1, userId);
                delete.setString(2, day.toString());
                delete.executeUpdate();
                meta.setLong(1, userId);
                meta.setString(2, day.toString());
                meta.setLong(3, fetchedAt.toEpochMilli());
                meta.executeUpdate();
            }
            upsert(c, userId, appointments);
            return null;
        });
    }

    /** Records one changed appointment, e.g. from a pushed event. */
    public void saveAppointment(long userId, Appointment appointment) {
        saveAppointments(userId, List.of(appointment));
    }

    /** Records changed appointments (an import's batch) in one transaction: one disk flush, not thousands. */
    public void saveAppointments(long userId, List<Appointment> appointments) {
        db.inTransaction(c -> {
            upsert(c, userId, appointments);
            return null;
        });
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
                ps.setString(3, LocalDate.ofInstant(a.startsAt(), zone).toString());
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

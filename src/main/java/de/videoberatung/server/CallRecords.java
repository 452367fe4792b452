package de.videoberatung.server;

import de.videoberatung.api.CustomerCheck;
import de.videoberatung.db.SqliteDatabase;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Consents, customer device checks and the call log in the server's database; nothing personal. */
final class CallRecords {

    private final SqliteDatabase db;

    CallRecords(SqliteDatabase db) {
        this.db = db;
    }

    void consent(long appointmentId, String textVersion, Instant at) {
        db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO call_consent (appointment_id, text_version, consented_at) VALUES (?,?,?)")) {
                ps.setLong(1, appointmentId);
                ps.setString(2, textVersion);
                ps.setLong(3, at.toEpochMilli());
                return ps.executeUpdate();
            }
        });
    }

    /** The text version of the latest consent to this appointment's call, or null if none was given. */
    String consentedVersion(long appointmentId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT text_version FROM call_consent "
                    + "WHERE appointment_id = ? ORDER BY consented_at DESC, id DESC LIMIT 1")) {
                ps.setLong(1, appointmentId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    void deviceCheck(long appointmentId, CustomerCheck check, Instant at) {
        db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO call_device_check (appointment_id, camera, "
                    + "microphone, speaker, connection, checked_at) VALUES (?,?,?,?,?,?)")) {
                ps.setLong(1, appointmentId);
                ps.setInt(2, check.camera() ? 1 : 0);
                ps.setInt(3, check.microphone() ? 1 : 0);
                ps.setInt(4, check.speaker() ? 1 : 0);
                ps.setString(5, check.connection());
                ps.setLong(6, at.toEpochMilli());
                return ps.executeUpdate();
            }
        });
    }

    void log(long appointmentId, String event, Instant at) {
        db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO call_log (appointment_id, event, at) VALUES (?,?,?)")) {
                ps.setLong(1, appointmentId);
                ps.setString(2, event);
                ps.setLong(3, at.toEpochMilli());
                return ps.executeUpdate();
            }
        });
    }

    /** The logged events of one appointment's call, oldest first. */
    List<String> events(long appointmentId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT event FROM call_log WHERE appointment_id = ? ORDER BY at, id")) {
                ps.setLong(1, appointmentId);
                List<String> events = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        events.add(rs.getString(1));
                    }
                }
                return events;
            }
        });
    }
}

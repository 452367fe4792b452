package de.videoberatung.db;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/** Our SQLite convention for points in time: epoch milliseconds (UTC) in an INTEGER column, NULL for none. */
public final class EpochMillis {

    private EpochMillis() {
    }

    /** The instant in {@code column}, or null. */
    public static Instant read(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(value);
    }

    /** Binds {@code value} (or NULL) to parameter {@code index}. */
    public static void bind(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setLong(index, value.toEpochMilli());
        }
    }
}

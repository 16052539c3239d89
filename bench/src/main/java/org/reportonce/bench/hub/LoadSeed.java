package org.reportonce.bench.hub;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Fills a freshly migrated hub database with {@code n} signals as the hub itself would have written
 * them (two signals per case, pdq and md5, one change each, in seq order), in a few set-based
 * statements: seeding a million signals through the HTTP API would take longer than the run itself.
 * Values are distinct pseudo-random hex (md5 of the index), so indexes see realistic keys.
 */
final class LoadSeed {

    private LoadSeed() {}

    static void seed(String jdbcUrl, int n, long atMillis) throws SQLException {
        int cases = (n + 1) / 2;
        try (Connection c = DriverManager.getConnection(jdbcUrl)) {
            c.setAutoCommit(false);
            exec(c, "INSERT INTO report_case (id, case_number, pin_hash, source, status, reported_at, received_at, distributed_seq) "
                    + "SELECT j, 'LOAD' || j, '$argon2id$seeded', 'portal', 'received', ?, ?, LEAST(2 * j, ?) FROM generate_series(1, ?) j",
                    atMillis, atMillis, n, cases);
            exec(c, "INSERT INTO case_item (case_id, item_index, label) SELECT j, 0, 'seeded' FROM generate_series(1, ?) j", cases);
            exec(c, "INSERT INTO signal (id, signal_type, hash_value, quality, status, reported_at, created_at, last_seq) "
                    + "SELECT i, CASE WHEN i % 2 = 1 THEN 'pdq' ELSE 'md5' END, "
                    + "CASE WHEN i % 2 = 1 THEN md5('a' || i) || md5('b' || i) ELSE md5('a' || i) END, "
                    + "CASE WHEN i % 2 = 1 THEN 90 END, 'ACTIVE', ?, ?, i FROM generate_series(1, ?) i", atMillis, atMillis, n);
            exec(c, "INSERT INTO case_signal (case_id, item_index, signal_id) SELECT (i + 1) / 2, 0, i FROM generate_series(1, ?) i", n);
            exec(c, "INSERT INTO signal_change (seq, signal_id, signal_type, hash_value, quality, status, reported_at, changed_at) "
                    + "SELECT id, id, signal_type, hash_value, quality, status, reported_at, ? + id / 100 FROM signal", atMillis);
            exec(c, "UPDATE counter SET val = ? WHERE name = 'signal_change'", n);
            try (Statement s = c.createStatement()) {
                s.execute("SELECT setval(pg_get_serial_sequence('report_case', 'id'), " + cases + ")");
                s.execute("SELECT setval(pg_get_serial_sequence('signal', 'id'), " + n + ")");
            }
            c.commit();
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("VACUUM ANALYZE");
            }
        }
    }

    private static void exec(Connection c, String sql, long... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setLong(i + 1, args[i]);
            ps.executeUpdate();
        }
    }
}

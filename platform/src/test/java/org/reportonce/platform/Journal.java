package org.reportonce.platform;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Reads a stopped matcher's database directly, to check what it applied. */
record Journal(Path dataDir) {

    static Journal of(Path dataDir) {
        return new Journal(dataDir);
    }

    private Connection open() throws SQLException {
        return DriverManager.getConnection("jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("matcher"), "sa", "");
    }

    List<Long> duplicateSeqs() throws SQLException {
        return longs("select seq from sync_journal group by seq having count(*) > 1");
    }

    List<Long> journalSeqs() throws SQLException {
        return longs("select seq from sync_journal order by seq");
    }

    List<Long> activeSignalIds() throws SQLException {
        return longs("select signal_id from bank_signal where status = 'ACTIVE' order by signal_id");
    }

    long checkpoint() throws SQLException {
        return longs("select checkpoint from sync_state").get(0);
    }

    List<Long> longs(String sql) throws SQLException {
        try (Connection c = open(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<Long> out = new ArrayList<>();
            while (rs.next()) out.add(rs.getLong(1));
            return out;
        }
    }
}

package org.reportonce.platform;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/**
 * The matcher's embedded H2 database: opened, migrated with Flyway ({@code db/platform}), wrapped
 * in JDBI. {@code WRITE_DELAY=0} makes every commit reach the file before the commit returns, so
 * a kill -9 never loses a committed sync batch or an accepted registration.
 */
final class Database implements AutoCloseable {

    final Jdbi jdbi;
    private final HikariDataSource pool;

    private Database(HikariDataSource pool) {
        this.pool = pool;
        this.jdbi = Jdbi.create(pool);
    }

    /** Opens (creating if needed) the database under {@code dataDir}, or a private in-memory one when null. */
    static Database open(Path dataDir) {
        String url;
        if (dataDir == null) {
            url = "jdbc:h2:mem:platform-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        } else {
            try {
                Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the data dir " + dataDir, e);
            }
            url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("matcher") + ";WRITE_DELAY=0";
        }
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        hc.setUsername("sa");
        hc.setPassword("");
        hc.setMaximumPoolSize(6);
        hc.setPoolName("platform-db");
        HikariDataSource ds = new HikariDataSource(hc);
        try {
            Flyway.configure().dataSource(ds).locations("classpath:db/platform").load().migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return new Database(ds);
    }

    Optional<String> setting(String name) {
        return jdbi.withHandle(h -> h.createQuery("select val from setting where name = :n")
                .bind("n", name).mapTo(String.class).findOne());
    }

    void putSetting(String name, String value) {
        jdbi.useHandle(h -> h.createUpdate("merge into setting (name, val) key (name) values (:n, :v)")
                .bind("n", name).bind("v", value).execute());
    }

    @Override
    public void close() {
        if (pool.getJdbcUrl().startsWith("jdbc:h2:mem:")) {
            try {
                jdbi.useHandle(h -> h.execute("shutdown"));
            } catch (RuntimeException expected) {
                // SHUTDOWN closes the connection it runs on; the pool then discards it
            }
        }
        pool.close();
    }
}

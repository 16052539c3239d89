package org.reportonce.hub.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Set;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * The hub's database: a HikariCP pool, the Flyway migrations, and JDBI on top.
 *
 * <p>Writes go through {@link #write}, which retries a transaction that lost a deadlock or timed out
 * waiting for a lock (the global locks of the signal counter and the audit chain make those rare but
 * possible on both PostgreSQL and H2). A write callback must therefore have no effect outside the
 * transaction until it returns.
 */
public final class Database implements AutoCloseable {

    /** deadlock, serialization failure (PostgreSQL, H2), lock timeout and concurrent-update (H2). */
    private static final Set<String> RETRYABLE = Set.of("40001", "40P01", "HYT00", "50200", "90131");
    private static final int ATTEMPTS = 6;

    private final HikariDataSource pool;
    private final Jdbi jdbi;
    private final boolean postgres;

    private Database(HikariDataSource pool, boolean postgres) {
        this.pool = pool;
        this.postgres = postgres;
        this.jdbi = Jdbi.create(pool);
    }

    /**
     * Opens (and migrates) the database at {@code jdbcUrl}; when null, an embedded H2 in
     * {@code dataDir} (or in memory when that is null too).
     */
    public static Database open(String jdbcUrl, Path dataDir) {
        String url = jdbcUrl != null ? jdbcUrl : embeddedUrl(dataDir);
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        hc.setPoolName("reportonce-hub");
        hc.setMaximumPoolSize(url.startsWith("jdbc:postgresql:") ? 16 : 10);
        hc.setAutoCommit(true);
        hc.setConnectionTimeout(10_000);
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(hc);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot open the hub database " + redact(url) + ": " + e.getMessage(), e);
        }
        try {
            // common migrations, plus the few that need each database's own dialect (triggers)
            String vendor = url.startsWith("jdbc:postgresql:") ? "postgresql" : "h2";
            Flyway.configure().dataSource(ds).locations("classpath:db/migration", "classpath:db/" + vendor).load().migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw new IllegalStateException("cannot migrate the hub database " + redact(url) + ": " + e.getMessage(), e);
        }
        return new Database(ds, url.startsWith("jdbc:postgresql:"));
    }

    /**
     * H2 in PostgreSQL mode with lower-case identifiers so the same SQL runs on both. WRITE_DELAY=0
     * makes every commit reach the file before the hub answers (durability after kill -9).
     */
    static String embeddedUrl(Path dataDir) {
        String opts = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000";
        if (dataDir == null) {
            return "jdbc:h2:mem:hub-" + UUID.randomUUID() + opts + ";DB_CLOSE_DELAY=-1";
        }
        // AUTO_SERVER lets the CLI's admin commands open the database while the hub is running
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("hub") + opts + ";WRITE_DELAY=0;AUTO_SERVER=TRUE";
    }

    private static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    public boolean isPostgres() {
        return postgres;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** Runs a read-only unit of work on one connection. */
    public <T> T read(HandleCallback<T, RuntimeException> work) {
        return jdbi.withHandle(work);
    }

    /** Runs {@code work} in one READ COMMITTED transaction, retried when it lost a lock race. */
    public <T> T write(HandleCallback<T, RuntimeException> work) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, work);
            } catch (RuntimeException e) {
                if (!retryable(e)) throw e;
                last = e;
                try {
                    Thread.sleep(5L * attempt * attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
        throw last;
    }

    /** Whether the exception, or a cause, is a lock conflict worth retrying. */
    static boolean retryable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                for (SQLException s = sql; s != null; s = s.getNextException()) {
                    if (s.getSQLState() != null && RETRYABLE.contains(s.getSQLState())) return true;
                }
            }
        }
        return false;
    }

    /** For maintenance tools (the audit verifier's CLI) that need a raw handle. */
    public Handle open() {
        return jdbi.open();
    }

    @Override
    public void close() {
        pool.close();
    }
}

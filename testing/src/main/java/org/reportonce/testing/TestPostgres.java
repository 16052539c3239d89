package org.reportonce.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

/**
 * A real PostgreSQL for tests. CI ({@code .ci/run}) starts a throwaway cluster and passes its URL in
 * {@code REPORTONCE_TEST_PG_URL}; without it, the first caller starts a cluster of its own in a temp
 * folder (as the {@code postgres} user when running as root, since initdb refuses root), stopped
 * when the JVM exits. Each {@link #freshDatabase()} is a new empty database, so tests never share state.
 */
public final class TestPostgres {

    private static String adminUrl;

    private TestPostgres() {}

    /** Whether a PostgreSQL can be had here (URL given, or initdb on the PATH or in /usr/lib/postgresql). */
    public static synchronized boolean available() {
        try {
            adminUrl();
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /** A JDBC URL (user in the URL) of a new, empty database. */
    public static synchronized String freshDatabase() {
        String admin = adminUrl();
        String name = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = DriverManager.getConnection(admin); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database on " + admin + ": " + e.getMessage(), e);
        }
        return admin.replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
    }

    private static String adminUrl() {
        if (adminUrl != null) return adminUrl;
        String given = System.getenv("REPORTONCE_TEST_PG_URL");
        if (given != null && !given.isBlank()) {
            adminUrl = given;
            return adminUrl;
        }
        adminUrl = startOwnCluster();
        return adminUrl;
    }

    private static String startOwnCluster() {
        PostgresCluster cluster = PostgresCluster.start(List.of("fsync=off", "max_connections=200"));
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::close));
        return cluster.adminUrl();
    }
}

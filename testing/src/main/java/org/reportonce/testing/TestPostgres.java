package org.reportonce.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

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
        Path bin = findPgBin();
        try {
            Path dir = Files.createTempDirectory("reportonce-test-pg");
            boolean root = "root".equals(System.getProperty("user.name"));
            if (root) run(List.of("chown", "postgres", dir.toString()));
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Path data = dir.resolve("data");
            run(asUser(root, bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "-A", "trust", "-E", "UTF8"));
            run(asUser(root, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("log").toString(), "-w",
                    "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200", "start"));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    run(asUser(root, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "stop"));
                } catch (RuntimeException ignored) {
                    // the JVM is exiting; the temp folder is left for the OS
                }
            }));
            return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
        } catch (IOException e) {
            throw new IllegalStateException("could not start a test PostgreSQL: " + e.getMessage(), e);
        }
    }

    private static List<String> asUser(boolean root, String... command) {
        if (!root) return List.of(command);
        var all = new java.util.ArrayList<String>(List.of("runuser", "-u", "postgres", "--"));
        all.addAll(List.of(command));
        return all;
    }

    private static Path findPgBin() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "initdb"))) return Path.of(dir);
        }
        Path lib = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(lib)) {
            try (var versions = Files.list(lib)) {
                var found = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .sorted()
                        .toList();
                if (!found.isEmpty()) return found.get(found.size() - 1);
            } catch (IOException ignored) {
                // fall through to the error below
            }
        }
        throw new IllegalStateException("no PostgreSQL: set REPORTONCE_TEST_PG_URL or install the server (initdb)");
    }

    private static void run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command).toLowerCase(Locale.ROOT) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command.get(0), e);
        }
    }
}

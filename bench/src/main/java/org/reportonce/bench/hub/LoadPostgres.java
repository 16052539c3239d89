package org.reportonce.bench.hub;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway PostgreSQL cluster for the load run, in a temp folder, started as the {@code postgres}
 * user when we are root (initdb refuses root) and removed on close. Unlike the test cluster it keeps
 * PostgreSQL's durable defaults ({@code fsync=on}, {@code synchronous_commit=on}) unless asked not to,
 * because the hub promises that an accepted report survives a crash.
 */
final class LoadPostgres implements AutoCloseable {

    private final Path dir;
    private final Path bin;
    private final boolean root;
    final String adminUrl;

    private LoadPostgres(Path dir, Path bin, boolean root, String adminUrl) {
        this.dir = dir;
        this.bin = bin;
        this.root = root;
        this.adminUrl = adminUrl;
    }

    static LoadPostgres start(boolean durable, int maxConnections, String sharedBuffers) throws IOException {
        Path bin = findBin();
        Path dir = Files.createTempDirectory("reportonce-load-pg");
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) run(List.of("chown", "postgres", dir.toString()));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path data = dir.resolve("data");
        run(asUser(root, bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "-A", "trust", "-E", "UTF8"));
        String opts = "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c max_connections=" + maxConnections
                + " -c shared_buffers=" + sharedBuffers + (durable ? "" : " -c fsync=off -c synchronous_commit=off");
        run(asUser(root, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("log").toString(), "-w", "-o", opts, "start"));
        LoadPostgres pg = new LoadPostgres(dir, bin, root, "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres");
        Runtime.getRuntime().addShutdownHook(new Thread(pg::close));
        return pg;
    }

    /** The postmaster's process id (its backends are its children). */
    long postmasterPid() {
        try {
            return Long.parseLong(Files.readAllLines(dir.resolve("data").resolve("postmaster.pid")).get(0).trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** A new empty database on the cluster. */
    String freshDatabase(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return adminUrl.replace("/postgres?", "/" + name + "?");
    }

    private volatile boolean closed;

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        try {
            run(asUser(root, bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "stop"));
        } catch (RuntimeException ignored) {
            // already gone
        }
        try {
            run(List.of("rm", "-rf", dir.toString()));
        } catch (RuntimeException ignored) {
            // the OS cleans /tmp
        }
    }

    private static List<String> asUser(boolean root, String... command) {
        List<String> all = new ArrayList<>();
        if (root) all.addAll(List.of("runuser", "-u", "postgres", "--"));
        all.addAll(List.of(command));
        return all;
    }

    private static Path findBin() throws IOException {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, "initdb"))) return Path.of(d);
        }
        try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb"))).sorted()
                    .reduce((a, b) -> b).orElseThrow(() -> new IOException("no PostgreSQL server (initdb) installed"));
        }
    }

    private static void run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}

package org.reportonce.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway PostgreSQL cluster in a temp folder: initdb, start on a free local port, stop and
 * delete on {@link #close}. Run as the {@code postgres} user when we are root, because initdb refuses
 * root. Tests get one through {@link TestPostgres}; load runs start their own with durable settings.
 */
public final class PostgresCluster implements AutoCloseable {

    private final Path dir;
    private final Path bin;
    private final boolean root;
    private final String adminUrl;
    private boolean closed;

    private PostgresCluster(Path dir, Path bin, boolean root, String adminUrl) {
        this.dir = dir;
        this.bin = bin;
        this.root = root;
        this.adminUrl = adminUrl;
    }

    /**
     * Starts a cluster with PostgreSQL's defaults plus {@code settings} ({@code name=value}, passed
     * as {@code -c}), trust authentication, listening on 127.0.0.1 only.
     *
     * @throws IllegalStateException when no server binaries are installed or the cluster does not start
     */
    public static PostgresCluster start(List<String> settings) {
        Path bin = findBin();
        try {
            Path dir = Files.createTempDirectory("reportonce-pg");
            boolean root = "root".equals(System.getProperty("user.name"));
            if (root) run(List.of("chown", "postgres", dir.toString()));
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Path data = dir.resolve("data");
            run(asUser(root, bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "-A", "trust", "-E", "UTF8"));
            StringBuilder opts = new StringBuilder("-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1");
            for (String s : settings) opts.append(" -c ").append(s);
            run(asUser(root, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("log").toString(), "-w",
                    "-o", opts.toString(), "start"));
            return new PostgresCluster(dir, bin, root, "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres");
        } catch (IOException e) {
            throw new IllegalStateException("could not start a PostgreSQL cluster: " + e.getMessage(), e);
        }
    }

    /** JDBC URL of the cluster's {@code postgres} database as the superuser (user in the URL). */
    public String adminUrl() {
        return adminUrl;
    }

    /** The postmaster's process id (its backends are its children), or -1 when it cannot be read. */
    public long postmasterPid() {
        try {
            return Long.parseLong(Files.readAllLines(dir.resolve("data").resolve("postmaster.pid")).get(0).trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Stops the server at once (nothing it holds is worth a clean shutdown) and deletes its folder. */
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
            // the OS cleans its temp folder
        }
    }

    /** Where initdb is: on the PATH, else the newest /usr/lib/postgresql/N/bin. */
    static Path findBin() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, "initdb"))) return Path.of(d);
        }
        Path lib = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(lib)) {
            try (var versions = Files.list(lib)) {
                var found = versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb"))).sorted().toList();
                if (!found.isEmpty()) return found.get(found.size() - 1);
            } catch (IOException ignored) {
                // fall through to the error below
            }
        }
        throw new IllegalStateException("no PostgreSQL server binaries (initdb) on the PATH or in /usr/lib/postgresql");
    }

    private static List<String> asUser(boolean root, String... command) {
        List<String> all = new ArrayList<>();
        if (root) all.addAll(List.of("runuser", "-u", "postgres", "--"));
        all.addAll(List.of(command));
        return all;
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
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
    }
}

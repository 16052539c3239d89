package org.reportonce.cli.hub;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.reportonce.hub.Hub;
import org.reportonce.hub.HubConfig;
import org.reportonce.hub.Role;
import org.reportonce.hub.signals.SignalLog;
import org.reportonce.hub.store.Database;
import org.reportonce.protocol.SignalChange.SignalStatus;
import org.reportonce.protocol.SignalType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The hub's load script: starts a hub on loopback and measures, over real HTTP,
 * <ol>
 *   <li>reports per second (concurrent clients filing one-item reports, PDQ + MD5) with p50/p95/p99;</li>
 *   <li>signal pages per second (concurrent platform reads of {@code GET /v1/signals} at random
 *       checkpoints) with p50/p95/p99;</li>
 *   <li>how long a new platform takes to sync the whole log from 0 after it is seeded with
 *       {@code --seed-signals} changes (seeded by SQL in batches: the report path would take hours).</li>
 * </ol>
 * The hub and the clients share the machine, as they would on one host. Figures go in
 * docs/benchmarks.md with the command and {@code uptime}.
 *
 * <p>Run: {@code ./reportonce hub load --db jdbc:postgresql://127.0.0.1:55432/load?user=postgres --seconds 15}
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Load-test a hub on loopback: reports/s, signal pages/s (with p50/p95/p99) and a full sync of N signals.")
public final class HubLoadCommand implements Callable<Integer> {

    @Option(names = "--db", paramLabel = "JDBC-URL", description = "Database for the hub (PostgreSQL for the figures that count). Default: embedded H2 in a temp folder.")
    String jdbcUrl;

    @Option(names = "--seconds", defaultValue = "10", description = "Duration of each timed phase (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--clients", defaultValue = "16", description = "Concurrent HTTP clients (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--page-size", defaultValue = "100", description = "limit= of the page-read phase (default: ${DEFAULT-VALUE}).")
    int pageSize;

    @Option(names = "--seed-signals", defaultValue = "1000000", description = "Signal changes to seed before the full-sync phase; 0 skips it (default: ${DEFAULT-VALUE}).")
    int seedSignals;

    @Option(names = "--pin-memory-kib", defaultValue = "19456",
            description = "Argon2id memory per PIN hash; it bounds report throughput (default: ${DEFAULT-VALUE}, the hub's default).")
    int pinMemoryKib;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Override
    public Integer call() throws Exception {
        Path tmp = jdbcUrl == null ? Files.createTempDirectory("reportonce-load") : null;
        HubConfig config = HubConfig.builder().jdbcUrl(jdbcUrl).dataDir(tmp).pinHashMemoryKib(pinMemoryKib)
                .requestsPerKeySecond(1_000_000).pinChecksPerIpMinute(1_000_000).reportsPerIpMinute(1_000_000).build();
        try (Hub hub = Hub.start(config)) {
            URI base = hub.baseUri();
            String platformKey = hub.createApiKey(hub.createMember("Load platform", Role.PLATFORM).id());
            System.out.printf(Locale.ROOT, "hub on %s, database %s, %d clients, %d s per phase, Argon2id m=%d KiB%n",
                    base, jdbcUrl == null ? "H2 (embedded file)" : "PostgreSQL", clients, seconds, pinMemoryKib);

            Result reports = timed(base, "reports", () -> {
                String body = "{\"declarations\":{\"intimateImage\":true,\"personShownOrActing\":true,\"goodFaithAndTrue\":true},"
                        + "\"items\":[{\"label\":\"load\",\"signals\":[{\"type\":\"pdq\",\"value\":\"" + hex(32) + "\",\"quality\":90},"
                        + "{\"type\":\"md5\",\"value\":\"" + hex(16) + "\"}]}]}";
                return HttpRequest.newBuilder(base.resolve("/v1/reports")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            }, 201);
            System.out.println(reports);

            long max = maxSeq(hub, config);
            Result pages = timed(base, "signal pages (limit=" + pageSize + ")", () -> {
                long after = ThreadLocalRandom.current().nextLong(Math.max(1, max - pageSize));
                return HttpRequest.newBuilder(base.resolve("/v1/signals?after=" + after + "&limit=" + pageSize))
                        .header("Authorization", "Bearer " + platformKey).GET().build();
            }, 200);
            System.out.println(pages);

            if (seedSignals > 0) {
                long t0 = System.nanoTime();
                seed(config, seedSignals);
                System.out.printf(Locale.ROOT, "seeded %,d signal changes in %.1f s%n", seedSignals, (System.nanoTime() - t0) / 1e9);
                String fresh = hub.createApiKey(hub.createMember("Fresh platform", Role.PLATFORM).id());
                long start = System.nanoTime();
                long after = 0;
                long changes = 0;
                while (true) {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/v1/signals?after=" + after + "&limit=10000"))
                            .header("Authorization", "Bearer " + fresh).GET().build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200) throw new IllegalStateException("sync page answered " + r.statusCode() + ": " + r.body());
                    var page = org.reportonce.protocol.Json.mapper().readTree(r.body());
                    changes += page.get("changes").size();
                    after = page.get("next").asLong();
                    if (!page.get("hasMore").asBoolean()) break;
                }
                double s = (System.nanoTime() - start) / 1e9;
                System.out.printf(Locale.ROOT, "full sync: %,d changes in %.1f s (%,.0f changes/s), pages of 10000%n", changes, s, changes / s);
            }
        }
        return 0;
    }

    private static long maxSeq(Hub hub, HubConfig config) {
        try (Database db = Database.open(config.jdbcUrl(), config.dataDir())) {
            return db.read(SignalLog::maxSeq);
        }
    }

    /** Seeds signals and their changes by SQL, 10 000 per transaction, through the same log code as reports. */
    private static void seed(HubConfig config, int n) {
        try (Database db = Database.open(config.jdbcUrl(), config.dataDir())) {
            Instant now = Clock.systemUTC().instant();
            for (int done = 0; done < n; ) {
                int batch = Math.min(10_000, n - done);
                db.write(h -> {
                    var insert = h.prepareBatch("INSERT INTO signal (signal_type, hash_value, quality, status, reported_at, created_at, last_seq) "
                            + "VALUES ('sha256', :v, NULL, 'ACTIVE', :t, :t, 0)");
                    List<String> values = new ArrayList<>(batch);
                    for (int i = 0; i < batch; i++) {
                        values.add(hex(32));
                        insert.bind("v", values.get(i)).bind("t", now.toEpochMilli()).add();
                    }
                    List<Long> ids = insert.executePreparedBatch("id").mapTo(Long.class).list();
                    List<SignalLog.Snapshot> snaps = new ArrayList<>(batch);
                    for (int i = 0; i < ids.size(); i++) {
                        snaps.add(new SignalLog.Snapshot(ids.get(i), SignalType.SHA256, values.get(i), null, SignalStatus.ACTIVE, now.toEpochMilli()));
                    }
                    SignalLog.append(h, snaps, now);
                    return null;
                });
                done += batch;
            }
        }
    }

    record Result(String name, long ok, long failed, double seconds, long p50us, long p95us, long p99us) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-32s %,9.0f /s   p50 %6.1f ms   p95 %6.1f ms   p99 %6.1f ms   (%,d ok, %,d failed)",
                    name, ok / seconds, p50us / 1000.0, p95us / 1000.0, p99us / 1000.0, ok, failed);
        }
    }

    interface RequestMaker {
        HttpRequest make() throws Exception;
    }

    private Result timed(URI base, String name, RequestMaker maker, int expected) throws Exception {
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicLong failed = new AtomicLong();
        // warm up
        for (int i = 0; i < 20; i++) http.send(maker.make(), HttpResponse.BodyHandlers.discarding());
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            for (int c = 0; c < clients; c++) {
                pool.submit(() -> {
                    List<Long> mine = new ArrayList<>();
                    while (System.nanoTime() < end) {
                        try {
                            HttpRequest req = maker.make();
                            long t = System.nanoTime();
                            HttpResponse<Void> r = http.send(req, HttpResponse.BodyHandlers.discarding());
                            long us = (System.nanoTime() - t) / 1000;
                            if (r.statusCode() == expected) mine.add(us); else failed.incrementAndGet();
                        } catch (Exception e) {
                            failed.incrementAndGet();
                        }
                    }
                    latencies.addAll(mine);
                    return null;
                });
            }
        }
        double secs = (System.nanoTime() - start) / 1e9;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return new Result(name, sorted.size(), failed.get(), secs, pct(sorted, 50), pct(sorted, 95), pct(sorted, 99));
    }

    private static long pct(List<Long> sorted, int p) {
        if (sorted.isEmpty()) return 0;
        return sorted.get(Math.max(0, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}

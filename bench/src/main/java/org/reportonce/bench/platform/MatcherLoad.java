package org.reportonce.bench.platform;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;
import org.reportonce.hashing.Hash256;
import org.reportonce.hub.Hub;
import org.reportonce.hub.HubConfig;
import org.reportonce.hub.Member;
import org.reportonce.hub.Role;
import org.reportonce.platform.MatchOptions;
import org.reportonce.platform.Platform;
import org.reportonce.platform.PlatformConfig;
import org.reportonce.platform.QueryHash;
import org.reportonce.testing.PdqData;

/**
 * Load runs of the platform matcher over loopback HTTP, bounded in count and time. Not JMH: each
 * figure is a whole-system rate (HTTP server, JSON, index, database) with the load generator on the
 * same machine. Build {@code ./mvnw -B -ntp -pl bench -am package -DskipTests}, then:
 *
 * <pre>
 * java -Xmx2g -cp bench/target/benchmarks.jar org.reportonce.bench.platform.MatcherLoad sync 10000000
 *     # first sync of N synthetic signals: time, rate, heap after GC (the 10 M memory figure)
 * java -Xmx2g -cp bench/target/benchmarks.jar org.reportonce.bench.platform.MatcherLoad memory 10000000
 *     # a bank of N signals written straight into the matcher's database, then a matcher started on
 *     # it with -Xmx2g: start time and heap after GC (the steady-state memory of an N-signal bank)
 * java -cp bench/target/benchmarks.jar org.reportonce.bench.platform.MatcherLoad hash 1000000 200000 32 60
 *     # bank of 1 M, then 200 000 POST /v1/match by hash (JSON) from 32 concurrent clients, at most 60 s
 * java -cp bench/target/benchmarks.jar org.reportonce.bench.platform.MatcherLoad bytes 3000 4 60
 *     # 3 000 POST /v1/match with a ~1 MP JPEG from 4 clients, at most 60 s
 * java -cp bench/target/benchmarks.jar org.reportonce.bench.platform.MatcherLoad latency 30
 *     # real hub: 30 reports, each timed from the hub's 201 to the first matching /v1/match
 * java -cp bench/target/benchmarks.jar org.reportonce.bench.platform.MatcherLoad serve 1000000 300
 *     # a matcher with a synced bank of N synthetic signals for an external load tool (wrk with bench/platform/*.lua);
 *     # prints "MATCHER url" when ready, stops after the given seconds
 * </pre>
 */
public final class MatcherLoad {
    private MatcherLoad() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: MatcherLoad sync N | hash BANK REQUESTS CLIENTS MAXSECONDS | bytes REQUESTS CLIENTS MAXSECONDS | latency REPORTS");
            System.exit(2);
        }
        switch (args[0]) {
            case "sync" -> sync(Long.parseLong(args[1]));
            case "memory" -> memory(Long.parseLong(args[1]));
            case "serve" -> serve(Long.parseLong(args[1]), Integer.parseInt(args[2]));
            case "hash" -> hash(Long.parseLong(args[1]), Long.parseLong(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            case "bytes" -> bytes(Long.parseLong(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "latency" -> latency(Integer.parseInt(args[1]));
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
        System.exit(0);
    }

    private static Platform syncedMatcher(SyntheticHub hub, long n, Path data) throws Exception {
        long t0 = System.nanoTime();
        Platform p = Platform.start(PlatformConfig.builder(hub.uri(), "synthetic").dataDir(data).useStream(false)
                .syncPageSize(10_000).pollInterval(Duration.ofSeconds(1)).build());
        long lastPrint = t0;
        while (p.checkpoint() < n) {
            Thread.sleep(50);
            if (System.nanoTime() - lastPrint > 10_000_000_000L) {
                lastPrint = System.nanoTime();
                System.err.printf("  synced %,d of %,d (%.0f s)%n", p.checkpoint(), n, (lastPrint - t0) / 1e9);
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "sync: %,d signals in %.1f s = %,.0f signals/s (start included)%n", n, secs, n / secs);
        return p;
    }

    static void sync(long n) throws Exception {
        Path data = Files.createTempDirectory("matcher-sync");
        try (SyntheticHub hub = new SyntheticHub(n, 1)) {
            Platform p = syncedMatcher(hub, n, data);
            printHeap("after first sync");
            p.close();
            long t0 = System.nanoTime();
            p = Platform.start(PlatformConfig.builder(hub.uri(), "synthetic").dataDir(data).useStream(false).build());
            System.out.printf(Locale.ROOT, "restart: bank of %,d loaded in %.1f s%n", p.health().bankPdqSignals(),
                    (System.nanoTime() - t0) / 1e9);
            printHeap("after restart (bank loaded from disk)");
            System.out.printf(Locale.ROOT, "database on disk: %,d MB%n", folderSize(data) >> 20);
            p.close();
        }
    }

    static void serve(long bank, int seconds) throws Exception {
        Path data = Files.createTempDirectory("matcher-serve");
        try (SyntheticHub hub = new SyntheticHub(bank, 2); Platform p = syncedMatcher(hub, bank, data)) {
            System.out.println("MATCHER " + p.baseUri());
            System.out.println("NEAR " + SyntheticHub.hash(2, 1).toHex());
            System.out.flush();
            Thread.sleep(seconds * 1000L);
        }
    }

    static void memory(long n) throws Exception {
        Path data = Files.createTempDirectory("matcher-memory");
        URI nowhere = URI.create("http://127.0.0.1:9");
        Platform.start(PlatformConfig.builder(nowhere, "none").dataDir(data).port(-1).build()).close(); // schema
        long t0 = System.nanoTime();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:h2:file:" + data.resolve("matcher"), "sa", "")) {
            c.setAutoCommit(false);
            try (java.sql.PreparedStatement ps = c.prepareStatement("insert into bank_signal (signal_id, seq, type, hash_value, "
                    + "quality, status, reported_at, deadline, changed_at, applied_at) values (?, ?, 'pdq', ?, 90, 'ACTIVE', ?, ?, ?, ?)")) {
                java.sql.Timestamp t = java.sql.Timestamp.from(java.time.Instant.parse("2026-01-01T00:00:00Z"));
                for (long i = 1; i <= n; i++) {
                    ps.setLong(1, i);
                    ps.setLong(2, i);
                    ps.setString(3, SyntheticHub.hash(7, i).toHex());
                    ps.setTimestamp(4, t);
                    ps.setTimestamp(5, t);
                    ps.setTimestamp(6, t);
                    ps.setTimestamp(7, t);
                    ps.addBatch();
                    if (i % 10_000 == 0 || i == n) {
                        ps.executeBatch();
                        c.commit();
                    }
                    if (i % 1_000_000 == 0) System.err.printf("  written %,d (%.0f s)%n", i, (System.nanoTime() - t0) / 1e9);
                }
            }
            try (var st = c.createStatement()) {
                st.executeUpdate("update sync_state set checkpoint = " + n);
            }
            c.commit();
        }
        System.out.printf(Locale.ROOT, "bank of %,d written in %.0f s; database on disk: %,d MB%n", n,
                (System.nanoTime() - t0) / 1e9, folderSize(data) >> 20);
        printHeap("before the matcher starts");
        // each start in its own method, so that no stack slot of this one keeps a closed matcher reachable
        startMatchAndClose(data, nowhere, n);
        printHeap("after the matcher closed");
        restartFromSnapshot(data, nowhere);
    }

    private static void startMatchAndClose(Path data, URI nowhere, long n) throws Exception {
        long t0 = System.nanoTime();
        try (Platform p = Platform.start(PlatformConfig.builder(nowhere, "none").dataDir(data).build())) {
            System.out.printf(Locale.ROOT, "matcher started on a bank of %,d in %.1f s%n", p.health().bankPdqSignals(),
                    (System.nanoTime() - t0) / 1e9);
            printHeap("with the bank loaded");
            SplittableRandom random = new SplittableRandom(8);
            long q0 = System.nanoTime();
            int hits = 0;
            for (int i = 0; i < 1000; i++) {
                Hash256 h = i % 2 == 0 ? flip(SyntheticHub.hash(7, 1 + random.nextLong(n)), 10, random)
                        : new Hash256(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
                if (p.matcher().matchHashes(List.of(QueryHash.pdq(h.toHex(), 90)), MatchOptions.DEFAULT).matched()) hits++;
            }
            System.out.printf(Locale.ROOT, "1000 in-process matches (half near a signal): %d matched, %.0f us each%n", hits,
                    (System.nanoTime() - q0) / 1e3 / 1000);
        }
    }

    private static void restartFromSnapshot(Path data, URI nowhere) throws Exception {
        // the clean close of the first start saved the index snapshot: this start skips reading the rows
        long t0 = System.nanoTime();
        try (Platform p = Platform.start(PlatformConfig.builder(nowhere, "none").dataDir(data).build())) {
            System.out.printf(Locale.ROOT, "restart from the index snapshot on a bank of %,d in %.1f s%n",
                    p.health().bankPdqSignals(), (System.nanoTime() - t0) / 1e9);
            printHeap("after the restart");
        }
    }

    static void hash(long bank, long requests, int clients, int maxSeconds) throws Exception {
        Path data = Files.createTempDirectory("matcher-hash");
        try (SyntheticHub hub = new SyntheticHub(bank, 2); Platform p = syncedMatcher(hub, bank, data)) {
            SplittableRandom random = new SplittableRandom(3);
            // a tenth of the queries are near a signal (a re-upload), the rest are new content
            int distinct = 10_000;
            byte[][] bodies = new byte[distinct][];
            for (int i = 0; i < distinct; i++) {
                Hash256 h = i % 10 == 0 ? flip(SyntheticHub.hash(2, 1 + random.nextLong(bank)), 8, random)
                        : new Hash256(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
                bodies[i] = ("{\"hashes\":[{\"type\":\"pdq\",\"value\":\"" + h.toHex() + "\",\"quality\":90}]}")
                        .getBytes(StandardCharsets.UTF_8);
            }
            // warm up: the JIT, connections
            run(p.baseUri(), "application/json", bodies, Math.min(requests / 10, 20_000), clients, maxSeconds, false);
            run(p.baseUri(), "application/json", bodies, requests, clients, maxSeconds, true);
            System.out.println("sanity: near-duplicate matches? " + p.matcher().matchHashes(List.of(QueryHash.pdq(
                    flip(SyntheticHub.hash(2, 7), 10, random).toHex(), 90)), MatchOptions.DEFAULT).matched());
        }
    }

    static void bytes(long requests, int clients, int maxSeconds) throws Exception {
        BufferedImage src = ImageIO.read(PdqData.file("pdq-data/bridge-mods/aaa-orig.jpg").toFile());
        // ~1 MP (1262 x 792) JPEGs, a few distinct ones so no cache could help
        byte[][] bodies = new byte[8][];
        for (int i = 0; i < bodies.length; i++) {
            BufferedImage img = new BufferedImage(1262 - i, 792, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(src, 0, 0, img.getWidth(), img.getHeight(), null);
            g.dispose();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "jpeg", out);
            bodies[i] = out.toByteArray();
        }
        System.out.printf(Locale.ROOT, "JPEG: %d x %d, %,d bytes%n", 1262, 792, bodies[0].length);
        Path data = Files.createTempDirectory("matcher-bytes");
        try (SyntheticHub hub = new SyntheticHub(100_000, 4); Platform p = syncedMatcher(hub, 100_000, data)) {
            run(p.baseUri(), "image/jpeg", bodies, Math.min(requests / 10, 200), clients, maxSeconds, false);
            run(p.baseUri(), "image/jpeg", bodies, requests, clients, maxSeconds, true);
        }
    }

    static void latency(int reports) throws Exception {
        Path data = Files.createTempDirectory("matcher-latency");
        try (Hub hub = Hub.start(HubConfig.builder().requestsPerKeySecond(100_000).build())) {
            Member m = hub.createMember("latency", Role.PLATFORM);
            String key = hub.createApiKey(m.id());
            try (Platform p = Platform.start(PlatformConfig.builder(hub.baseUri(), key).dataDir(data).build())) {
                while (!p.health().streamConnected()) Thread.sleep(20);
                HttpClient http = HttpClient.newHttpClient();
                SplittableRandom random = new SplittableRandom(5);
                long[] micros = new long[reports];
                for (int i = 0; i < reports; i++) {
                    String hex = new Hash256(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong()).toHex();
                    String body = "{\"declarations\":{\"intimateImage\":true,\"personShownOrActing\":true,\"goodFaithAndTrue\":true},"
                            + "\"items\":[{\"signals\":[{\"type\":\"pdq\",\"value\":\"" + hex + "\",\"quality\":90}]}]}";
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(hub.baseUri().resolve("/v1/reports"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                    long accepted = System.nanoTime();
                    if (r.statusCode() != 201) throw new IllegalStateException("report refused: " + r.body());
                    List<QueryHash> q = List.of(QueryHash.pdq(hex, 90));
                    while (!p.matcher().matchHashes(q, MatchOptions.DEFAULT).matched()) {
                        Thread.onSpinWait();
                    }
                    micros[i] = (System.nanoTime() - accepted) / 1000;
                }
                Arrays.sort(micros);
                System.out.printf(Locale.ROOT, "hub 201 -> matchable (SSE): %d reports, p50 %.1f ms, p95 %.1f ms, max %.1f ms%n",
                        reports, micros[reports / 2] / 1000.0, micros[(int) Math.min(reports - 1, Math.ceil(reports * 0.95) - 1)] / 1000.0,
                        micros[reports - 1] / 1000.0);
            }
        }
    }

    /** Sends {@code count} requests from {@code clients} concurrent clients (or until maxSeconds); prints the rate. */
    private static void run(URI matcher, String contentType, byte[][] bodies, long count, int clients, int maxSeconds,
                            boolean print) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(2)).build();
        URI target = URI.create(matcher + "/v1/match");
        AtomicLong next = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long[][] latencies = new long[clients][];
        int[] done = new int[clients];
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        long t0 = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            int client = c;
            latencies[c] = new long[(int) Math.min(count, 2_000_000) / clients + 2];
            pool.submit(() -> {
                long i;
                while ((i = next.getAndIncrement()) < count && System.nanoTime() < deadline) {
                    long s = System.nanoTime();
                    try {
                        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(target).header("Content-Type", contentType)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(bodies[(int) (i % bodies.length)])).build(),
                                HttpResponse.BodyHandlers.ofByteArray());
                        if (r.statusCode() != 200) errors.incrementAndGet();
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    if (done[client] < latencies[client].length) latencies[client][done[client]] = System.nanoTime() - s;
                    done[client]++;
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(maxSeconds + 30, TimeUnit.SECONDS);
        double secs = (System.nanoTime() - t0) / 1e9;
        long total = 0;
        List<Long> all = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            total += done[c];
            for (int k = 0; k < Math.min(done[c], latencies[c].length); k++) all.add(latencies[c][k]);
        }
        if (!print) return;
        all.sort(null);
        System.out.printf(Locale.ROOT, "%s: %,d requests in %.1f s = %,.0f requests/s, %d clients, %d errors, "
                        + "latency p50 %.2f ms p99 %.2f ms%n", contentType, total, secs, total / secs, clients, errors.get(),
                all.get(all.size() / 2) / 1e6, all.get((int) (all.size() * 0.99)) / 1e6);
    }

    private static Hash256 flip(Hash256 h, int bits, SplittableRandom random) {
        long[] w = {h.w0(), h.w1(), h.w2(), h.w3()};
        java.util.Set<Integer> chosen = new java.util.HashSet<>();
        while (chosen.size() < bits) chosen.add(random.nextInt(256));
        for (int b : chosen) w[b >> 6] ^= 1L << (b & 63);
        return new Hash256(w[0], w[1], w[2], w[3]);
    }

    private static void printHeap(String when) {
        for (int i = 0; i < 3; i++) System.gc();
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        System.out.printf(Locale.ROOT, "heap used %s (after GC): %,d MB (max %,d MB)%n", when, used >> 20,
                Runtime.getRuntime().maxMemory() >> 20);
    }

    private static long folderSize(Path dir) throws java.io.IOException {
        try (var s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }
}

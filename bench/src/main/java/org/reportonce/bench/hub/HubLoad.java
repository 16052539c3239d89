package org.reportonce.bench.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.reportonce.protocol.Json;
import org.reportonce.testing.PostgresCluster;

/**
 * Load on a hub on loopback, backed by PostgreSQL, with throughput and latency percentiles: the
 * figures of the hub's speed targets (issue 4: at least 500 reports/s and 2 000 signal pages/s at
 * p99 at most 100 ms; a new platform syncs a million signals in at most 60 s).
 *
 * <p>It starts a throwaway PostgreSQL cluster (durable settings unless {@code --no-fsync}) or uses
 * {@code --pg-url}, migrates a fresh database, seeds it with {@code --signals} signals, starts the hub
 * in this JVM on a random port, and runs the scenarios one after the other, each bounded by a request
 * count and a time:
 * <ul>
 *   <li>{@code sync}: a new platform pages {@code GET /v1/signals?limit=10000} from 0 to the end;</li>
 *   <li>{@code stopncii-sync}: the same through {@code GET /stopncii/v1/FetchHashes?pageSize=10000};</li>
 *   <li>{@code polling}: {@code --workers} caught-up platforms poll the head of the log (the steady state);</li>
 *   <li>{@code pages}: {@code --workers} platforms read forward from their own checkpoints, pages of
 *       {@code --page-limit} changes, each page recording delivery evidence for the cases in it;</li>
 *   <li>{@code reports}: {@code --workers} platforms file reports (one image: a PDQ and an MD5) through
 *       {@code POST /v1/reports}.</li>
 *   <li>{@code reports-wrk}: the same reports with {@code wrk} as the client ({@code bench/hub/reports.lua},
 *       {@code --connections}); the client's own CPU then hardly counts;</li>
 * </ul>
 * Closed loop: each worker sends its next request when the last one answered. Requests started in the
 * warm-up are not counted. The machine's load ({@code uptime}) is printed with every figure because
 * the machine is shared.
 *
 * <p>Run (after {@code ./mvnw -B -ntp -pl bench -am package -DskipTests}):
 * <pre>
 * java -cp bench/target/benchmarks.jar org.reportonce.bench.hub.HubLoad \
 *      [--scenarios sync,stopncii-sync,polling,pages,reports,reports-wrk] [--connections 32] [--signals 1000000] [--workers 16] \
 *      [--seconds 20] [--warmup 5] [--requests 200000] [--page-limit 100] [--no-fsync] [--pg-url URL]
 * </pre>
 */
public final class HubLoad {

    private static final ObjectMapper JSON = Json.mapper();

    private final Map<String, String> opts;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private HubProcess hub;
    private URI base;
    private String jdbcUrl;
    private long pgPid = -1;

    private HubLoad(Map<String, String> opts) {
        this.opts = opts;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        opts.put("scenarios", "sync,stopncii-sync,polling,pages,reports");
        opts.put("signals", "1000000");
        opts.put("workers", "16");
        opts.put("seconds", "20");
        opts.put("warmup", "5");
        opts.put("requests", "200000");
        opts.put("page-limit", "100");
        opts.put("pin-memory-kib", "64");
        opts.put("pin-pool", "20000");
        opts.put("connections", "32");
        opts.put("wrk-script", "bench/hub/reports.lua");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                System.out.println("usage: HubLoad [--scenarios sync,stopncii-sync,polling,pages,reports] [--signals N] [--workers N] "
                        + "[--seconds N] [--warmup N] [--requests N] [--page-limit N] [--pin-memory-kib N] [--pin-pool N] [--no-fsync] "
                        + "[--pg-url URL [--pg-pid PID]] [--hub-jfr FILE]");
                return;
            }
            if (!a.startsWith("--")) throw new IllegalArgumentException("unexpected argument '" + a + "'; see --help");
            String name = a.substring(2);
            if (name.equals("no-fsync")) {
                opts.put(name, "true");
            } else if (opts.containsKey(name) || name.equals("pg-url") || name.equals("pg-pid") || name.equals("hub-jfr")) {
                if (i + 1 >= args.length) throw new IllegalArgumentException("--" + name + " needs a value");
                opts.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("unknown option --" + name + "; see --help");
            }
        }
        new HubLoad(opts).run();
    }

    private int intOpt(String name) {
        try {
            return Integer.parseInt(opts.get(name).replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be an integer, got '" + opts.get(name) + "'");
        }
    }

    private void run() throws Exception {
        PostgresCluster own = null;
        String admin = opts.get("pg-url");
        boolean durable = !opts.containsKey("no-fsync");
        if (admin == null) {
            // PostgreSQL's durable defaults (fsync, synchronous commit) unless asked not to: the hub
            // promises that an accepted report survives a crash
            List<String> settings = new ArrayList<>(List.of("max_connections=200", "shared_buffers=256MB"));
            if (!durable) settings.addAll(List.of("fsync=off", "synchronous_commit=off"));
            own = PostgresCluster.start(settings);
            Runtime.getRuntime().addShutdownHook(new Thread(own::close)); // also on Ctrl-C
            admin = own.adminUrl();
        }
        try {
            String db = "load_" + Long.toString(System.nanoTime(), 36);
            String url;
            try (var c = java.sql.DriverManager.getConnection(admin); var s = c.createStatement()) {
                s.execute("CREATE DATABASE " + db);
            }
            url = admin.replaceFirst("/[^/?]+(\\?|$)", "/" + db + "$1");
            int signals = intOpt("signals");
            // migrate by starting the hub once, then seed underneath it
            int pool = intOpt("pin-pool");
            // migrate and seed before the hub process starts, so its start-up work is not in the figures
            org.flywaydb.core.Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").load().migrate();
            jdbcUrl = url;
            pgPid = own != null ? own.postmasterPid() : opts.containsKey("pg-pid") ? Long.parseLong(opts.get("pg-pid")) : -1;
            long t0 = System.nanoTime();
            LoadSeed.seed(url, signals, Instant.now().minus(Duration.ofHours(1)).toEpochMilli());
            double seeded = (System.nanoTime() - t0) / 1e9;
            List<String> jvm = new ArrayList<>(List.of("-Xmx2g"));
            if (opts.containsKey("hub-jfr")) jvm.add("-XX:StartFlightRecording=filename=" + opts.get("hub-jfr") + ",settings=profile");
            hub = HubProcess.start(url, intOpt("pin-memory-kib"), pool, jvm);
            base = hub.base;
            System.out.printf(Locale.ROOT, "seeded %,d signals in %.1f s; PostgreSQL %s; hub (pid %d) at %s%n", signals,
                    seeded, durable ? "fsync=on" : "fsync=off", hub.pid(), base);
            for (String scenario : opts.get("scenarios").split(",")) {
                switch (scenario.trim()) {
                    case "sync" -> sync("/v1/signals?limit=10000&after=", "next", "hasMore", "changes");
                    case "stopncii-sync" -> sync(null, null, null, null);
                    case "pages" -> pages(false);
                    case "polling" -> pages(true);
                    case "reports" -> reports();
                    case "reports-wrk" -> reportsWithWrk();
                    default -> throw new IllegalArgumentException("unknown scenario '" + scenario + "'");
                }
            }
        } finally {
            if (hub != null) hub.close();
            if (own != null) own.close();
        }
    }

    private String platformKey(String name) throws IOException {
        return hub.platform(name)[1];
    }

    /** A new platform reads the whole log, one big page after another, as fast as it can. */
    private void sync(String path, String nextField, String moreField, String listField) throws Exception {
        boolean stopNcii = path == null;
        String key = platformKey(stopNcii ? "Load StopNCII newcomer" : "Load newcomer");
        String load = uptime();
        long hubCpu0 = treeCpuNanos(hub.pid(), false);
        long pgCpu0 = pgCpuNanos();
        long start = System.nanoTime();
        long records = 0;
        int pages = 0;
        List<Long> latencies = new ArrayList<>();
        String cursor = stopNcii ? "" : "0";
        boolean more = true;
        while (more) {
            String p = stopNcii
                    ? "stopncii/v1/FetchHashes?startTimestamp=10&pageSize=10000" + (cursor.isEmpty() ? "" : "&nextPageToken=" + cursor)
                    : path.substring(1) + cursor;
            HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(p)).GET().timeout(Duration.ofSeconds(120));
            if (stopNcii) b.header("x-functions-key", key).header("Ocp-Apim-Subscription-Key", key);
            else b.header("Authorization", "Bearer " + key);
            long t = System.nanoTime();
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) throw new IllegalStateException("sync page failed: " + r.statusCode() + " " + new String(r.body()));
            JsonNode page = JSON.readTree(r.body());
            latencies.add(System.nanoTime() - t);
            pages++;
            if (stopNcii) {
                records += page.get("count").asLong();
                cursor = page.get("nextPageToken").asText();
                more = page.get("hasMoreRecords").asBoolean();
            } else {
                records += page.get(listField).size();
                cursor = page.get(nextField).asText();
                more = page.get(moreField).asBoolean();
            }
            if (System.nanoTime() - start > Duration.ofMinutes(10).toNanos()) throw new IllegalStateException("sync took over 10 minutes; stopped");
        }
        double secs = (System.nanoTime() - start) / 1e9;
        double hubCpu = (treeCpuNanos(hub.pid(), false) - hubCpu0) / 1e9;
        double pgCpu = pgCpu0 < 0 ? Double.NaN : (pgCpuNanos() - pgCpu0) / 1e9;
        long[] l = latencies.stream().mapToLong(Long::longValue).toArray();
        System.out.printf(Locale.ROOT, "%-14s %,d records in %,d pages of up to 10 000: %.1f s (%,.0f records/s), page p50 %.0f ms, p99 %.0f ms | load before: %s | after: %s%n",
                stopNcii ? "stopncii-sync" : "sync", records, pages, secs, records / secs, pct(l, 50), pct(l, 99), load, uptime());
        System.out.printf(Locale.ROOT, "  CPU: hub JVM %.1f s, PostgreSQL %.1f s (one client, one page at a time: about %.0f s when the CPU is ours)%n",
                hubCpu, pgCpu, hubCpu + pgCpu);
    }

    /**
     * Many platforms reading the log, each from its own checkpoint, which moves as a real platform's
     * does. {@code reading}: each had synced up to a random point and reads forward, a page of
     * --page-limit changes at a time (starting again elsewhere at the end of the log); every page
     * delivers about limit/2 cases, each recorded as evidence. {@code polling}: each is caught up and
     * polls the head of the log, the steady state of a network of platforms (pages empty or nearly).
     */
    private void pages(boolean polling) throws Exception {
        int workers = intOpt("workers");
        int limit = intOpt("page-limit");
        long max = intOpt("signals");
        String[] keys = new String[workers];
        long[] after = new long[workers];
        try (var c = java.sql.DriverManager.getConnection(jdbcUrl);
                var ps = c.prepareStatement("INSERT INTO platform_sync (member_id, acked_seq, delivered_seq) VALUES (?, ?, ?)")) {
            long head;
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT val FROM counter WHERE name = 'signal_change'")) {
                rs.next();
                head = rs.getLong(1);
            }
            for (int i = 0; i < workers; i++) {
                String[] m = hub.platform("Load " + (polling ? "poller " : "reader ") + i);
                keys[i] = m[1];
                after[i] = polling ? head : ThreadLocalRandom.current().nextLong(Math.max(1, max - 100L * limit));
                ps.setString(1, m[0]);
                ps.setLong(2, after[i]);
                ps.setLong(3, after[i]);
                ps.executeUpdate();
            }
        }
        runClosedLoop(polling ? "polling" : "pages", workers, (w, previous) -> {
            if (previous != null) {
                JsonNode page = JSON.readTree(previous);
                after[w] = page.get("hasMore").asBoolean() || polling ? page.get("next").asLong()
                        : ThreadLocalRandom.current().nextLong(Math.max(1, max - 100L * limit));
            }
            return HttpRequest.newBuilder(base.resolve("v1/signals?after=" + after[w] + "&limit=" + limit))
                    .header("Authorization", "Bearer " + keys[w]).GET().timeout(Duration.ofSeconds(30)).build();
        }, polling ? "poll at the head (limit " + limit + ")" : "page of " + limit + " changes");
    }

    /** Platforms filing their users' reports: one image each, a PDQ and an MD5. */
    private void reports() throws Exception {
        int workers = intOpt("workers");
        String[] keys = new String[workers];
        for (int i = 0; i < workers; i++) keys[i] = platformKey("Load reporter " + i);
        String declarations = "{\"intimateImage\":true,\"personShownOrActing\":true,\"goodFaithAndTrue\":true}";
        var threadMx = java.lang.management.ManagementFactory.getThreadMXBean();
        var prodPins = new org.reportonce.hub.auth.Pins(new java.security.SecureRandom(), org.reportonce.hub.auth.Pins.DEFAULT_MEMORY_KIB);
        prodPins.hash("WARM-UP1");
        long cpu0 = threadMx.getCurrentThreadCpuTime();
        for (int i = 0; i < 5; i++) prodPins.hash("ABCD-EFGH");
        System.out.printf(Locale.ROOT, "Argon2id at production parameters (m=%d KiB, t=2, p=1): %.1f ms CPU per PIN%n",
                org.reportonce.hub.auth.Pins.DEFAULT_MEMORY_KIB, (threadMx.getCurrentThreadCpuTime() - cpu0) / 5e6);
        long fillStart = System.nanoTime();
        int want = intOpt("pin-pool");
        while (hub.pinsReady() < want && System.nanoTime() - fillStart < Duration.ofMinutes(10).toNanos()) Thread.sleep(200);
        System.out.printf(Locale.ROOT, "PIN pool: %,d ready after %.1f s (Argon2id m=%d KiB, t=2)%n", hub.pinsReady(),
                (System.nanoTime() - fillStart) / 1e9, intOpt("pin-memory-kib"));
        runClosedLoop("reports", workers, (w, previous) -> {
            String body = "{\"declarations\":" + declarations + ",\"reportedAt\":\"" + Instant.now().minusSeconds(60)
                    + "\",\"items\":[{\"label\":\"photo\",\"signals\":[{\"type\":\"pdq\",\"value\":\"" + hex(32)
                    + "\",\"quality\":90},{\"type\":\"md5\",\"value\":\"" + hex(16) + "\"}]}]}";
            return HttpRequest.newBuilder(base.resolve("v1/reports")).header("Authorization", "Bearer " + keys[w])
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                    .timeout(Duration.ofSeconds(30)).build();
        }, "report (1 item: pdq + md5)");
    }

    /**
     * The reports scenario with {@code wrk} (Debian's package) as the load client instead of this JVM's
     * HTTP client: wrk costs tens of microseconds of CPU per request where java.net.http costs about a
     * millisecond, and on two shared cores the client's CPU is taken from the hub. Same request body,
     * same PIN pool; --connections open connections over two wrk threads, the keys used in turn.
     */
    private void reportsWithWrk() throws Exception {
        int workers = intOpt("workers");
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < workers; i++) keys.add(platformKey("Load wrk reporter " + i));
        long fillStart = System.nanoTime();
        int want = intOpt("pin-pool");
        while (hub.pinsReady() < want && System.nanoTime() - fillStart < Duration.ofMinutes(10).toNanos()) Thread.sleep(200);
        System.out.printf(Locale.ROOT, "PIN pool: %,d ready (Argon2id m=%d KiB, t=2)%n", hub.pinsReady(), intOpt("pin-memory-kib"));
        String target = base.resolve("v1/reports").toString();
        wrk(keys, intOpt("warmup"), target); // warm-up: JIT, connection pools; not counted
        String load = uptime();
        long jvmCpu0 = treeCpuNanos(hub.pid(), false);
        long pgCpu0 = pgCpuNanos();
        String line = wrk(keys, intOpt("seconds"), target);
        long jvmCpu = treeCpuNanos(hub.pid(), false) - jvmCpu0;
        long pgCpu = pgCpuNanos() - pgCpu0;
        // WRK requests N seconds S non2xx E socketErrors X p50 .. p95 .. p99 .. max ..
        String[] f = line.trim().split("\\s+");
        long requests = Long.parseLong(f[2]);
        double secs = Double.parseDouble(f[4]);
        long bad = Long.parseLong(f[6]) + Long.parseLong(f[8]);
        long ok = Math.max(1, requests - bad);
        System.out.printf(Locale.ROOT, "%-14s %,d x report (1 item: pdq + md5), wrk %d connections, %d keys, %.1f s: %,.0f/s, "
                        + "p50 %s ms, p95 %s ms, p99 %s ms, max %s ms, errors %d | load at start: %s | at end: %s%n",
                "reports-wrk", requests, intOpt("connections"), keys.size(), secs, ok / secs, f[10], f[12], f[14], f[16], bad, load, uptime());
        System.out.printf(Locale.ROOT, "  CPU per request: hub JVM %.2f ms, PostgreSQL %s (wrk not counted)%n", jvmCpu / 1e6 / ok,
                pgCpu < 0 ? "not measured" : String.format(Locale.ROOT, "%.2f ms", pgCpu / 1e6 / ok));
    }

    /** Runs wrk for {@code seconds} and returns its summary line (the script's {@code done}). */
    private String wrk(List<String> keys, int seconds, String target) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("wrk", "-t2", "-c" + intOpt("connections"), "-d" + seconds + "s", "--timeout", "30s",
                "-s", opts.get("wrk-script"), target).redirectErrorStream(true);
        pb.environment().put("REPORTONCE_KEYS", String.join(",", keys));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IOException("could not run wrk (Debian package 'wrk'): " + e.getMessage(), e);
        }
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IllegalStateException("wrk failed: " + out);
        return out.lines().filter(l -> l.startsWith("WRK ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no summary line from wrk's script: " + out));
    }

    interface RequestMaker {
        /** The worker's next request; {@code previous} is the body of its last 200 answer (null at first). */
        HttpRequest make(int worker, byte[] previous) throws IOException;
    }

    private void runClosedLoop(String name, int workers, RequestMaker maker, String unit) throws Exception {
        long warmupNanos = Duration.ofSeconds(intOpt("warmup")).toNanos();
        long runNanos = Duration.ofSeconds(intOpt("seconds")).toNanos();
        int maxRequests = intOpt("requests");
        long begin = System.nanoTime();
        long measureFrom = begin + warmupNanos;
        long measureTo = measureFrom + runNanos;
        AtomicInteger counted = new AtomicInteger();
        AtomicLong errors = new AtomicLong();
        long[][] lat = new long[workers][];
        int[] n = new int[workers];
        String[] firstError = new String[1];
        String[] loadAt = new String[1];
        Thread[] threads = new Thread[workers];
        for (int w = 0; w < workers; w++) {
            int worker = w;
            lat[w] = new long[1024];
            threads[w] = Thread.ofPlatform().name("load-" + name + "-" + w).start(() -> {
                byte[] previous = null;
                while (true) {
                    long t = System.nanoTime();
                    if (t >= measureTo || counted.get() >= maxRequests) return;
                    int status;
                    String body = null;
                    try {
                        HttpRequest req = maker.make(worker, previous);
                        t = System.nanoTime();
                        HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
                        status = r.statusCode();
                        if (status >= 300) body = new String(r.body());
                        else previous = r.body();
                    } catch (IOException e) {
                        status = -1;
                        body = e.toString();
                    } catch (InterruptedException e) {
                        return;
                    }
                    long done = System.nanoTime();
                    if (t < measureFrom) continue;
                    if (status < 200 || status >= 300) {
                        if (errors.incrementAndGet() == 1) firstError[0] = status + " " + body;
                        continue;
                    }
                    if (counted.incrementAndGet() > maxRequests) return;
                    if (n[worker] == lat[worker].length) lat[worker] = Arrays.copyOf(lat[worker], n[worker] * 2);
                    lat[worker][n[worker]++] = done - t;
                }
            });
        }
        Thread.sleep(Math.max(0, (measureFrom - System.nanoTime()) / 1_000_000));
        loadAt[0] = uptime();
        long jvmCpu0 = treeCpuNanos(hub.pid(), false);
        Map<String, Long> threads0 = threadCpuNanos(hub.pid());
        long pgCpu0 = pgCpuNanos();
        int counted0 = counted.get();
        for (Thread t : threads) t.join();
        long end = Math.min(System.nanoTime(), measureTo);
        long jvmCpu = treeCpuNanos(hub.pid(), false) - jvmCpu0;
        Map<String, Long> threads1 = threadCpuNanos(hub.pid());
        long pgCpu = pgCpuNanos() - pgCpu0;
        int total = 0;
        for (int x : n) total += x;
        long[] all = new long[total];
        int k = 0;
        for (int w = 0; w < workers; w++) {
            System.arraycopy(lat[w], 0, all, k, n[w]);
            k += n[w];
        }
        double secs = (end - measureFrom) / 1e9;
        System.out.printf(Locale.ROOT, "%-14s %,d x %s with %d workers in %.1f s: %,.0f/s, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms, errors %d | load at start: %s | at end: %s%n",
                name, total, unit, workers, secs, total / secs, pct(all, 50), pct(all, 95), pct(all, 99), pct(all, 100), errors.get(),
                loadAt[0], uptime());
        if (firstError[0] != null) System.out.println("  first error: " + firstError[0].substring(0, Math.min(300, firstError[0].length())));
        int done = Math.max(1, total - counted0);
        StringBuilder split = new StringBuilder();
        threads1.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - threads0.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .limit(6)
                .forEach(e -> split.append(split.isEmpty() ? "" : ", ").append(e.getKey()).append(' ')
                        .append(String.format(Locale.ROOT, "%.2f", e.getValue() / 1e6 / done)));
        System.out.println("  hub threads, CPU ms per request: " + split);
        if (pgCpu >= 0) {
            double perOp = (jvmCpu + pgCpu) / 1e6 / done;
            System.out.printf(Locale.ROOT, "  CPU per request: %.2f ms (hub JVM %.2f ms, PostgreSQL %.2f ms; the load client not counted) -> "
                    + "2 dedicated cores would serve about %,.0f/s%n", perOp, jvmCpu / 1e6 / done, pgCpu / 1e6 / done, 2000 / perOp);
        } else {
            System.out.printf(Locale.ROOT, "  CPU per request: hub JVM %.2f ms (PostgreSQL not measured: give --pg-pid)%n",
                    jvmCpu / 1e6 / done);
        }
    }

    private long pgCpuNanos() {
        return pgPid <= 0 ? -1 : treeCpuNanos(pgPid, true);
    }

    /** CPU time per thread group of a process (thread names with digits folded), from /proc/PID/task. */
    static Map<String, Long> threadCpuNanos(long pid) {
        Map<String, Long> out = new java.util.HashMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : tasks.toList()) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "N");
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    out.merge(name, (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L, Long::sum);
                } catch (IOException | RuntimeException gone) {
                    // the thread ended while we looked
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    /** CPU time of a process (and, with {@code children}, of its direct children, e.g. PostgreSQL's backends), from /proc. */
    static long treeCpuNanos(long root, boolean children) {
        long ticks = 0;
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(x -> x.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                try {
                    long pid = Long.parseLong(p.getFileName().toString());
                    if (pid != root && !children) continue;
                    String stat = Files.readString(p.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ppid = Long.parseLong(f[1]);
                    if (pid == root || ppid == root) ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                } catch (IOException | RuntimeException gone) {
                    // the process ended while we looked
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return ticks * 10_000_000L; // USER_HZ is 100 on Linux
    }

    /** The p-th percentile in milliseconds (nearest rank). */
    static double pct(long[] nanos, double p) {
        if (nanos.length == 0) return Double.NaN;
        long[] s = nanos.clone();
        Arrays.sort(s);
        int rank = (int) Math.ceil(p / 100.0 * s.length);
        return s[Math.max(0, Math.min(s.length - 1, rank - 1))] / 1e6;
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** The load averages, as uptime prints them. */
    static String uptime() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return "load average " + f[0] + ", " + f[1] + ", " + f[2];
        } catch (IOException e) {
            return "load unknown";
        }
    }
}

package org.reportonce.network;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.reportonce.network.DemoContent.ScenarioPicture;
import org.reportonce.network.DemoPlatform.Spec;
import org.reportonce.protocol.ReportResponse;

/**
 * The end-to-end latency measurement: many reports, each filed at Chirp as a user would, each timed
 * from sending the report until the hub shows it removed at every platform ({@link RemovalWatch}).
 * Reports are filed one after another, so each figure is the latency of a report on a network that
 * is otherwise idle (not a throughput test). Every report gets a picture of its own, placed with its
 * copies on the three platforms before the clock starts.
 *
 * <p>Run: {@code ./reportonce up --data /tmp/ro-bench --reset --measure 100} (embedded H2), or add
 * {@code --db jdbc:postgresql://...} for the hub on PostgreSQL. Figures in docs/benchmarks.md,
 * section "End to end".
 */
public final class EndToEndLoad {

    /**
     * One report's latency, and where it went.
     *
     * @param latency            sending the report until the hub was seen showing removal at every platform
     * @param answered           sending the report until Chirp's intake answered with the case number
     *                           (hashing the signal set, the hub storing the case and the PIN's Argon2id hash)
     * @param deliveredEverywhere by the hub's clock, from the report to its delivery to the last platform
     * @param removedEverywhere  by the hub's clock, from the report to the last platform's attested removal
     */
    public record Sample(int index, String caseNumber, Duration latency, Duration answered, Duration deliveredEverywhere,
                         Duration removedEverywhere) {}

    /** Nearest-rank percentiles over the samples. */
    public record Summary(List<Sample> samples, Duration p50, Duration p95, Duration max, Duration mean) {
        public String describe() {
            return String.format(Locale.ROOT, "%d reports: p50 %.3f s, p95 %.3f s, max %.3f s, mean %.3f s",
                    samples.size(), sec(p50), sec(p95), sec(max), sec(mean));
        }

        /** p50 / p95 of each phase. */
        public String phases() {
            return String.format(Locale.ROOT, "  intake answered (case number)    p50 %.3f s  p95 %.3f s%n"
                            + "  delivered to every platform (hub) p50 %.3f s  p95 %.3f s%n"
                            + "  removal attested everywhere (hub) p50 %.3f s  p95 %.3f s%n"
                            + "  seen by the client                p50 %.3f s  p95 %.3f s",
                    sec(pct(Sample::answered, 50)), sec(pct(Sample::answered, 95)),
                    sec(pct(Sample::deliveredEverywhere, 50)), sec(pct(Sample::deliveredEverywhere, 95)),
                    sec(pct(Sample::removedEverywhere, 50)), sec(pct(Sample::removedEverywhere, 95)), sec(p50), sec(p95));
        }

        private Duration pct(java.util.function.Function<Sample, Duration> f, int p) {
            return percentile(samples.stream().map(f).sorted().toList(), p);
        }
    }

    private EndToEndLoad() {}

    public static Summary run(LocalNetwork net, int reports, Duration timeoutPerReport, PrintStream progress)
            throws TimeoutException, InterruptedException {
        if (reports < 1) throw new IllegalArgumentException("the number of reports must be at least 1, got " + reports);
        progress.println("placing " + reports + " pictures and their copies on the platforms...");
        List<ScenarioPicture> pictures = new ArrayList<>(reports);
        for (int i = 0; i < reports; i++) pictures.add(net.nextScenarioPicture());
        DemoPlatform chirp = net.platform(Spec.CHIRP);
        List<Sample> samples = new ArrayList<>(reports);
        try (NetworkClient client = new NetworkClient(net.hubUri())) {
            for (int i = 0; i < reports; i++) {
                ScenarioPicture pic = pictures.get(i);
                byte[] image;
                try {
                    image = Files.readAllBytes(chirp.file(pic.original().contentReference()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                long t0 = System.nanoTime();
                ReportResponse r = client.reportAtPlatform(chirp.matcherUri(), image, pic.original().contentReference(), null);
                Duration answered = Duration.ofNanos(System.nanoTime() - t0);
                Map<DemoPlatform, JsonNode> rows = RemovalWatch.await(client, net.platforms(), r.signals().get(0).signalId(),
                        timeoutPerReport, Duration.ofMillis(20), null);
                Duration latency = Duration.ofNanos(System.nanoTime() - t0);
                Sample s = new Sample(i, r.caseNumber(), latency, answered, latest(rows, "deliveredAt", r.reportedAt()),
                        latest(rows, "removedAt", r.reportedAt()));
                samples.add(s);
                if ((i + 1) % 10 == 0 || i + 1 == reports) {
                    progress.printf(Locale.ROOT, "  %d/%d reports, last %.3f s%n", i + 1, reports, sec(s.latency()));
                }
            }
        }
        return summarize(samples);
    }

    /** The latest of a time field over the platforms' rows, after {@code from}. */
    private static Duration latest(Map<DemoPlatform, JsonNode> rows, String field, Instant from) {
        Instant last = from;
        for (JsonNode row : rows.values()) {
            JsonNode t = row.path(field);
            if (t.isTextual()) {
                Instant i = Instant.parse(t.asText());
                if (i.isAfter(last)) last = i;
            }
        }
        return Duration.between(from, last);
    }

    static Summary summarize(List<Sample> samples) {
        List<Duration> sorted = samples.stream().map(Sample::latency).sorted().toList();
        long total = sorted.stream().mapToLong(Duration::toNanos).sum();
        return new Summary(List.copyOf(samples), percentile(sorted, 50), percentile(sorted, 95), sorted.getLast(),
                Duration.ofNanos(total / sorted.size()));
    }

    static Duration percentile(List<Duration> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static double sec(Duration d) {
        return d.toNanos() / 1e9;
    }
}

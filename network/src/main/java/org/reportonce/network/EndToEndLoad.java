package org.reportonce.network;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

    /** One report's latency. */
    public record Sample(int index, String caseNumber, Duration latency) {}

    /** Nearest-rank percentiles over the samples. */
    public record Summary(List<Sample> samples, Duration p50, Duration p95, Duration max, Duration mean) {
        public String describe() {
            return String.format(Locale.ROOT, "%d reports: p50 %.3f s, p95 %.3f s, max %.3f s, mean %.3f s",
                    samples.size(), sec(p50), sec(p95), sec(max), sec(mean));
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
                RemovalWatch.await(client, net.platforms(), r.signals().get(0).signalId(), timeoutPerReport,
                        Duration.ofMillis(20), null);
                Sample s = new Sample(i, r.caseNumber(), Duration.ofNanos(System.nanoTime() - t0));
                samples.add(s);
                if ((i + 1) % 10 == 0 || i + 1 == reports) {
                    progress.printf(Locale.ROOT, "  %d/%d reports, last %.3f s%n", i + 1, reports, sec(s.latency()));
                }
            }
        }
        return summarize(samples);
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

package org.reportonce.bench.index;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import org.reportonce.hashing.Hash256;
import org.reportonce.index.HammingIndex;
import org.reportonce.index.HammingIndexes;
import org.reportonce.index.MultiIndexHammingIndex;

/**
 * Queries per second of the querying thread's own CPU time (ThreadMXBean), beside wall-clock rate.
 * On a machine shared with other work, wall-clock throughput (what JMH reports) mostly measures how
 * much of a core the benchmark got; CPU time shows what a query costs when it runs (though cache
 * contention from the other work still inflates it). A supplement to
 * {@link HammingIndexQueryBenchmark}, not a replacement.
 *
 * <p>Besides {@code miss} and {@code hit} it measures {@code hot}: one miss query asked over and
 * over, so every bucket and hash it reads stays in cache. That is the query's compute floor; the
 * gap between {@code hot} and {@code miss} is the time spent waiting for memory. Run:
 * <pre>
 * java --add-modules jdk.incubator.vector -Xmx6g -cp bench/target/benchmarks.jar \
 *     org.reportonce.bench.index.IndexCpuRate SIZE [RADIUS...]
 * </pre>
 * Without {@code --add-modules jdk.incubator.vector} the index uses its scalar bucket filter (same
 * results, more CPU); the first output line says which.
 */
public final class IndexCpuRate {
    private IndexCpuRate() {}

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        int[] radii = args.length > 1
                ? java.util.Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
                : new int[] {31};
        long[] words = BankData.words(n, "uniform", 42);
        MultiIndexHammingIndex index = HammingIndexes.build(BankData.ids(n), words);
        System.out.println(index + (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                ? " (vector filter)" : " (scalar filter: no --add-modules jdk.incubator.vector)"));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int radius : radii) {
            for (String kind : List.of("miss", "hit", "hot")) {
                Hash256[] queries = kind.equals("hot") ? hot(words) : BankData.queries(words, 4096, kind, 7);
                double best = 0, wall = 0;
                long found = 0, count = 0;
                for (int round = 0; round < 5; round++) { // the first rounds warm the JIT up
                    long cpu0 = threads.getCurrentThreadCpuTime(), t0 = System.nanoTime();
                    int done = 0;
                    while (threads.getCurrentThreadCpuTime() - cpu0 < 1_000_000_000L) {
                        for (int i = 0; i < 64; i++) {
                            List<HammingIndex.Match> hits = index.radius(queries[done++ & 4095], radius);
                            found += hits.size();
                        }
                    }
                    double rate = done / ((threads.getCurrentThreadCpuTime() - cpu0) / 1e9);
                    if (rate > best) {
                        best = rate;
                        wall = done / ((System.nanoTime() - t0) / 1e9);
                    }
                    count += done;
                }
                System.out.printf("size %d radius %d %s: %.0f queries per CPU-second (that round: %.0f per wall-second);"
                        + " %.2f matches per query%n", n, radius, kind, best, wall, found / (double) count);
            }
        }
    }

    /** 4096 copies of one miss query: its buckets and candidate hashes stay cached between queries. */
    private static Hash256[] hot(long[] words) {
        Hash256[] queries = new Hash256[4096];
        java.util.Arrays.fill(queries, BankData.queries(words, 1, "miss", 7)[0]);
        return queries;
    }
}

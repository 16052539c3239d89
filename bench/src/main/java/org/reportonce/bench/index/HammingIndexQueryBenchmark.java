package org.reportonce.bench.index;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.reportonce.hashing.Hash256;
import org.reportonce.index.HammingIndex.Match;
import org.reportonce.index.HammingIndexes;
import org.reportonce.index.MultiIndexHammingIndex;

/**
 * Query throughput of the index ({@code impl=index}) against a linear scan of the same hashes
 * ({@code impl=scan}), one thread (one core), for radius queries and for 8-hash (dihedral) queries.
 *
 * <p>Each operation is one query; queries cycle through 4 096 pre-generated ones (see
 * {@link BankData} for the data and query kinds). Run, e.g.:
 * <pre>
 * ./mvnw -B -ntp -pl bench -am package -DskipTests
 * java -jar bench/target/benchmarks.jar HammingIndexQueryBenchmark -f 1 -wi 2 -i 3 \
 *     -p size=1000000 -p impl=index,scan -p radius=0,15,31,47 -p queries=miss,hit -p data=uniform
 * # 10M hashes: the index takes about 1 GB and generation + build about 15 s per trial
 * java -jar bench/target/benchmarks.jar HammingIndexQueryBenchmark -f 1 -wi 2 -i 3 -jvmArgs -Xmx6g \
 *     -p size=10000000 -p impl=index -p radius=31 -p queries=miss,hit
 * </pre>
 * The forked JVM gets {@code --add-modules jdk.incubator.vector}, so the index filters buckets with
 * the Vector API (as a deployment that passes the flag would); without it the scalar filter runs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx6g", "--add-modules", "jdk.incubator.vector"})
@Threads(1)
public class HammingIndexQueryBenchmark {

    @Param({"1000000"})
    public int size;

    /** uniform | clustered */
    @Param({"uniform"})
    public String data;

    @Param({"31"})
    public int radius;

    /** miss (random hashes) | hit (bank entries with 0..30 bits flipped) */
    @Param({"miss", "hit"})
    public String queries;

    /** index (MultiIndexHammingIndex) | scan (the brute-force baseline) */
    @Param({"index", "scan"})
    public String impl;

    private static final int QUERIES = 4096;

    private MultiIndexHammingIndex index;
    private LinearScan scan;
    private Hash256[] single;
    private List<List<Hash256>> dihedral;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        long[] words = BankData.words(size, data, 42);
        long[] ids = BankData.ids(size);
        single = BankData.queries(words, QUERIES, queries, 7);
        // the 8 dihedral hashes of one upload: unrelated to each other, so at most one is near the
        // bank entry the upload copies (the others are random)
        SplittableRandom rnd = new SplittableRandom(11);
        dihedral = new ArrayList<>();
        for (int i = 0; i < QUERIES; i++) {
            List<Hash256> eight = new ArrayList<>();
            for (int j = 0; j < 8; j++) eight.add(BankData.random(rnd));
            eight.set(rnd.nextInt(8), single[i]);
            dihedral.add(eight);
        }
        if (impl.equals("index")) {
            index = HammingIndexes.build(ids, words);
        } else if (impl.equals("scan")) {
            scan = new LinearScan(ids, words);
        } else {
            throw new IllegalArgumentException("impl must be index or scan, got " + impl);
        }
    }

    @Benchmark
    public List<Match> radius() {
        Hash256 q = single[next++ & (QUERIES - 1)];
        return index != null ? index.radius(q, radius) : scan.radius(q, radius);
    }

    @Benchmark
    public List<Match> dihedral() {
        List<Hash256> q = dihedral.get(next++ & (QUERIES - 1));
        return index != null ? index.radiusAny(q, radius) : scan.radiusAny(q, radius);
    }
}

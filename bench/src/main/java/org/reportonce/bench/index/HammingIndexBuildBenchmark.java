package org.reportonce.bench.index;

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
import org.openjdk.jmh.annotations.Warmup;
import org.reportonce.index.HammingIndexes;
import org.reportonce.index.MultiIndexHammingIndex;

/**
 * Bulk build time from arrays of ids and hashes ({@code HammingIndexes.build}), as a platform does
 * at start-up or {@code reportonce index build} after reading the file. The chunk tables are built
 * in parallel on the common fork-join pool (both cores here). {@code order=shuffled} gives ids in
 * random order, which adds the radix sort by id.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar HammingIndexBuildBenchmark -f 1 -wi 1 -i 3 -p size=1000000,10000000
 * </pre>
 * For memory use see {@link IndexFootprint}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g"})
public class HammingIndexBuildBenchmark {

    @Param({"1000000"})
    public int size;

    /** sorted (ids 0..n-1, as a hash file without ids gives) | shuffled */
    @Param({"sorted"})
    public String order;

    private long[] ids;
    private long[] words;

    @Setup(Level.Trial)
    public void setUp() {
        words = BankData.words(size, "uniform", 42);
        ids = BankData.ids(size);
        if (order.equals("shuffled")) {
            java.util.SplittableRandom rnd = new java.util.SplittableRandom(1);
            for (int i = size - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                long t = ids[i];
                ids[i] = ids[j];
                ids[j] = t;
            }
        }
    }

    @Benchmark
    public MultiIndexHammingIndex build() {
        return HammingIndexes.build(ids, words);
    }
}

package org.reportonce.bench.index;

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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.reportonce.hashing.Hash256;
import org.reportonce.index.HammingIndexes;
import org.reportonce.index.MultiIndexHammingIndex;

/**
 * Update throughput on a built index, the size staying constant: {@code replace} gives an
 * existing id a new hash (a death stamp plus an append), {@code addRemove} adds a fresh id and
 * removes it again. Both include the amortised cost of the background merges they trigger (one
 * every max(16 384, n/16) appends), which run on another thread.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar HammingIndexUpdateBenchmark -f 1 -wi 2 -i 3 -p size=1000000
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx6g"})
@Threads(1)
public class HammingIndexUpdateBenchmark {

    @Param({"1000000"})
    public int size;

    private MultiIndexHammingIndex index;
    private Hash256[] pool;
    private long counter;

    @Setup(Level.Trial)
    public void setUp() {
        long[] words = BankData.words(size, "uniform", 42);
        index = HammingIndexes.build(BankData.ids(size), words);
        SplittableRandom rnd = new SplittableRandom(5);
        pool = new Hash256[1 << 16];
        for (int i = 0; i < pool.length; i++) pool[i] = BankData.random(rnd);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        index.awaitMerges();
        System.out.println("\nafter the trial: " + index);
    }

    @Benchmark
    public void replace() {
        long c = counter++;
        index.add((c * 2_654_435_761L & Long.MAX_VALUE) % size, pool[(int) c & (pool.length - 1)]);
    }

    @Benchmark
    public boolean addRemove() {
        long c = counter++;
        long id = size + c;
        index.add(id, pool[(int) c & (pool.length - 1)]);
        return index.remove(id);
    }
}

package org.reportonce.bench.hashing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.reportonce.hashing.exact.ExactDigests;
import org.reportonce.hashing.exact.ExactHashes;

/**
 * MD5 + SHA-256 streaming (both digests in one pass, as {@link ExactHashes} computes them) over a
 * 256 MiB file in the page cache and over an in-memory stream. Score: operations per second; one
 * operation is 256 MiB, so MB/s = score x 268.4.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar 'hashing.ExactHashBenchmark' -f 1 -wi 2 -i 5
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
public class ExactHashBenchmark {

    static final int SIZE = 256 << 20;

    private byte[] data;
    private Path file;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        data = new byte[SIZE];
        new Random(1).nextBytes(data);
        file = Files.createTempFile("reportonce-bench", ".bin");
        Files.write(file, data);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(file);
    }

    @Benchmark
    public ExactDigests file() {
        return ExactHashes.digest(file);
    }

    @Benchmark
    public ExactDigests stream() throws IOException {
        return ExactHashes.digest(new ByteArrayInputStream(data));
    }
}

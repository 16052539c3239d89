package org.reportonce.bench.hashing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.reportonce.hashing.ImageHashing;
import org.reportonce.hashing.image.DecodedImage;
import org.reportonce.hashing.image.ImageDecoder;
import org.reportonce.hashing.pdq.PdqHasher;

/**
 * PDQ throughput on one thread over the benchmark images ({@link BenchImages}); every operation is
 * one image, cycling through the set, so the score is images per second.
 *
 * <p>Run from the repository root:
 * <pre>
 * ./mvnw -B -ntp -pl bench -am package -DskipTests
 * java -jar bench/target/benchmarks.jar 'hashing.PdqBenchmark' -f 4 -wi 3 -i 4 -w 2s -r 3s
 * </pre>
 * {@code bytesToPdq} is file bytes to hash (complete decode, bit-exact), {@code bytesToPdqFast} the
 * same through {@code ImageHashing.pdqFast} (as a platform hashing uploads would run it);
 * {@code pixelsToPdq} starts from decoded pixels, as the browser build does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// 8 MB G1 regions as the launcher runs the JVM (the exact path's 6 MB pixel arrays are then not humongous);
// a fixed, pre-touched heap as a server runs it: a JVM growing its heap from the default initial size
// makes the hashing thread take a page fault on every first touch of the memory G1 just committed
// (10-20 % of its CPU time in the kernel for the first 10-20 s, which is where forks differed by up to
// a quarter; docs/benchmarks.md, Hashing, Session 5)
@Fork(value = 1, jvmArgsAppend = {"-XX:G1HeapRegionSize=8m", "-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class PdqBenchmark {

    @Param({"issue35", "listed38"})
    public String images;

    private List<byte[]> bytes;
    private List<DecodedImage> pixels;
    private int next;

    @Setup
    public void load() {
        bytes = BenchImages.bytes(BenchImages.files(images));
        pixels = new ArrayList<>();
        for (byte[] b : bytes) {
            pixels.add(ImageDecoder.decode(b));
        }
    }

    private int nextIndex() {
        int i = next;
        next = i + 1 == bytes.size() ? 0 : i + 1;
        return i;
    }

    @Benchmark
    public Object bytesToPdq() {
        return ImageHashing.pdq(bytes.get(nextIndex()));
    }

    /** The fastest faithful path: big baseline JPEGs decoded only where the 512 squash samples. */
    @Benchmark
    public Object bytesToPdqFast() {
        return ImageHashing.pdqFast(bytes.get(nextIndex()));
    }

    @Benchmark
    public Object pixelsToPdq() {
        DecodedImage img = pixels.get(nextIndex());
        return PdqHasher.canonical().hashRgb(img.rgb(), img.width(), img.height());
    }

    @Benchmark
    public Object pixelsToPdqDihedral() {
        DecodedImage img = pixels.get(nextIndex());
        return PdqHasher.canonical().hashRgbDihedral(img.rgb(), img.width(), img.height());
    }

    @Benchmark
    public void decodeOnly(Blackhole bh) {
        bh.consume(ImageDecoder.decode(bytes.get(nextIndex())));
    }
}

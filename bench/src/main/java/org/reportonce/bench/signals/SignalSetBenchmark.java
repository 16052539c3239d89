package org.reportonce.bench.signals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.reportonce.hashing.image.DecodedImage;
import org.reportonce.hashing.image.ImageDecoder;
import org.reportonce.hashing.pdq.DihedralHashes;
import org.reportonce.hashing.pdq.PdqHash;
import org.reportonce.hashing.pdq.PdqHasher;
import org.reportonce.hashing.signalset.SignalSet;
import org.reportonce.hashing.signalset.SignalSets;

/**
 * The cost of edit-resilient signals from decoded pixels, one thread, cycling through the JPEG
 * photographs of {@code shared/pdq-data} (bridge, dihedral and labelme sets): a report's signal set ({@code forReport}), an upload's look-up hashes
 * ({@code forMatching}), against the plain and dihedral PDQ they add to. Scores are images per
 * second.
 *
 * <p>Run from the repository root:
 * <pre>
 * ./mvnw -B -ntp -pl bench -am package -DskipTests
 * java -jar bench/target/benchmarks.jar 'signals.SignalSetBenchmark' -f 1 -wi 2 -i 3 -w 2s -r 3s
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class SignalSetBenchmark {
    private List<DecodedImage> pixels;
    private int next;

    @Setup
    public void load() {
        String prop = System.getProperty("reportonce.shared");
        java.nio.file.Path data = (prop != null ? java.nio.file.Path.of(prop) : java.nio.file.Path.of("..", "shared"))
                .resolve("pdq-data").toAbsolutePath().normalize();
        pixels = new ArrayList<>();
        for (String dir : List.of("bridge-mods", "reg-test-input/dih", "reg-test-input/labelme-subset")) {
            try (var files = java.nio.file.Files.list(data.resolve(dir))) {
                files.filter(f -> f.toString().endsWith(".jpg")).sorted().forEach(f -> pixels.add(ImageDecoder.decode(f)));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("pdq-data not readable at " + data + "; run from the repository root", e);
            }
        }
    }

    private DecodedImage nextImage() {
        DecodedImage d = pixels.get(next);
        next = (next + 1) % pixels.size();
        return d;
    }

    @Benchmark
    public PdqHash plainPdq() {
        DecodedImage d = nextImage();
        return PdqHasher.canonical().hashRgb(d.rgb(), d.width(), d.height());
    }

    @Benchmark
    public DihedralHashes dihedralPdq() {
        DecodedImage d = nextImage();
        return PdqHasher.canonical().hashRgbDihedral(d.rgb(), d.width(), d.height());
    }

    @Benchmark
    public SignalSet forReport() {
        DecodedImage d = nextImage();
        return SignalSets.forReport(d.rgb(), d.width(), d.height());
    }

    @Benchmark
    public SignalSet forMatching() {
        DecodedImage d = nextImage();
        return SignalSets.forMatching(d.rgb(), d.width(), d.height());
    }
}

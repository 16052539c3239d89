package org.reportonce.bench.hashing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntConsumer;
import org.reportonce.hashing.ImageHashing;
import org.reportonce.hashing.exact.ExactHashes;
import org.reportonce.hashing.image.DecodedImage;
import org.reportonce.hashing.image.ImageDecoder;
import org.reportonce.hashing.pdq.PdqHasher;

/**
 * The same workloads as {@link PdqBenchmark} and {@link ExactHashBenchmark}, timed by the CPU time of
 * the measuring thread instead of the wall clock. On a machine shared with other busy processes
 * (load far above the core count), wall-clock JMH scores mostly measure the scheduler; CPU time
 * says what one core does. Not a substitute for JMH on a quiet machine, which docs/benchmarks.md
 * also records.
 *
 * <pre>
 * java -XX:G1HeapRegionSize=8m -cp bench/target/benchmarks.jar org.reportonce.bench.hashing.HashingCpuTime [seconds-per-figure]
 * </pre>
 */
public final class HashingCpuTime {
    private HashingCpuTime() {}

    public static void main(String[] args) throws IOException {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        for (String set : List.of("issue35", "listed38")) {
            List<byte[]> bytes = BenchImages.bytes(BenchImages.files(set));
            List<DecodedImage> pixels = new ArrayList<>();
            for (byte[] b : bytes) pixels.add(ImageDecoder.decode(b));
            int n = bytes.size();
            report(set + " bytesToPdq (exact)", seconds, i -> ImageHashing.pdq(bytes.get(i % n)));
            report(set + " bytesToPdqFast", seconds, i -> ImageHashing.pdqFast(bytes.get(i % n)));
            report(set + " pixelsToPdq", seconds, i -> {
                DecodedImage img = pixels.get(i % n);
                PdqHasher.canonical().hashRgb(img.rgb(), img.width(), img.height());
            });
            report(set + " pixelsToPdqDihedral", seconds, i -> {
                DecodedImage img = pixels.get(i % n);
                PdqHasher.canonical().hashRgbDihedral(img.rgb(), img.width(), img.height());
            });
        }
        byte[] data = new byte[64 << 20];
        new Random(1).nextBytes(data);
        twoThreads("MD5+SHA-256 of 64 MiB in memory (two threads)", seconds, data.length, () -> {
            try {
                ExactHashes.digest(new ByteArrayInputStream(data));
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        java.nio.file.Path file = java.nio.file.Files.createTempFile("reportonce-bench", ".bin");
        try {
            java.nio.file.Files.write(file, data);
            twoThreads("MD5+SHA-256, 64 MiB file in page cache (two threads)", seconds, data.length,
                    () -> ExactHashes.digest(file));
            double md5 = report("MD5 only, 64 MiB file in page cache", seconds, i -> ExactHashes.md5Hex(file));
            System.out.printf("  = %.0f MB/s%n", md5 * data.length / 1e6);
            double sha = report("SHA-256 only, 64 MiB file in page cache", seconds, i -> ExactHashes.sha256Hex(file));
            System.out.printf("  = %.0f MB/s%n", sha * data.length / 1e6);
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }

    /**
     * For work split over the caller and a helper thread: the CPU time of the caller, and that of
     * the rest of the process (the helper, plus a little JIT and GC) from the process CPU clock.
     * On two free cores the pair runs at the speed of the busier of the two, so the figure is
     * bytes / max(caller, rest); the total CPU cost is printed too.
     */
    static void twoThreads(String name, double seconds, long bytesPerOp, Runnable op) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long warmEnd = mx.getCurrentThreadCpuTime() + (long) (seconds / 3 * 1e9);
        while (mx.getCurrentThreadCpuTime() < warmEnd) op.run();
        long callerStart = mx.getCurrentThreadCpuTime();
        long processStart = os.getProcessCpuTime();
        long wallStart = System.nanoTime();
        long end = processStart + (long) (2 * seconds * 1e9);
        long count = 0;
        do {
            op.run();
            count++;
        } while (os.getProcessCpuTime() < end);
        double caller = (mx.getCurrentThreadCpuTime() - callerStart) / 1e9;
        double rest = (os.getProcessCpuTime() - processStart) / 1e9 - caller;
        double wall = (System.nanoTime() - wallStart) / 1e9;
        double mb = count * bytesPerOp / 1e6;
        System.out.printf("%-50s %8.0f MB/s by the busier thread (caller %.2f s, helper+rest %.2f s CPU; %.0f MB per CPU second"
                + " in total; %.0f MB/s wall)%n", name, mb / Math.max(caller, rest), caller, rest, mb / (caller + rest), mb / wall);
    }

    /** Warms up for a third of the time, then runs for the rest; prints and returns ops per CPU second. */
    static double report(String name, double seconds, IntConsumer op) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long warmEnd = mx.getCurrentThreadCpuTime() + (long) (seconds / 3 * 1e9);
        int i = 0;
        while (mx.getCurrentThreadCpuTime() < warmEnd) op.accept(i++);
        long start = mx.getCurrentThreadCpuTime();
        long wallStart = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        int count = 0;
        long now;
        do {
            op.accept(i++);
            count++;
            now = mx.getCurrentThreadCpuTime();
        } while (now < end);
        double perCpuSecond = count / ((now - start) / 1e9);
        double perWallSecond = count / ((System.nanoTime() - wallStart) / 1e9);
        System.out.printf("%-50s %8.1f ops per CPU second (%.1f per wall second)%n", name, perCpuSecond, perWallSecond);
        return perCpuSecond;
    }
}

package org.reportonce.bench.hashing;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.List;
import org.reportonce.hashing.ImageHashing;

/**
 * CPU time of {@code ImageHashing.pdqFast} per image of a set, to see which images (which parts of
 * the fast path) the time goes to. Three warm-up passes over the set, then for every image the
 * minimum over {@code batches} batches of {@code perBatch} calls (the minimum, because on a shared
 * machine a batch can only be slowed down by others, never sped up). Prints ms of CPU of the
 * measuring thread per image and the sum per pass.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.reportonce.bench.hashing.HashingPerImage [issue35|listed38] [batches] [perBatch]
 * </pre>
 */
public final class HashingPerImage {
    private HashingPerImage() {}

    public static void main(String[] args) throws IOException {
        String set = args.length > 0 ? args[0] : "issue35";
        int batches = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int perBatch = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        List<Path> files = BenchImages.files(set);
        List<byte[]> bytes = BenchImages.bytes(files);
        for (int pass = 0; pass < 3; pass++) {
            for (byte[] b : bytes) ImageHashing.pdqFast(b);
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double total = 0;
        for (int i = 0; i < bytes.size(); i++) {
            byte[] b = bytes.get(i);
            long best = Long.MAX_VALUE;
            for (int k = 0; k < batches; k++) {
                long t0 = mx.getCurrentThreadCpuTime();
                for (int r = 0; r < perBatch; r++) ImageHashing.pdqFast(b);
                best = Math.min(best, mx.getCurrentThreadCpuTime() - t0);
            }
            double ms = best / 1e6 / perBatch;
            total += ms;
            Path f = files.get(i);
            System.out.printf("%8.2f ms  %s/%s%n", ms, f.getParent().getFileName(), f.getFileName());
        }
        System.out.printf("%8.1f ms per pass over %d images = %.1f images per CPU second%n", total, bytes.size(),
                bytes.size() / (total / 1e3));
    }
}

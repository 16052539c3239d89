package org.reportonce.bench.hashing;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A/B of two builds of {@code ImageHashing.pdqFast} in one JVM: each jar in a class loader of its
 * own, passes over the given images alternating between them (order swapped every round), CPU time
 * of the measuring thread. On a machine shared with other jobs, load drifts by more than the
 * change being measured between two JVM runs; here it hits both builds alike. Prints min and
 * median per pass and in how many rounds B was faster. JIT outcomes differ between launches and
 * the class-loader slot can favour one side: run it with the jars in both orders (A B, then B A)
 * and trust only a result that holds both ways.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.reportonce.bench.hashing.HashingAB old.jar new.jar ROUNDS IMAGE...
 * </pre>
 */
public final class HashingAB {
    private HashingAB() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: HashingAB A.jar B.jar ROUNDS IMAGE...");
            System.exit(2);
        }
        int rounds = Integer.parseInt(args[2]);
        List<byte[]> images = new ArrayList<>();
        for (int i = 3; i < args.length; i++) images.add(Files.readAllBytes(Path.of(args[i])));
        Method[] pdqFast = new Method[2];
        for (int j = 0; j < 2; j++) {
            URLClassLoader loader = new URLClassLoader(new URL[] {Path.of(args[j]).toUri().toURL()},
                    ClassLoader.getPlatformClassLoader());
            pdqFast[j] = loader.loadClass("org.reportonce.hashing.ImageHashing").getMethod("pdqFast", byte[].class);
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int warm = 0; warm < 5; warm++) {
            for (Method m : pdqFast) for (byte[] b : images) m.invoke(null, (Object) b);
        }
        long[][] cpu = new long[2][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < 2; k++) {
                int j = (r & 1) == 0 ? k : 1 - k;
                long t0 = mx.getCurrentThreadCpuTime();
                for (byte[] b : images) pdqFast[j].invoke(null, (Object) b);
                cpu[j][r] = mx.getCurrentThreadCpuTime() - t0;
            }
        }
        int bFaster = 0;
        for (int r = 0; r < rounds; r++) if (cpu[1][r] < cpu[0][r]) bFaster++;
        for (int j = 0; j < 2; j++) {
            long[] sorted = cpu[j].clone();
            Arrays.sort(sorted);
            System.out.printf("%s (%s): min %.2f ms, median %.2f ms of CPU per pass over %d images%n", j == 0 ? "A" : "B",
                    args[j], sorted[0] / 1e6, sorted[rounds / 2] / 1e6, images.size());
        }
        System.out.printf("B faster in %d of %d rounds%n", bFaster, rounds);
    }
}

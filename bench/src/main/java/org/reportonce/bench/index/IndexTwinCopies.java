package org.reportonce.bench.index;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Constructor;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Is a launch-to-launch spread in the index's speed the JIT's doing? Loads the index code several
 * times, each copy through its own class loader (so each is profiled, JIT-compiled and placed in
 * the code cache on its own, over its own copy of the bank), and measures the copies alternately
 * in one JVM: CPU microseconds per radius-31 query, hot (one query repeated) and miss (fresh
 * random queries). If the copies agree within a launch while launches disagree, the spread comes
 * from the process or the machine, not from the compiled index code. Run:
 * <pre>
 * java --add-modules jdk.incubator.vector -Xmx6g -cp bench/target/benchmarks.jar \
 *     org.reportonce.bench.index.IndexTwinCopies 1000000 3 8
 * </pre>
 * (size, copies, rounds of 0.3 CPU-seconds per copy and kind).
 */
public final class IndexTwinCopies {
    private IndexTwinCopies() {}

    public static void main(String[] args) throws Throwable {
        int n = Integer.parseInt(args[0]);
        int copies = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        URL jar = IndexTwinCopies.class.getProtectionDomain().getCodeSource().getLocation();
        SplittableRandom rnd = new SplittableRandom(42);
        long[] ids = new long[n];
        long[] words = new long[4 * n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
            for (int j = 0; j < 4; j++) words[4 * i + j] = rnd.nextLong();
        }
        long[][] qs = new long[4096][4];
        for (long[] q : qs) for (int j = 0; j < 4; j++) q[j] = rnd.nextLong();
        Object[] index = new Object[copies];
        MethodHandle[] radius = new MethodHandle[copies];
        Object[][] queries = new Object[copies][qs.length];
        for (int c = 0; c < copies; c++) {
            ClassLoader loader = new URLClassLoader(new URL[] {jar}, ClassLoader.getPlatformClassLoader());
            Class<?> hash = loader.loadClass("org.reportonce.hashing.Hash256");
            index[c] = loader.loadClass("org.reportonce.index.HammingIndexes").getMethod("build", long[].class, long[].class)
                    .invoke(null, ids.clone(), words.clone());
            radius[c] = MethodHandles.publicLookup()
                    .unreflect(loader.loadClass("org.reportonce.index.HammingIndex").getMethod("radius", hash, int.class));
            Constructor<?> ctor = hash.getConstructor(long.class, long.class, long.class, long.class);
            for (int i = 0; i < qs.length; i++) queries[c][i] = ctor.newInstance(qs[i][0], qs[i][1], qs[i][2], qs[i][3]);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[][][] us = new double[copies][2][rounds];
        long found = 0;
        for (int r = 0; r < rounds; r++) {
            for (int c = 0; c < copies; c++) {
                for (int kind = 0; kind < 2; kind++) {
                    long cpu0 = threads.getCurrentThreadCpuTime();
                    int done = 0;
                    while (threads.getCurrentThreadCpuTime() - cpu0 < 300_000_000L) {
                        for (int i = 0; i < 64; i++, done++) {
                            found += ((List<?>) radius[c].invoke(index[c], queries[c][kind == 0 ? 0 : done & 4095], 31)).size();
                        }
                    }
                    us[c][kind][r] = (threads.getCurrentThreadCpuTime() - cpu0) / 1e3 / done;
                }
            }
        }
        for (int c = 0; c < copies; c++) {
            double[] hot = us[c][0].clone(), miss = us[c][1].clone();
            Arrays.sort(hot);
            Arrays.sort(miss);
            System.out.printf("copy %d: hot best %.1f us, median %.1f (%.0f per CPU-second); miss best %.1f us, median %.1f"
                    + " (%.0f per CPU-second)%n", c, hot[0], hot[rounds / 2], 1e6 / hot[rounds / 2], miss[0],
                    miss[rounds / 2], 1e6 / miss[rounds / 2]);
        }
        System.out.println("matches seen: " + found);
    }
}

package org.reportonce.bench.index;

import java.util.SplittableRandom;

/**
 * What one random cache-line read costs on this machine, for the index's cost model: an int array
 * of SIZE_MB megabytes read at random positions, once with every read independent of the others
 * (the CPU overlaps their misses, as the index's passes let it) and once as a chain where each
 * address depends on the previous value (one full memory latency per read). Run:
 * <pre>
 * java -Xms2g -Xmx2g -cp bench/target/benchmarks.jar org.reportonce.bench.index.RandomReadProbe 1 4 16 64 256
 * </pre>
 */
public final class RandomReadProbe {
    private RandomReadProbe() {}

    public static void main(String[] args) {
        for (String arg : args) {
            int mb = Integer.parseInt(arg);
            int[] array = new int[mb << 18];
            for (int i = 0; i < array.length; i++) array[i] = i * 31;
            SplittableRandom rnd = new SplittableRandom(1);
            int[] index = new int[8_000_000];
            for (int i = 0; i < index.length; i++) index[i] = rnd.nextInt(array.length);
            double bestIndependent = Double.MAX_VALUE, bestDependent = Double.MAX_VALUE;
            long sink = 0;
            for (int round = 0; round < 5; round++) {
                long t0 = System.nanoTime();
                for (int i : index) sink += array[i];
                long t1 = System.nanoTime();
                int p = 0;
                int mask = Integer.highestOneBit(array.length) - 1;
                for (int i = 0; i < 2_000_000; i++) p = array[(p ^ index[i]) & mask] & mask;
                long t2 = System.nanoTime();
                sink += p;
                bestIndependent = Math.min(bestIndependent, (t1 - t0) / (double) index.length);
                bestDependent = Math.min(bestDependent, (t2 - t1) / 2e6);
            }
            System.out.printf("%d MB: independent reads %.1f ns each, dependent reads %.1f ns each (%d)%n", mb,
                    bestIndependent, bestDependent, sink & 1);
        }
    }
}

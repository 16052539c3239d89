package org.reportonce.bench.index;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import org.reportonce.index.HammingIndexes;
import org.reportonce.index.MultiIndexHammingIndex;

/**
 * Memory an index retains, measured two ways: the JVM's used heap after full GCs before and after
 * building it (with the input arrays dropped), and {@link MultiIndexHammingIndex#estimatedBytes()}
 * (the sum of its arrays' sizes). Not a JMH benchmark: run it as a program, e.g.
 * <pre>
 * java -Xmx6g -cp bench/target/benchmarks.jar org.reportonce.bench.index.IndexFootprint 1000000 10000000
 * </pre>
 */
public final class IndexFootprint {
    private IndexFootprint() {}

    public static void main(String[] args) throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (String arg : args) {
            int n = Integer.parseInt(arg);
            long before = settledHeap(memory);
            MultiIndexHammingIndex index = build(n);
            long after = settledHeap(memory);
            System.out.printf("%,d hashes: retained heap %.1f MB (used heap after GC, before vs after), "
                            + "arrays %.1f MB (estimatedBytes), %.1f bytes per hash; %s%n",
                    n, (after - before) / 1e6, index.estimatedBytes() / 1e6, (after - before) / (double) n, index);
            index = null;
        }
    }

    private static MultiIndexHammingIndex build(int n) {
        long[] words = BankData.words(n, "uniform", 42);
        return HammingIndexes.build(BankData.ids(n), words);
    }

    private static long settledHeap(MemoryMXBean memory) throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(200);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}

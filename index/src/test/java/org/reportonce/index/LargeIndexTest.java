package org.reportonce.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.reportonce.hashing.Hash256;

/**
 * The production tuning at a size where the cost model picks the tables (not the scan) for the
 * usual radii, checked against brute force; plus the same after a burst of adds and removes that
 * goes through the delta's tables and a background merge.
 */
class LargeIndexTest {

    private static final int N = 120_000;

    @Test
    void productionTuning_onClusteredAndUniformData_matchesBruteForceAtRadiiFrom0To256() throws InterruptedException {
        SplittableRandom rnd = new SplittableRandom(2024);
        Hash256[] hashes = new Hash256[N];
        Hash256[] clustered = TestHashes.clustered(N / 2, 20, 24, rnd);
        System.arraycopy(clustered, 0, hashes, 0, N / 2);
        for (int i = N / 2; i < N; i++) hashes[i] = TestHashes.random(rnd);
        long[] ids = new long[N];
        for (int i = 0; i < N; i++) ids[i] = 1_000_000L + 7L * i;
        MultiIndexHammingIndex index = HammingIndexes.build(ids, hashes);
        BruteForceIndex model = MultiIndexAgainstBruteForceTest.model(ids, hashes);

        checkQueries(index, model, hashes, rnd);

        // updates: a delta big enough to get tables, removals in the packed part, then a merge
        for (int i = 0; i < 20_000; i++) {
            long id = 5_000_000L + i;
            Hash256 h = TestHashes.flip(hashes[rnd.nextInt(N)], rnd.nextInt(40), rnd);
            index.add(id, h);
            model.add(id, h);
            long victim = ids[rnd.nextInt(N)];
            assertThat(index.remove(victim)).isEqualTo(model.remove(victim));
        }
        checkQueries(index, model, hashes, rnd);
        index.compact();
        checkQueries(index, model, hashes, rnd);
        assertThat(index.size()).isEqualTo(model.size());
    }

    @Test
    void bucketGroupOverflowingCompactOffsets_fallsBackToIntOffsets_andStaysExact() {
        // 70 000 copies of one hash put 70 000 entries in one bucket of every chunk: more than the
        // 16-bit offsets within a group of 64 buckets can hold, so each chunk keeps int offsets
        SplittableRandom rnd = new SplittableRandom(77);
        int copies = 70_000;
        int n = copies + 2_000;
        Hash256 common = TestHashes.random(rnd);
        Hash256[] hashes = new Hash256[n];
        for (int i = 0; i < n; i++) hashes[i] = i < copies ? common : TestHashes.flip(common, 1 + rnd.nextInt(60), rnd);
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) ids[i] = i;
        PackedSegment segment = PackedSegment.build(ids, words(hashes), n, null, false, true);
        assertThat(List.of(segment.dirs)).allSatisfy(dir -> assertThat(dir).isNotNull());
        MultiIndexHammingIndex index = HammingIndexes.build(ids, hashes);
        BruteForceIndex model = MultiIndexAgainstBruteForceTest.model(ids, hashes);
        for (int r : new int[] {0, 3, 15, 31}) {
            Hash256 q = TestHashes.flip(common, r / 2, rnd);
            assertThat(index.radius(q, r)).as("radius %d", r).isEqualTo(model.radius(q, r));
        }
    }

    @Test
    void uniformBank_usesCompactOffsets_inEveryChunk() {
        SplittableRandom rnd = new SplittableRandom(78);
        Hash256[] hashes = TestHashes.uniform(50_000, rnd);
        long[] ids = new long[hashes.length];
        for (int i = 0; i < ids.length; i++) ids[i] = i;
        PackedSegment segment = PackedSegment.build(ids, words(hashes), hashes.length, null, false, true);
        assertThat(java.util.Arrays.asList(segment.dirs)).containsOnlyNulls();
        assertThat(List.of(segment.dirLow)).allSatisfy(low -> assertThat(low).isNotNull());
    }

    private static long[] words(Hash256[] hashes) {
        long[] w = new long[4 * hashes.length];
        for (int i = 0; i < hashes.length; i++) {
            w[4 * i] = hashes[i].w0();
            w[4 * i + 1] = hashes[i].w1();
            w[4 * i + 2] = hashes[i].w2();
            w[4 * i + 3] = hashes[i].w3();
        }
        return w;
    }

    private static void checkQueries(HammingIndex index, BruteForceIndex model, Hash256[] hashes, SplittableRandom rnd) {
        for (int i = 0; i < 12; i++) {
            Hash256 q = i % 3 == 2 ? TestHashes.random(rnd) : TestHashes.flip(hashes[rnd.nextInt(hashes.length)], rnd.nextInt(35), rnd);
            for (int r : new int[] {0, 8, 15, 31, 47, 64, 100, 256}) {
                if (r == 256 && i > 1) continue;
                assertThat(index.radius(q, r)).as("radius %d", r).isEqualTo(model.radius(q, r));
            }
            assertThat(index.nearest(q, 5)).isEqualTo(model.nearest(q, 5));
            List<Hash256> eight = new ArrayList<>();
            for (int j = 0; j < 8; j++) eight.add(TestHashes.flip(q, rnd.nextInt(10), rnd));
            assertThat(index.radiusAny(eight, 31)).isEqualTo(model.radiusAny(eight, 31));
        }
    }
}

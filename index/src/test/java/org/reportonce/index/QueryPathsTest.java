package org.reportonce.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.reportonce.hashing.Hash256;

/**
 * The packed segment's optional query paths, the vector filter ({@link SimdFilter}) and the
 * presence slots that drop buckets, against brute force and against each other. The slots are
 * exact per filter value only for filters of up to 4 bits (large segments), so these segments are
 * built with the bucket bits forced high enough (filters of 4-5 bits) on a small bank.
 */
class QueryPathsTest {

    @Test
    void testJvm_hasTheVectorModule_soTheVectorFilterIsExercised() {
        // surefire adds jdk.incubator.vector; without it the tests below would only cover the scalar filter
        assertThat(SimdSupport.AVAILABLE).isTrue();
    }

    @Test
    void everyFilterPresenceAndRingCombination_givesTheBruteForceResults_atRadii0To64() {
        SplittableRandom rnd = new SplittableRandom(5);
        for (ChunkLayout layout : List.of(ChunkLayout.TWELVE, ChunkLayout.ELEVEN)) {
            for (boolean clustered : new boolean[] {false, true}) {
                Hash256[] hashes = clustered ? TestHashes.clustered(20_000, 12, 16, rnd) : TestHashes.uniform(20_000, rnd);
                long[] ids = new long[hashes.length];
                for (int i = 0; i < ids.length; i++) ids[i] = 3 + 7L * i;
                long[] words = words(hashes);
                for (int variant = 0; variant < 4; variant++) {
                boolean ring = variant == 1;
                // plain segments with pair bits (the default), without them, and with pass 1 computing
                // every enumerated bucket's range before the presence test (keepFirst false)
                int pairLimit = variant == 2 ? 0 : PackedSegment.MAX_PAIR_BITS;
                PackedSegment segment = PackedSegment.build(ids, halves(words, ids.length, 0), halves(words, ids.length, 2),
                        ids.length, layout, layout.maxWidth - 5, false, true, PackedSegment.GROUP_BITS, ring,
                        PackedSegment.MAX_SLOTS, pairLimit);
                segment.keepFirst = variant != 3;
                assertThat(segment.ring).isEqualTo(ring);
                assertThat(segment.pairBits).as("pair bits").isEqualTo(ring || variant == 2 ? 0 : PackedSegment.MAX_PAIR_BITS);
                assertThat(java.util.Arrays.asList(segment.dirLow)).as("%s: every chunk has presence slots", layout)
                        .doesNotContainNull();
                BruteForceIndex model = MultiIndexAgainstBruteForceTest.model(ids, hashes);
                for (int i = 0; i < 24; i++) {
                    Hash256 q = i % 4 == 3 ? TestHashes.random(rnd)
                            : TestHashes.flip(hashes[rnd.nextInt(hashes.length)], rnd.nextInt(40), rnd);
                    for (int r = i % 4; r <= 64; r += 4) {
                        List<HammingIndex.Match> expected = model.radius(q, r);
                        for (int mode = 0; mode < 4; mode++) {
                            MatchSink sink = new MatchSink();
                            segment.search(new Query(q, r, 0), sink, Long.MAX_VALUE, (mode & 1) == 1, mode >= 2);
                            assertThat(sink.sorted()).as("%s clustered=%s variant=%d radius %d simd=%s presence=%s", layout,
                                    clustered, variant, r, (mode & 1) == 1, mode >= 2).isEqualTo(expected);
                        }
                    }
                }
                }
            }
        }
    }

    @Test
    void presenceSlots_ofEveryFilterWidthAndSlotCount_neverDropABucketHoldingAnEntryWithinTheBudget() {
        SplittableRandom rnd = new SplittableRandom(11);
        Hash256[] hashes = TestHashes.clustered(20_000, 12, 16, rnd);
        long[] ids = new long[hashes.length];
        for (int i = 0; i < ids.length; i++) ids[i] = i;
        long[] words = words(hashes);
        long[] lo = halves(words, ids.length, 0), hi = halves(words, ids.length, 2);
        BruteForceIndex model = MultiIndexAgainstBruteForceTest.model(ids, hashes);
        // filter bits 3 (a slot per value), 6-7 (values share slots, as at 1M) and 10 (slots by the top 8 bits)
        for (int filterBits : new int[] {3, 6, 10}) {
            for (int slotLimit : new int[] {16, 23, PackedSegment.MAX_SLOTS}) {
                ChunkLayout layout = ChunkLayout.ELEVEN;
                PackedSegment seg = PackedSegment.build(ids, lo, hi, ids.length, layout, layout.maxWidth - filterBits, false,
                        true, PackedSegment.GROUP_BITS, false, slotLimit);
                String what = "F<=" + filterBits + " slots<=" + slotLimit;
                for (int c = 0; c < layout.chunks; c++) {
                    assertThat(seg.dirLow[c]).as(what).isNotNull();
                    int f = layout.width[c] - seg.dirBits;
                    int slots = Math.min(slotLimit, 32 - seg.offsetBits[c]);
                    for (int trial = 0; trial < 300; trial++) {
                        int k = rnd.nextInt(1 << seg.dirBits);
                        int filter = rnd.nextInt(1 << f);
                        int budget = rnd.nextInt(4);
                        boolean holds = false;
                        for (int p = seg.bucketStart(c, k); p < seg.bucketStart(c, k + 1); p++) {
                            holds |= Integer.bitCount((seg.entry(c, p) >>> seg.ordBits) ^ filter) <= budget;
                        }
                        int kept = seg.presence(c, k) & seg.accepted(c, filter, budget);
                        if (holds) assertThat(kept).as("%s chunk %d bucket %d", what, c, k).isNotZero();
                        assertThat(seg.presence(c, k) >>> slots).as("%s: at most %d slots", what, slots).isZero();
                    }
                }
                for (int i = 0; i < 12; i++) {
                    Hash256 q = TestHashes.flip(hashes[rnd.nextInt(hashes.length)], rnd.nextInt(40), rnd);
                    for (int r : new int[] {0, 7, 15, 31, 40}) {
                        for (boolean simd : new boolean[] {false, true}) {
                            MatchSink sink = new MatchSink();
                            seg.search(new Query(q, r, 0), sink, Long.MAX_VALUE, simd, true);
                            assertThat(sink.sorted()).as("%s radius %d", what, r).isEqualTo(model.radius(q, r));
                        }
                    }
                }
            }
        }
    }

    @Test
    void idsThatFitAnInt_areHeldAsInts_andAnIdBeyondTheIntRange_isNotFoundByItsLowBits() {
        SplittableRandom rnd = new SplittableRandom(13);
        Hash256[] hashes = TestHashes.uniform(3_000, rnd);
        long[] words = words(hashes);
        for (long offset : new long[] {-1_000, 1L << 40}) {
            long[] ids = new long[hashes.length];
            for (int i = 0; i < ids.length; i++) ids[i] = offset + 2L * i;
            PackedSegment seg = PackedSegment.build(ids.clone(), words, ids.length, null, false, true);
            assertThat(seg.narrowIds()).isEqualTo(offset < 0);
            for (int i = 0; i < ids.length; i += 97) {
                assertThat(seg.find(ids[i])).isEqualTo(i);
                assertThat(seg.id(i)).isEqualTo(ids[i]);
                assertThat(seg.find(ids[i] + 1)).isEqualTo(-1);
                assertThat(seg.find(ids[i] + (1L << 32))).as("same low 32 bits").isEqualTo(-1);
            }
            Hash256 q = TestHashes.flip(hashes[17], 9, rnd);
            MatchSink sink = new MatchSink();
            seg.search(new Query(q, 31, 0), sink, Long.MAX_VALUE);
            assertThat(sink.sorted()).isEqualTo(MultiIndexAgainstBruteForceTest.model(ids, hashes).radius(q, 31));
        }
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

    /** Words {@code from} and {@code from + 1} of each hash, as {@link PackedSegment} stores them. */
    private static long[] halves(long[] words, int n, int from) {
        long[] out = new long[2 * n];
        for (int i = 0; i < n; i++) {
            out[2 * i] = words[4 * i + from];
            out[2 * i + 1] = words[4 * i + from + 1];
        }
        return out;
    }

    @Test
    void ringEntries_byDefault_onlyWhenTheHeapHoldsThreeRingSegments() {
        int tenMillion = 10_000_000;
        long gib = 1L << 30;
        // a 10M matcher run in -Xmx2g (issue 5) keeps the plain tables; -Xmx6g has room for ring entries
        assertThat(PackedSegment.ringFits(tenMillion, 2 * gib, null)).isFalse();
        assertThat(PackedSegment.ringFits(tenMillion, 2 * gib, "auto")).isFalse();
        assertThat(PackedSegment.ringFits(tenMillion, 6 * gib, null)).isTrue();
        assertThat(PackedSegment.ringFits(tenMillion, 2 * gib, "on")).isTrue();
        assertThat(PackedSegment.ringFits(tenMillion, 6 * gib, "off")).isFalse();
        assertThatThrownBy(() -> PackedSegment.ringFits(tenMillion, 6 * gib, "yes"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reportonce.index.ring").hasMessageContaining("'yes'");
    }
}

package org.reportonce.index;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The bucket filter of {@link PackedSegment} (pass 3 of a probe) with the Vector API: one vector
 * of entries per step, their filter bits compared with the query's by a lane-wise popcount, and
 * the passing entries' ordinals written out with one compress-store. A bucket of up to 16 entries
 * (AVX-512) is one step with no data-dependent branch, where the scalar loop takes one
 * mispredicted exit per bucket.
 *
 * <p>Only ever loaded when the {@code jdk.incubator.vector} module is in the boot layer
 * ({@link #AVAILABLE}, checked without touching this class's vector types); without it the
 * scalar loop in {@link PackedSegment} does the same work. Both give the same candidates in the
 * same order.
 */
final class SimdFilter {
    private SimdFilter() {}

    private static final VectorSpecies<Integer> SPECIES = IntVector.SPECIES_PREFERRED;
    /** Lanes per step; the candidate buffer needs this much slack past its last candidate. */
    static final int LANES = SPECIES.length();

    private static final VectorSpecies<Long> LONGS = LongVector.SPECIES_PREFERRED;
    private static final int LONG_LANES = LONGS.length();

    /**
     * Appends to {@code cand} (from {@code candidates}) {@code tag | ordinal} of every entry in
     * buckets {@code [starts[i], ends[i])}, {@code first <= i < last}, whose filter bits ({@code entry >>> shift}) are within
     * {@code budgets[i]} of {@code filter}; returns the new count.
     */
    static int filter(int[] ent, int[] starts, int[] ends, int[] budgets, int first, int last, int filter, int shift,
            int mask, int tag, int[] cand, int candidates) {
        for (int i = first; i < last; i++) {
            int budget = budgets[i];
            for (int p = starts[i], end = ends[i]; p < end; p += LANES) {
                VectorMask<Integer> in = SPECIES.indexInRange(p, end);
                IntVector e = IntVector.fromArray(SPECIES, ent, p, in);
                VectorMask<Integer> pass = e.lanewise(VectorOperators.LSHR, shift)
                        .lanewise(VectorOperators.XOR, filter)
                        .lanewise(VectorOperators.BIT_COUNT)
                        .compare(VectorOperators.LE, budget)
                        .and(in);
                e.and(mask).or(tag).compress(pass).intoArray(cand, candidates);
                candidates += pass.trueCount();
            }
        }
        return candidates;
    }

    /**
     * The filter of a plain segment with pair bits: entry ints XORed with {@code query}; an entry
     * passes if {@code bitCount(x >>> shift)} (its filter distance) is within the bucket's budget and
     * {@code bitCount(x >>> pairShift)} (filter and pair bits) within budget + {@code extra}. The
     * passing entries' ordinals are written with one compress-store, as in {@link #filter}.
     */
    static int filterPairs(int[] ent, int[] starts, int[] ends, int[] budgets, int first, int last, int query, int shift,
            int pairShift, int extra, int mask, int tag, int[] cand, int candidates) {
        for (int i = first; i < last; i++) {
            int budget = budgets[i];
            int pair = budget + extra;
            for (int p = starts[i], end = ends[i]; p < end; p += LANES) {
                VectorMask<Integer> in = SPECIES.indexInRange(p, end);
                IntVector x = IntVector.fromArray(SPECIES, ent, p, in).lanewise(VectorOperators.XOR, query);
                VectorMask<Integer> pass = x.lanewise(VectorOperators.LSHR, shift)
                        .lanewise(VectorOperators.BIT_COUNT)
                        .compare(VectorOperators.LE, budget)
                        .and(x.lanewise(VectorOperators.LSHR, pairShift).lanewise(VectorOperators.BIT_COUNT)
                                .compare(VectorOperators.LE, pair))
                        .and(in);
                x.and(mask).or(tag).compress(pass).intoArray(cand, candidates);
                candidates += pass.trueCount();
            }
        }
        return candidates;
    }

    /**
     * The filter of a ring segment: entry longs (entry int low, next chunk's key high) XORed with
     * {@code query}; an entry passes if the popcount under {@code filterMask} is within the bucket's
     * budget and the popcount under {@code pairMask} within budget + {@code extra}. Passing entries
     * are rare (a few per query), so they are written one by one behind a branch that is almost
     * never taken.
     */
    static int filterRing(long[] ent, int[] starts, int[] ends, int[] budgets, int first, int last, long query,
            long filterMask, long pairMask, int extra, int mask, int tag, int[] cand, int candidates) {
        for (int i = first; i < last; i++) {
            int budget = budgets[i];
            int pair = budget + extra;
            for (int p = starts[i], end = ends[i]; p < end; p += LONG_LANES) {
                VectorMask<Long> in = LONGS.indexInRange(p, end);
                LongVector x = LongVector.fromArray(LONGS, ent, p, in).lanewise(VectorOperators.XOR, query);
                VectorMask<Long> pass = x.and(filterMask).lanewise(VectorOperators.BIT_COUNT).compare(VectorOperators.LE, budget)
                        .and(x.and(pairMask).lanewise(VectorOperators.BIT_COUNT).compare(VectorOperators.LE, pair))
                        .and(in);
                if (pass.anyTrue()) {
                    long bits = pass.toLong();
                    while (bits != 0) {
                        int lane = Long.numberOfTrailingZeros(bits);
                        bits &= bits - 1;
                        cand[candidates++] = tag | ((int) ent[p + lane] & mask);
                    }
                }
            }
        }
        return candidates;
    }
}

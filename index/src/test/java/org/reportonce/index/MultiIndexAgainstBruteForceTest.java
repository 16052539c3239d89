package org.reportonce.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.reportonce.hashing.Hash256;

/**
 * The fast index checked against {@link BruteForceIndex}, the model: same entries, same queries,
 * same answers (ids, distances, order) at every radius from 0 to 64, for nearest and for
 * multi-hash queries, on uniform and on clustered data, after bulk builds and after random
 * add/remove sequences.
 */
class MultiIndexAgainstBruteForceTest {

    /** A data set described by how to generate it, so a failing sample is printed and replayable. */
    record Dataset(long seed, int size, boolean clustered) {
        Hash256[] hashes() {
            SplittableRandom rnd = new SplittableRandom(seed);
            return clustered ? TestHashes.clustered(size, 1 + rnd.nextInt(40), 1 + rnd.nextInt(48), rnd)
                    : TestHashes.uniform(size, rnd);
        }
    }

    /** Production tuning, and tunings that force the table code paths, frequent merges and delta tables. */
    static final MultiIndexHammingIndex.Tuning TABLES_12 =
            new MultiIndexHammingIndex.Tuning(ChunkLayout.TWELVE, 8, 2, 4, true);
    static final MultiIndexHammingIndex.Tuning TABLES_16 =
            new MultiIndexHammingIndex.Tuning(ChunkLayout.SIXTEEN, 8, 2, 4, true);
    static final MultiIndexHammingIndex.Tuning TABLES_11 =
            new MultiIndexHammingIndex.Tuning(ChunkLayout.ELEVEN, 8, 2, 4, true);

    /** Ring entries (the pigeonring filter of large segments) at every size. */
    static final MultiIndexHammingIndex.Tuning RING_11 =
            new MultiIndexHammingIndex.Tuning(ChunkLayout.ELEVEN, 8, 2, 4, true, 0);
    static final MultiIndexHammingIndex.Tuning RING_12 =
            new MultiIndexHammingIndex.Tuning(ChunkLayout.TWELVE, 8, 2, 4, true, 0);

    @Provide
    Arbitrary<MultiIndexHammingIndex.Tuning> tunings() {
        return Arbitraries.of(MultiIndexHammingIndex.Tuning.DEFAULT, TABLES_12, TABLES_16, TABLES_11, RING_11, RING_12);
    }

    static MultiIndexHammingIndex build(long[] ids, Hash256[] hashes, MultiIndexHammingIndex.Tuning tuning) {
        long[] words = new long[4 * hashes.length];
        for (int i = 0; i < hashes.length; i++) {
            words[4 * i] = hashes[i].w0();
            words[4 * i + 1] = hashes[i].w1();
            words[4 * i + 2] = hashes[i].w2();
            words[4 * i + 3] = hashes[i].w3();
        }
        return MultiIndexHammingIndex.bulk(ids, words, tuning, false);
    }

    @Provide
    Arbitrary<Dataset> datasets() {
        return Combinators.combine(Arbitraries.longs(), Arbitraries.integers().between(0, 3000),
                        Arbitraries.of(true, false))
                .as(Dataset::new);
    }

    @Property(tries = 40)
    void bulkBuiltIndex_answersEveryRadiusUpTo64_exactlyAsBruteForce(
            @ForAll("datasets") Dataset data, @ForAll("tunings") MultiIndexHammingIndex.Tuning tuning,
            @ForAll long querySeed) {
        Hash256[] hashes = data.hashes();
        long[] ids = idsFor(hashes.length, data.seed());
        MultiIndexHammingIndex index = build(ids, hashes, tuning);
        BruteForceIndex model = model(ids, hashes);

        SplittableRandom rnd = new SplittableRandom(querySeed);
        for (Hash256 q : queries(hashes, 6, rnd)) {
            for (int r = 0; r <= 64; r++) {
                assertThat(index.radius(q, r)).as("radius %d around %s", r, q).isEqualTo(model.radius(q, r));
            }
        }
        assertThat(index.size()).isEqualTo(model.size());
    }

    @Property(tries = 25)
    void nearest_returnsTheKClosest_tiesBrokenById(
            @ForAll("datasets") Dataset data, @ForAll("tunings") MultiIndexHammingIndex.Tuning tuning,
            @ForAll long querySeed, @ForAll @IntRange(min = 0, max = 40) int k) {
        Hash256[] hashes = data.hashes();
        long[] ids = idsFor(hashes.length, data.seed());
        MultiIndexHammingIndex index = build(ids, hashes, tuning);
        BruteForceIndex model = model(ids, hashes);
        SplittableRandom rnd = new SplittableRandom(querySeed);
        for (Hash256 q : queries(hashes, 4, rnd)) {
            assertThat(index.nearest(q, k)).as("%d nearest to %s", k, q).isEqualTo(model.nearest(q, k));
        }
        assertThat(index.nearest(TestHashes.random(rnd), hashes.length + 3))
                .hasSize(model.size());
    }

    @Property(tries = 25)
    void radiusAny_overEightHashesOfOneImage_reportsEachEntryOnceWithItsBestHash(
            @ForAll("datasets") Dataset data, @ForAll("tunings") MultiIndexHammingIndex.Tuning tuning,
            @ForAll long querySeed, @ForAll @IntRange(min = 0, max = 64) int radius) {
        Hash256[] hashes = data.hashes();
        long[] ids = idsFor(hashes.length, data.seed());
        MultiIndexHammingIndex index = build(ids, hashes, tuning);
        BruteForceIndex model = model(ids, hashes);
        SplittableRandom rnd = new SplittableRandom(querySeed);
        for (int round = 0; round < 3; round++) {
            List<Hash256> eight = queries(hashes, 8, rnd);
            if (rnd.nextBoolean() && !eight.isEmpty()) eight.set(5, eight.get(2)); // equal hashes: lowest position wins
            assertThat(index.radiusAny(eight, radius)).isEqualTo(model.radiusAny(eight, radius));
        }
    }

    /** One step of a random update sequence: add (or replace) or remove an id from a small range. */
    record Op(boolean add, long id, int hashChoice, int flips) {}

    @Provide
    Arbitrary<List<Op>> opSequences() {
        Arbitrary<Op> op = Combinators.combine(Arbitraries.of(true, true, true, false),
                        Arbitraries.longs().between(-20, 120), Arbitraries.integers().between(0, 15),
                        Arbitraries.integers().between(0, 40))
                .as(Op::new);
        return op.list().ofMaxSize(400);
    }

    @Property(tries = 60)
    void randomAddRemoveSequences_leaveTheIndexEqualToTheModel(
            @ForAll("opSequences") List<Op> ops, @ForAll("tunings") MultiIndexHammingIndex.Tuning tuning,
            @ForAll long seed) throws InterruptedException {
        SplittableRandom rnd = new SplittableRandom(seed);
        Hash256[] centres = TestHashes.uniform(16, rnd);
        MultiIndexHammingIndex index = new MultiIndexHammingIndex(tuning);
        BruteForceIndex model = new BruteForceIndex();
        int step = 0;
        for (Op op : ops) {
            if (op.add()) {
                Hash256 h = TestHashes.flip(centres[op.hashChoice()], op.flips(), rnd);
                index.add(op.id(), h);
                model.add(op.id(), h);
            } else {
                assertThat(index.remove(op.id())).as("remove %d", op.id()).isEqualTo(model.remove(op.id()));
            }
            if (++step % 50 == 0) assertSameAnswers(index, model, centres, rnd);
        }
        assertSameAnswers(index, model, centres, rnd);
        for (long id = -20; id <= 120; id++) {
            assertThat(index.get(id)).as("get %d", id).isEqualTo(model.get(id));
        }
        index.compact();
        assertSameAnswers(index, model, centres, rnd);
    }

    private static void assertSameAnswers(HammingIndex index, BruteForceIndex model, Hash256[] centres,
            SplittableRandom rnd) {
        assertThat(index.size()).isEqualTo(model.size());
        for (Hash256 c : centres) {
            Hash256 q = TestHashes.flip(c, rnd.nextInt(20), rnd);
            for (int r : new int[] {0, 3, 15, 31, 47, 64}) {
                assertThat(index.radius(q, r)).as("radius %d", r).isEqualTo(model.radius(q, r));
            }
            assertThat(index.nearest(q, 3)).isEqualTo(model.nearest(q, 3));
        }
        List<Hash256> eight = new ArrayList<>();
        for (int i = 0; i < 8; i++) eight.add(TestHashes.flip(centres[rnd.nextInt(centres.length)], rnd.nextInt(30), rnd));
        assertThat(index.radiusAny(eight, 31)).isEqualTo(model.radiusAny(eight, 31));
    }

    /** Ids that are neither dense nor sorted, with a few repeats (a later entry replaces an earlier one). */
    static long[] idsFor(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x5DEECE66DL);
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = rnd.nextInt(20) == 0 && i > 0 ? ids[rnd.nextInt(i)] : rnd.nextLong();
        }
        return ids;
    }

    static BruteForceIndex model(long[] ids, Hash256[] hashes) {
        BruteForceIndex model = new BruteForceIndex();
        for (int i = 0; i < ids.length; i++) model.add(ids[i], hashes[i]);
        return model;
    }

    /** Queries near stored hashes (0..70 bits away, so every radius has hits) and a few uniform ones. */
    static List<Hash256> queries(Hash256[] hashes, int count, SplittableRandom rnd) {
        List<Hash256> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (hashes.length == 0 || i % 4 == 3) {
                out.add(TestHashes.random(rnd));
            } else {
                out.add(TestHashes.flip(hashes[rnd.nextInt(hashes.length)], rnd.nextInt(71), rnd));
            }
        }
        return out;
    }
}

package org.reportonce.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.reportonce.hashing.Hash256;

/**
 * Queries on several threads while one thread adds, replaces and removes entries, through delta
 * table rebuilds and background merges. Entries that do not change during a query must be found
 * exactly; entries that change must be seen before or after the change, never torn, never twice,
 * and (for an id that is only ever replaced) never missing.
 */
class ConcurrentReadersTest {

    private static final int STABLE = 3_000;
    private static final int REPLACED = 200;
    private static final int CHURN = 300;
    private static final int RADIUS = 31;

    @Test
    void queriesDuringUpdates_seeStableEntriesExactly_andChangingEntriesBeforeOrAfter() throws Exception {
        for (MultiIndexHammingIndex.Tuning tuning : List.of(
                new MultiIndexHammingIndex.Tuning(ChunkLayout.TWELVE, 64, 2, 16, true),
                new MultiIndexHammingIndex.Tuning(ChunkLayout.ELEVEN, 64, 2, 16, true, 0),
                MultiIndexHammingIndex.Tuning.DEFAULT)) {
            run(tuning);
        }
    }

    private void run(MultiIndexHammingIndex.Tuning tuning) throws Exception {
        SplittableRandom rnd = new SplittableRandom(99);
        Hash256[] centres = TestHashes.uniform(60, rnd);
        Hash256[] stable = new Hash256[STABLE];
        long[] stableIds = new long[STABLE];
        for (int i = 0; i < STABLE; i++) {
            stable[i] = TestHashes.flip(centres[i % centres.length], rnd.nextInt(25), rnd);
            stableIds[i] = i;
        }
        // ids 100_000.. are only ever replaced (between version A and B); 200_000.. come and go
        Hash256[][] versions = new Hash256[REPLACED + CHURN][2];
        for (int i = 0; i < versions.length; i++) {
            Hash256 c = centres[i % centres.length];
            versions[i][0] = TestHashes.flip(c, rnd.nextInt(12), rnd);
            versions[i][1] = TestHashes.flip(c, rnd.nextInt(12), rnd);
        }
        MultiIndexHammingIndex index = MultiIndexAgainstBruteForceTest.build(stableIds, stable, tuning);
        for (int i = 0; i < REPLACED; i++) index.add(100_000 + i, versions[i][0]);

        AtomicBoolean done = new AtomicBoolean();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicLong queries = new AtomicLong();
        List<Thread> readers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            long seed = 1000 + t;
            readers.add(Thread.ofPlatform().start(() -> {
                SplittableRandom r = new SplittableRandom(seed);
                while (!done.get() && failures.size() < 5) {
                    int ci = r.nextInt(centres.length);
                    Hash256 q = centres[ci];
                    List<HammingIndex.Match> hits = r.nextInt(4) == 0
                            ? index.radiusAny(List.of(q, TestHashes.random(r)), RADIUS)
                            : index.radius(q, RADIUS);
                    String problem = check(q, hits, stable, versions);
                    if (problem != null) failures.add(problem);
                    queries.incrementAndGet();
                }
            }));
        }

        // the writer: replace, add, remove; every change is visible to its own next query
        SplittableRandom w = new SplittableRandom(7);
        boolean[] present = new boolean[CHURN];
        int[] current = new int[REPLACED];
        for (int op = 0; op < 20_000 && failures.isEmpty(); op++) {
            if (w.nextBoolean()) {
                int i = w.nextInt(REPLACED);
                current[i] ^= 1;
                Hash256 h = versions[i][current[i]];
                index.add(100_000 + i, h);
                assertThat(index.radius(h, 0)).extracting(HammingIndex.Match::id).contains(100_000L + i);
            } else {
                int i = w.nextInt(CHURN);
                long id = 200_000 + i;
                if (present[i]) {
                    assertThat(index.remove(id)).isTrue();
                    assertThat(index.radius(versions[REPLACED + i][1], 0)).extracting(HammingIndex.Match::id)
                            .doesNotContain(id);
                } else {
                    index.add(id, versions[REPLACED + i][1]);
                    assertThat(index.get(id)).isEqualTo(versions[REPLACED + i][1]);
                }
                present[i] = !present[i];
            }
        }
        done.set(true);
        for (Thread t : readers) t.join();
        assertThat(failures).isEmpty();
        assertThat(queries.get()).isPositive();
        int expectedSize = STABLE + REPLACED;
        for (boolean p : present) if (p) expectedSize++;
        assertThat(index.size()).isEqualTo(expectedSize);
    }

    /** Null when the hits are consistent with some moment of the update sequence for each id. */
    private static String check(Hash256 q, List<HammingIndex.Match> hits, Hash256[] stable, Hash256[][] versions) {
        Set<Long> seen = new HashSet<>();
        HammingIndex.Match previous = null;
        for (HammingIndex.Match m : hits) {
            if (!seen.add(m.id())) return "id " + m.id() + " reported twice for " + q;
            if (previous != null && previous.compareTo(m) > 0) return "hits out of order: " + hits;
            previous = m;
            long id = m.id();
            int d = m.distance();
            boolean fine;
            if (id < STABLE) {
                fine = d == stable[(int) id].distance(q);
            } else if (id >= 100_000 && id < 100_000 + REPLACED) {
                Hash256[] v = versions[(int) (id - 100_000)];
                fine = d == v[0].distance(q) || d == v[1].distance(q);
            } else if (id >= 200_000 && id < 200_000 + CHURN) {
                fine = d == versions[REPLACED + (int) (id - 200_000)][1].distance(q);
            } else {
                fine = false;
            }
            if (!fine || d > RADIUS) return "hit " + m + " matches no version of its entry for " + q;
        }
        for (int i = 0; i < stable.length; i++) {
            if (stable[i].distance(q) <= RADIUS && !seen.contains((long) i)) return "stable entry " + i + " missing for " + q;
        }
        for (int i = 0; i < REPLACED; i++) {
            Hash256[] v = versions[i];
            if (v[0].distance(q) <= RADIUS && v[1].distance(q) <= RADIUS && !seen.contains(100_000L + i)) {
                return "replaced entry " + (100_000 + i) + " missing (neither version seen) for " + q;
            }
        }
        return null;
    }
}

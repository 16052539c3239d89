package org.reportonce.index;

import java.util.List;

/**
 * The k nearest of a stream of (id, distance) pairs, exact and without a heap: a histogram of the
 * distances kept so far gives the smallest bound {@code b} with at least k entries at distance
 * {@code <= b}; anything farther is dropped on arrival. The survivors are sorted at the end.
 */
final class TopK {
    private final int k;
    private final int[] histogram = new int[HammingIndex.MAX_RADIUS + 1];
    private final MatchSink kept = new MatchSink();
    private int bound = HammingIndex.MAX_RADIUS;
    private int counted;

    TopK(int k) {
        this.k = k;
    }

    /** The current bound: callers may skip entries farther than this. */
    int bound() {
        return bound;
    }

    void offer(long id, int distance) {
        if (distance > bound) return;
        kept.add(id, distance, 0);
        histogram[distance]++;
        if (++counted >= k && distance < bound) {
            int sum = 0;
            for (int d = 0; d <= bound; d++) {
                sum += histogram[d];
                if (sum >= k) {
                    bound = d;
                    break;
                }
            }
        }
    }

    List<HammingIndex.Match> result() {
        // survivors kept before the bound shrank may lie beyond it; sorting puts them last
        return kept.first(k);
    }
}

package org.reportonce.index;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Collects the hits of one query (or of the several hashes of one multi-hash query) as primitives. */
final class MatchSink {
    private long[] ids = new long[16];
    private int[] distances = new int[16];
    private int[] queryIndexes = new int[16];
    private int size;

    void add(long id, int distance, int queryIndex) {
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
            distances = Arrays.copyOf(distances, size * 2);
            queryIndexes = Arrays.copyOf(queryIndexes, size * 2);
        }
        ids[size] = id;
        distances[size] = distance;
        queryIndexes[size] = queryIndex;
        size++;
    }

    int size() {
        return size;
    }

    /** Every hit, nearest first, ties by id. */
    List<HammingIndex.Match> sorted() {
        HammingIndex.Match[] out = new HammingIndex.Match[size];
        for (int i = 0; i < size; i++) out[i] = new HammingIndex.Match(ids[i], distances[i], queryIndexes[i]);
        Arrays.sort(out);
        return List.of(out);
    }

    /** The first {@code k} of {@link #sorted()}. */
    List<HammingIndex.Match> first(int k) {
        List<HammingIndex.Match> all = sorted();
        return all.size() <= k ? all : all.subList(0, k);
    }

    /**
     * One hit per id: the smallest distance, and among equal distances the lowest query position
     * (the hash that came first in the caller's list); then nearest first, ties by id.
     */
    List<HammingIndex.Match> bestPerId() {
        HammingIndex.Match[] all = new HammingIndex.Match[size];
        for (int i = 0; i < size; i++) all[i] = new HammingIndex.Match(ids[i], distances[i], queryIndexes[i]);
        Arrays.sort(all, Comparator.comparingLong(HammingIndex.Match::id)
                .thenComparingInt(HammingIndex.Match::distance)
                .thenComparingInt(HammingIndex.Match::queryIndex));
        int kept = 0;
        for (int i = 0; i < all.length; i++) {
            if (i == 0 || all[i].id() != all[i - 1].id()) all[kept++] = all[i];
        }
        HammingIndex.Match[] out = Arrays.copyOf(all, kept);
        Arrays.sort(out);
        return List.of(out);
    }
}

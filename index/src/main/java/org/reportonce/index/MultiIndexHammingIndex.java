package org.reportonce.index;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import org.reportonce.hashing.Hash256;

/**
 * The fast, thread-safe {@link HammingIndex}. (First version: a correct linear scan under a lock,
 * so other modules can code against the API; the multi-index implementation replaces it.)
 */
public final class MultiIndexHammingIndex implements HammingIndex {

    private final TreeMap<Long, Hash256> entries = new TreeMap<>();

    MultiIndexHammingIndex() {}

    static MultiIndexHammingIndex bulk(long[] ids, long[] words) {
        MultiIndexHammingIndex index = new MultiIndexHammingIndex();
        for (int i = 0; i < ids.length; i++) {
            index.entries.put(ids[i], new Hash256(words[4 * i], words[4 * i + 1], words[4 * i + 2], words[4 * i + 3]));
        }
        return index;
    }

    @Override
    public synchronized void add(long id, Hash256 hash) {
        entries.put(id, java.util.Objects.requireNonNull(hash, "hash"));
    }

    @Override
    public synchronized boolean remove(long id) {
        return entries.remove(id) != null;
    }

    @Override
    public synchronized Hash256 get(long id) {
        return entries.get(id);
    }

    @Override
    public synchronized int size() {
        return entries.size();
    }

    @Override
    public synchronized List<Match> radius(Hash256 query, int radius) {
        HammingIndex.checkRadius(radius);
        List<Match> out = new ArrayList<>();
        entries.forEach((id, h) -> {
            int d = h.distance(query);
            if (d <= radius) out.add(new Match(id, d));
        });
        out.sort(null);
        return out;
    }

    @Override
    public synchronized List<Match> nearest(Hash256 query, int k) {
        if (k < 0) throw new IllegalArgumentException("k must be >= 0, got " + k);
        PriorityQueue<Match> worstFirst = new PriorityQueue<>((a, b) -> b.compareTo(a));
        entries.forEach((id, h) -> {
            worstFirst.add(new Match(id, h.distance(query)));
            if (worstFirst.size() > k) worstFirst.poll();
        });
        List<Match> out = new ArrayList<>(worstFirst);
        out.sort(null);
        return out;
    }

    @Override
    public synchronized List<Match> radiusAny(List<Hash256> queries, int radius) {
        HammingIndex.checkRadius(radius);
        List<Match> out = new ArrayList<>();
        entries.forEach((id, h) -> {
            Match best = null;
            for (int q = 0; q < queries.size(); q++) {
                int d = h.distance(queries.get(q));
                if (d <= radius && (best == null || d < best.distance())) best = new Match(id, d, q);
            }
            if (best != null) out.add(best);
        });
        out.sort(null);
        return out;
    }

    /** Saves every entry to {@code file} (see {@link IndexFile} for the format); atomic replace. */
    public synchronized void save(Path file) throws IOException {
        int n = entries.size();
        long[] ids = new long[n];
        long[] words = new long[4 * n];
        int i = 0;
        for (Map.Entry<Long, Hash256> e : entries.entrySet()) {
            ids[i] = e.getKey();
            Hash256 h = e.getValue();
            words[4 * i] = h.w0();
            words[4 * i + 1] = h.w1();
            words[4 * i + 2] = h.w2();
            words[4 * i + 3] = h.w3();
            i++;
        }
        IndexFile.write(file, ids, words, n);
    }
}

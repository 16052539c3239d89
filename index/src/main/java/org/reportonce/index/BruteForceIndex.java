package org.reportonce.index;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.reportonce.hashing.Hash256;

/**
 * The model every fast index is checked against: a linear scan of every entry under a lock.
 * Exact by construction; O(n) per query.
 */
public final class BruteForceIndex implements HammingIndex {

    private final Map<Long, Hash256> entries = new HashMap<>();

    @Override
    public synchronized void add(long id, Hash256 hash) {
        entries.put(id, hash);
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
}

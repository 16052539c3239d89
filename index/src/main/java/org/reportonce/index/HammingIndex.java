package org.reportonce.index;

import java.util.List;
import org.reportonce.hashing.Hash256;

/**
 * An exact Hamming-distance index from ids to 256-bit hashes.
 *
 * <p>Contract, for every implementation: results are exact (every entry within the radius, and no
 * other, is returned), sorted by distance then id; {@link #add} replaces an entry with the same id;
 * an update is visible to every query that starts after it returns; queries may run on many threads
 * while one thread updates, and see each entry either before or after an update, never torn.
 */
public interface HammingIndex {

    /** The largest radius a query accepts (every radius up to the full 256 bits is exact). */
    int MAX_RADIUS = 256;

    /** Adds or replaces the entry for {@code id}. */
    void add(long id, Hash256 hash);

    /** Removes the entry for {@code id}; false when there was none. */
    boolean remove(long id);

    /** The hash stored for {@code id}, or null. */
    Hash256 get(long id);

    int size();

    /** Every entry within {@code radius} bits of {@code query}, nearest first. */
    List<Match> radius(Hash256 query, int radius);

    /** The {@code k} nearest entries, nearest first (ties broken by id). */
    List<Match> nearest(Hash256 query, int k);

    /**
     * One query for several hashes of one image (its 8 dihedral hashes, or a signal set): every
     * entry within {@code radius} of any of them, reported once with the smallest distance and the
     * position in {@code queries} of the hash that gave it.
     */
    List<Match> radiusAny(List<Hash256> queries, int radius);

    /** A hit: the entry's id, its distance from the query, and which query hash found it (0 for a single query). */
    record Match(long id, int distance, int queryIndex) implements Comparable<Match> {
        public Match(long id, int distance) {
            this(id, distance, 0);
        }

        @Override
        public int compareTo(Match o) {
            int c = Integer.compare(distance, o.distance);
            return c != 0 ? c : Long.compare(id, o.id);
        }
    }

    static void checkRadius(int radius) {
        if (radius < 0 || radius > MAX_RADIUS) {
            throw new IllegalArgumentException("radius must be 0.." + MAX_RADIUS + ", got " + radius);
        }
    }
}

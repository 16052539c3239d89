package org.reportonce.hashing.signalset;

import java.util.List;
import java.util.Optional;
import org.reportonce.hashing.pdq.PdqHash;

/**
 * When an upload matches a reported item: some hash the platform looks up for the upload
 * ({@link SignalSets#forMatching}) lies within {@code maxDistance} bits of some member of the
 * item's signal set ({@link SignalSets#forReport}), and both hashes have quality ≥ {@code qualityFloor}.
 *
 * <p>The rule looks only at hashes and qualities, never at variant names, because the hub
 * distributes every member as an ordinary PDQ signal: a platform indexes all of them and queries its
 * index with each look-up hash at radius {@link #maxDistance()}, then keeps hits that pass
 * {@link #matches(PdqHash, PdqHash)}.
 *
 * @param maxDistance  largest Hamming distance that still matches (0..256)
 * @param qualityFloor smallest PDQ quality that may take part in a match, on either side (0..100)
 */
public record MatchRule(int maxDistance, int qualityFloor) {

    /** The quality floor StopNCII and ReportOnce apply to every hash. */
    public static final int QUALITY_FLOOR = 50;

    public MatchRule {
        if (maxDistance < 0 || maxDistance > 256) {
            throw new IllegalArgumentException("maxDistance must be 0..256, got " + maxDistance);
        }
        if (qualityFloor < 0 || qualityFloor > 100) {
            throw new IllegalArgumentException("qualityFloor must be 0..100, got " + qualityFloor);
        }
    }

    /** A look-up hash, the reported member it matched, and their distance. */
    public record Match(SignalMember lookedUp, SignalMember reported, int distance) {}

    /** True when the two hashes are close enough and both are good enough. */
    public boolean matches(PdqHash lookedUp, PdqHash reported) {
        return lookedUp.quality() >= qualityFloor && reported.quality() >= qualityFloor
                && lookedUp.distance(reported) <= maxDistance;
    }

    /**
     * The closest pair that passes the quality floor, if within {@code maxDistance}; empty otherwise.
     */
    public Optional<Match> match(SignalSet lookedUp, SignalSet reported) {
        Match best = closest(lookedUp.members(), reported.members());
        return best != null && best.distance() <= maxDistance ? Optional.of(best) : Optional.empty();
    }

    /**
     * The smallest distance between any look-up hash and any reported member, both at or above the
     * quality floor; {@code Integer.MAX_VALUE} when no pair is eligible. (The evaluation harness sweeps
     * thresholds over this.)
     */
    public int closestDistance(SignalSet lookedUp, SignalSet reported) {
        Match best = closest(lookedUp.members(), reported.members());
        return best == null ? Integer.MAX_VALUE : best.distance();
    }

    private Match closest(List<SignalMember> a, List<SignalMember> b) {
        Match best = null;
        for (SignalMember q : a) {
            if (q.quality() < qualityFloor) continue;
            for (SignalMember r : b) {
                if (r.quality() < qualityFloor) continue;
                int d = q.hash().distance(r.hash());
                if (best == null || d < best.distance()) {
                    best = new Match(q, r, d);
                }
            }
        }
        return best;
    }
}

package org.reportonce.eval.detector;

import java.util.ArrayList;
import java.util.List;
import org.reportonce.eval.Detector;
import org.reportonce.hashing.pdq.PdqHash;
import org.reportonce.hashing.signalset.MatchRule;
import org.reportonce.hashing.signalset.RgbImage;
import org.reportonce.hashing.signalset.SignalMember;
import org.reportonce.hashing.signalset.SignalSet;
import org.reportonce.hashing.signalset.SignalSets;

/**
 * ReportOnce's signal sets: {@link SignalSets#forReport} reported, {@link SignalSets#forMatching}
 * looked up, compared by {@link SignalSets#STANDARD_RULE}.
 */
public final class SignalSetDetector implements Detector {
    @Override
    public String name() {
        return "signal-set";
    }

    @Override
    public String description() {
        return "PDQ of the picture, " + SignalSets.reportVariants().size()
                + " crop/straighten variants and its regions reported; upload (and its trimmed copy) looked up with 8 dihedral"
                + " hashes each, and " + SignalSets.areaLookupLabels().size() + " area look-ups (regions, small crops)";
    }

    @Override
    public Fingerprint reported(RgbImage image) {
        return of(SignalSets.forReport(image));
    }

    @Override
    public Fingerprint uploaded(RgbImage image) {
        return of(SignalSets.forMatching(image));
    }

    static PdqFingerprint of(SignalSet set) {
        List<PdqHash> hashes = new ArrayList<>(set.size());
        for (SignalMember m : set.members()) {
            hashes.add(m.pdq());
        }
        return new PdqFingerprint(hashes, SignalSets.STANDARD_RULE.qualityFloor());
    }

    @Override
    public int distance(Fingerprint reported, Fingerprint uploaded) {
        return ((PdqFingerprint) reported).closest((PdqFingerprint) uploaded);
    }

    @Override
    public int defaultThreshold() {
        return SignalSets.STANDARD_RULE.maxDistance();
    }

    @Override
    public int maxThreshold() {
        return 80;
    }
}

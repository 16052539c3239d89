package org.reportonce.eval.detector;

import java.util.List;
import org.reportonce.eval.Detector;
import org.reportonce.hashing.pdq.PdqHasher;
import org.reportonce.hashing.signalset.MatchRule;
import org.reportonce.hashing.signalset.RgbImage;

/** What StopNCII and HMA do by default: one canonical PDQ hash each side, distance ≤ 31, quality ≥ 50. */
public final class PlainPdqDetector implements Detector {
    @Override
    public String name() {
        return "pdq";
    }

    @Override
    public String description() {
        return "plain canonical PDQ: one hash per report, one look-up per upload";
    }

    @Override
    public Fingerprint reported(RgbImage image) {
        return new PdqFingerprint(List.of(PdqHasher.canonical().hashRgb(image.rgb(), image.width(), image.height())),
                MatchRule.QUALITY_FLOOR);
    }

    @Override
    public Fingerprint uploaded(RgbImage image) {
        return reported(image);
    }

    @Override
    public int distance(Fingerprint reported, Fingerprint uploaded) {
        return ((PdqFingerprint) reported).closest((PdqFingerprint) uploaded);
    }

    @Override
    public int defaultThreshold() {
        return 31;
    }

    @Override
    public int maxThreshold() {
        return 80;
    }
}

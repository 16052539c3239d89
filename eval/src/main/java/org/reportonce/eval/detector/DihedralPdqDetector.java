package org.reportonce.eval.detector;

import org.reportonce.eval.Detector;
import org.reportonce.hashing.pdq.PdqHasher;
import org.reportonce.hashing.signalset.MatchRule;
import org.reportonce.hashing.signalset.RgbImage;

/** Plain PDQ reported; the upload looked up with its 8 dihedral hashes (mirrors, quarter turns). */
public final class DihedralPdqDetector implements Detector {
    private final PlainPdqDetector plain = new PlainPdqDetector();

    @Override
    public String name() {
        return "pdq-dihedral";
    }

    @Override
    public String description() {
        return "plain PDQ reported; upload looked up with its 8 dihedral hashes";
    }

    @Override
    public Fingerprint reported(RgbImage image) {
        return plain.reported(image);
    }

    @Override
    public Fingerprint uploaded(RgbImage image) {
        return new PdqFingerprint(
                PdqHasher.canonical().hashRgbDihedral(image.rgb(), image.width(), image.height()).hashes(),
                MatchRule.QUALITY_FLOOR);
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

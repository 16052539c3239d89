package org.reportonce.platform;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.reportonce.hashing.exact.ExactDigests;
import org.reportonce.hashing.exact.ExactHashes;
import org.reportonce.hashing.image.DecodedImage;
import org.reportonce.hashing.image.ImageDecodeException;
import org.reportonce.hashing.image.ImageDecoder;
import org.reportonce.hashing.image.LumaAndEdges;
import org.reportonce.hashing.image.LumaImage;
import org.reportonce.hashing.pdq.Dihedral;
import org.reportonce.hashing.pdq.DihedralHashes;
import org.reportonce.hashing.pdq.PdqHash;
import org.reportonce.hashing.pdq.PdqHasher;
import org.reportonce.hashing.signalset.AreaHashes;
import org.reportonce.hashing.signalset.RgbImage;
import org.reportonce.hashing.signalset.SignalMember;
import org.reportonce.hashing.signalset.SignalSets;

/**
 * Fingerprints with the hashing module: for matching, the canonical PDQ (C++/StopNCII-compatible)
 * look-up set of {@code SignalSets.forMatching} (8 dihedral hashes, plus 8 of the border-trimmed
 * picture, plus the area look-ups), MD5 and SHA-256; for a user's report, the edit-resilient signal set.
 */
final class HashingFingerprinter implements ImageFingerprinter {

    private final boolean stickerGate;

    /** With the sticker gate (see {@link #fastPath(byte[], boolean)}). */
    HashingFingerprinter() {
        this(true);
    }

    /** @param stickerGate whether a JPEG that may carry a sticker leaves the fast path (PlatformConfig.stickerGate) */
    HashingFingerprinter(boolean stickerGate) {
        this.stickerGate = stickerGate;
    }

    @Override
    public Fingerprint fingerprint(byte[] bytes) {
        ExactDigests digests;
        try {
            digests = ExactHashes.digest(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen reading a byte array", e);
        }
        try {
            List<Member> fast = fastPath(bytes, stickerGate);
            if (fast != null) return new Fingerprint(fast, digests.md5Hex(), digests.sha256Hex(), null);
            DecodedImage img = ImageDecoder.decode(bytes);
            // the platform's side of the match rule (issue 7): dihedral hashes, and those of the
            // picture with its uniform borders trimmed when it has any
            List<Member> members = SignalSets.forMatching(img.rgb(), img.width(), img.height()).members().stream()
                    .map(m -> new Member(m.variant(), m.hash(), m.quality())).toList();
            return new Fingerprint(members, digests.md5Hex(), digests.sha256Hex(), null);
        } catch (ImageDecodeException e) {
            return new Fingerprint(List.of(), digests.md5Hex(), digests.sha256Hex(),
                    e.reason().name().toLowerCase(java.util.Locale.ROOT) + ": " + e.getMessage());
        }
    }

    /**
     * Uploads at volume are mostly big baseline JPEGs, where decoding dominates. For those the hashing
     * module's fast path decodes only the luminance of the 512 x 512 pixels canonical PDQ samples
     * (within a few bits of the exact hash), and the 8 dihedral hashes come from that plane. Trimming
     * needs the full picture, so the fast path is taken only when the picture has no border to trim:
     * a line the trim rule peels is uniform in every colour channel (within 24 of the line's median),
     * hence uniform in luminance too, so when none of the 4 outermost sampled lines is uniform in
     * luminance there is nothing to trim. Baseline files also give the colours of those lines
     * cheaply, which rules out more borders (a sky or water edge is often uniform in luminance
     * but not in colour). Undoing a turn on a filled canvas needs the full picture too, so the four
     * corners must not share one luminance either. Painting out a sticker (sticker/orig) needs the
     * full picture as well: the decoder keeps every block's DC coefficients (read anyway), and when
     * the sticker finder (its tests on block means) finds a sticker-like blob in that 1/8-scale picture, or the file did
     * not give it, the upload is decoded fully. Otherwise (and for every other format) null: decode fully.
     */
    static List<Member> fastPath(byte[] bytes) {
        return fastPath(bytes, true);
    }

    /**
     * The fast path's look-ups, or null; with {@code stickerGate} false the sticker test is skipped
     * (the platform's default: see PlatformConfig.stickerGate for the trade).
     */
    static List<Member> fastPath(byte[] bytes, boolean stickerGate) {
        LumaAndEdges sampled = ImageDecoder.standard().squashedLumaAndEdgesForCanonicalPdq(bytes, stickerGate);
        if (sampled == null) return null;
        LumaImage luma = sampled.luma();
        if (cornersAlike(luma)) return null;
        if (sampled.edgeRgb() != null ? mayHaveBorder(sampled.edgeRgb()) : mayHaveBorder(luma)) return null;
        if (stickerGate && mayHaveSticker(sampled.blockMeans())) return null;
        DihedralHashes d = PdqHasher.canonical().hashLumaDihedral(luma.luma(), luma.width(), luma.height());
        List<Member> out = new ArrayList<>(8 + SignalSets.areaLookupLabels().size());
        for (Dihedral v : Dihedral.values()) out.add(new Member(v.wireName(), d.get(v).hash(), d.get(v).quality()));
        // the area look-ups come from the same plane: a rectangle of it is the rectangle of the picture
        for (SignalMember m : SignalSets.areaLookups(AreaHashes.ofLuma(luma.luma(), luma.width(), luma.height()))) {
            out.add(new Member(m.variant(), m.hash(), m.quality()));
        }
        return out;
    }

    /**
     * Whether the upload, given as its 8 x 8 block means, may carry a sticker forMatching would paint
     * out (SignalSets.mayHaveSticker: the finder's tests, kept or loosened, on block means); also
     * true when the file gave no block means. Measured in docs/benchmarks.md, "Session 6, round 2":
     * fires on ~12 % of ordinary uploads, and on every stickered one whose match needs sticker/orig.
     */
    static boolean mayHaveSticker(DecodedImage blockMeans) {
        return blockMeans == null
                || SignalSets.mayHaveSticker(new RgbImage(blockMeans.width(), blockMeans.height(), blockMeans.rgb()));
    }

    private static final int BORDER_TOLERANCE = 24;
    private static final int BORDER_PERCENT = 92;
    /*
     * The edge colours of the fast path take the nearest chroma sample where a complete decode
     * interpolates: under a level on average, more only at sharp colour edges, which a uniform line
     * does not have. So the colour test is a little looser than the trim rule (4 levels wider, a
     * share 4 points lower, which also covers judging 512 sampled pixels instead of the whole line):
     * a line it finds not uniform is not uniform for the trim rule either, and anything in doubt
     * gets the complete decode.
     */
    private static final int EDGE_COLOUR_TOLERANCE = BORDER_TOLERANCE + 4;
    private static final int EDGE_COLOUR_PERCENT = BORDER_PERCENT - 4;

    /**
     * Whether any of the four outermost sampled lines (packed RGB) may be uniform in the trim
     * rule's sense: most of its pixels within the tolerance of the line's per-channel median.
     */
    static boolean mayHaveBorder(int[][] edgeRgb) {
        for (int[] line : edgeRgb) {
            int n = line.length;
            int median = 0;
            int[] channel = new int[n];
            for (int shift = 16; shift >= 0; shift -= 8) {
                for (int i = 0; i < n; i++) channel[i] = (line[i] >> shift) & 0xFF;
                java.util.Arrays.sort(channel);
                median = (median << 8) | channel[n / 2];
            }
            int near = 0;
            for (int p : line) {
                if (Math.abs(((p >> 16) & 0xFF) - ((median >> 16) & 0xFF)) <= EDGE_COLOUR_TOLERANCE
                        && Math.abs(((p >> 8) & 0xFF) - ((median >> 8) & 0xFF)) <= EDGE_COLOUR_TOLERANCE
                        && Math.abs((p & 0xFF) - (median & 0xFF)) <= EDGE_COLOUR_TOLERANCE) {
                    near++;
                }
            }
            if (near * 100 >= EDGE_COLOUR_PERCENT * n) return true;
        }
        return false;
    }

    /**
     * Four corners of one luminance: maybe a picture turned on a filled canvas, which forMatching
     * turns back (SignalSets, CanvasTurn) from the full picture.
     */
    static boolean cornersAlike(LumaImage img) {
        int w = img.width();
        int h = img.height();
        float[] y = img.luma();
        float c0 = y[0];
        return Math.abs(y[w - 1] - c0) <= BORDER_TOLERANCE && Math.abs(y[(h - 1) * w] - c0) <= BORDER_TOLERANCE
                && Math.abs(y[h * w - 1] - c0) <= BORDER_TOLERANCE;
    }

    static boolean mayHaveBorder(LumaImage img) {
        int w = img.width();
        int h = img.height();
        float[] y = img.luma();
        float[] line = new float[Math.max(w, h)];
        for (int side = 0; side < 4; side++) {
            int n = side % 2 == 0 ? h : w;
            for (int i = 0; i < n; i++) {
                line[i] = switch (side) {
                    case 0 -> y[i * w];               // left column
                    case 1 -> y[i];                   // top row
                    case 2 -> y[i * w + w - 1];       // right column
                    default -> y[(h - 1) * w + i];    // bottom row
                };
            }
            float[] sorted = java.util.Arrays.copyOf(line, n);
            java.util.Arrays.sort(sorted);
            float median = sorted[n / 2];
            int near = 0;
            for (int i = 0; i < n; i++) if (Math.abs(line[i] - median) <= BORDER_TOLERANCE) near++;
            if (near * 100 >= BORDER_PERCENT * n) return true;
        }
        return false;
    }

    @Override
    public List<PdqHash> reportSignalSet(byte[] bytes) {
        DecodedImage img;
        try {
            img = ImageDecoder.decode(bytes);
        } catch (ImageDecodeException e) {
            return List.of();
        }
        return SignalSets.forReport(img.rgb(), img.width(), img.height()).members().stream().map(SignalMember::pdq).toList();
    }
}

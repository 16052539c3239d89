package org.reportonce.platform;

import java.util.List;
import java.util.Locale;
import org.reportonce.hashing.Hash256;

/**
 * The hashes of one piece of content the platform hosts, registered so that a signal arriving
 * later finds it.
 *
 * @param contentReference the platform's own opaque id of the content (a URL, a post id, a path), 1..1024 characters
 * @param pdq              its PDQ hash (64 hex), or null when it is not an image
 * @param quality          the PDQ quality 0..100, required with {@code pdq}
 * @param dihedral         optional: the 8 dihedral PDQ hashes in the order orig, rot90, rot180, rot270,
 *                         flipx, flipy, flip_plus1, flip_minus1 (so rotated or mirrored copies are
 *                         found too); its first must equal {@code pdq}
 * @param md5              optional MD5 of the bytes (32 hex)
 * @param sha256           optional SHA-256 of the bytes (64 hex)
 * @param trimmed          optional: the 8 dihedral PDQ hashes of the picture with its uniform borders
 *                         trimmed (same order), for content that sits in a frame or letterbox
 * @param areas            optional: the area look-ups of the picture ({@code SignalSets.areaLookupLabels()},
 *                         40 of them, in that order; null where a hash is below the quality floor), so
 *                         a stored copy with a sticker or a caption, or cropped off-centre, is found when
 *                         the report arrives later, as its upload would have been
 */
public record ContentRegistration(String contentReference, String pdq, Integer quality, List<String> dihedral,
                                  String md5, String sha256, List<String> trimmed, List<String> areas) {

    public static final int MAX_REFERENCE_LENGTH = 1024;

    public ContentRegistration {
        if (contentReference == null || contentReference.isBlank()) {
            throw new IllegalArgumentException("contentReference is required: the platform's own id of the content");
        }
        if (contentReference.length() > MAX_REFERENCE_LENGTH) {
            throw new IllegalArgumentException("contentReference must be at most " + MAX_REFERENCE_LENGTH
                    + " characters, got " + contentReference.length());
        }
        if (dihedral != null && dihedral.isEmpty()) dihedral = null;
        if (dihedral != null) {
            if (dihedral.size() != 8) {
                throw new IllegalArgumentException("dihedral must list 8 PDQ hashes (orig, rot90, rot180, rot270, flipx, flipy, "
                        + "flip_plus1, flip_minus1), got " + dihedral.size());
            }
            dihedral = dihedral.stream().map(h -> hex(h, 64, "dihedral hash")).toList();
            if (pdq == null) pdq = dihedral.get(0);
        }
        if (trimmed != null && trimmed.isEmpty()) trimmed = null;
        if (trimmed != null) {
            if (trimmed.size() != 8) {
                throw new IllegalArgumentException("trimmed must list 8 PDQ hashes in dihedral order, got " + trimmed.size());
            }
            if (dihedral == null) throw new IllegalArgumentException("trimmed needs dihedral too");
            trimmed = trimmed.stream().map(h -> hex(h, 64, "trimmed hash")).toList();
        }
        if (areas != null && areas.isEmpty()) areas = null;
        if (areas != null) {
            if (areas.size() != Variants.AREA_NAMES.size()) {
                throw new IllegalArgumentException("areas must list " + Variants.AREA_NAMES.size() + " PDQ hashes or nulls ("
                        + String.join(", ", Variants.AREA_NAMES) + "), got " + areas.size());
            }
            if (dihedral == null) throw new IllegalArgumentException("areas needs dihedral too");
            areas = areas.stream().map(h -> h == null ? null : hex(h, 64, "area hash")).toList();
        }
        pdq = pdq == null ? null : hex(pdq, 64, "pdq");
        md5 = md5 == null ? null : hex(md5, 32, "md5");
        sha256 = sha256 == null ? null : hex(sha256, 64, "sha256");
        if (dihedral != null && !dihedral.get(0).equals(pdq)) {
            throw new IllegalArgumentException("dihedral[0] (orig) must equal pdq");
        }
        if (pdq != null && (quality == null || quality < 0 || quality > 100)) {
            throw new IllegalArgumentException("quality must be 0..100 with a pdq hash, got " + quality);
        }
        if (pdq == null && md5 == null && sha256 == null) {
            throw new IllegalArgumentException("at least one of pdq, md5, sha256 is required for " + contentReference);
        }
    }

    /** Registration with the plain hash (and optional digests) only. */
    public ContentRegistration(String contentReference, String pdq, Integer quality, String md5, String sha256) {
        this(contentReference, pdq, quality, null, md5, sha256, null, null);
    }

    /**
     * The PDQ hashes to index, by slot ({@link Variants#name}), null where a slot is empty: 0..7 the
     * dihedral family (or just slot 0, the hash), 8..15 the trimmed picture's family, 16.. the area
     * look-ups.
     */
    List<Hash256> pdqHashesBySlot() {
        List<Hash256> out = new java.util.ArrayList<>(Variants.SLOTS);
        if (dihedral != null) dihedral.forEach(h -> out.add(Hash256.fromHex(h)));
        else if (pdq != null) out.add(Hash256.fromHex(pdq));
        if (trimmed == null && areas == null) return out;
        while (out.size() < 8) out.add(null);
        if (trimmed != null) trimmed.forEach(h -> out.add(Hash256.fromHex(h)));
        if (areas == null) return out;
        while (out.size() < 16) out.add(null);
        areas.forEach(h -> out.add(h == null ? null : Hash256.fromHex(h)));
        return out;
    }

    static String hex(String value, int length, String field) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.length() != length) {
            throw new IllegalArgumentException(field + " must be " + length + " hex characters, got " + v.length());
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                throw new IllegalArgumentException(field + " must be " + length + " hex characters; character "
                        + (i + 1) + " is '" + c + "'");
            }
        }
        return v;
    }
}

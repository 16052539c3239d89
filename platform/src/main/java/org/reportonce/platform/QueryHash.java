package org.reportonce.platform;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.reportonce.protocol.SignalType;

/**
 * One hash to look up: a PDQ hash (with its quality, which must reach the floor to be matched, and
 * optionally the variant it was computed from) or an MD5/SHA-256 digest of the bytes.
 *
 * @param variant for PDQ: orig, rot90, rot180, rot270, flipx, flipy, flip_plus1 or flip_minus1, optionally
 *                prefixed trim/, or one of SignalSets' area look-ups (area/...); null = unknown
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QueryHash(SignalType type, String value, Integer quality, String variant) {

    public QueryHash {
        if (type == null) {
            throw new IllegalArgumentException("type is required: one of pdq, md5, sha256");
        }
        if (type == SignalType.VPDQ) {
            throw new IllegalArgumentException("type vpdq is not matched yet; use pdq, md5 or sha256");
        }
        if (value == null) {
            throw new IllegalArgumentException("value is required: " + type.hexLength() + " hex characters for " + type.wire());
        }
        value = ContentRegistration.hex(value, type.hexLength(), type.wire() + " value");
        if (type == SignalType.PDQ) {
            if (quality == null || quality < 0 || quality > 100) {
                throw new IllegalArgumentException("quality is required with a pdq hash (0..100; matches below "
                        + PlatformConfig.DEFAULT_QUALITY_FLOOR + " are not reported), got " + quality);
            }
            if (variant != null && !Variants.isValid(variant)) {
                throw new IllegalArgumentException("variant must be one of " + String.join(", ", Variants.WIRE_NAMES) + " (optionally prefixed trim/), an area look-up (area/...), " + org.reportonce.hashing.signalset.SignalSets.BAND
                        + " or " + org.reportonce.hashing.signalset.SignalSets.STICKER + ", got '" + variant + "'");
            }
        } else {
            quality = null;
            variant = null;
        }
    }

    public static QueryHash pdq(String hex, int quality) {
        return new QueryHash(SignalType.PDQ, hex, quality, null);
    }

    public static QueryHash pdq(String hex, int quality, String variant) {
        return new QueryHash(SignalType.PDQ, hex, quality, variant);
    }

    public static QueryHash md5(String hex) {
        return new QueryHash(SignalType.MD5, hex, null, null);
    }

    public static QueryHash sha256(String hex) {
        return new QueryHash(SignalType.SHA256, hex, null, null);
    }
}

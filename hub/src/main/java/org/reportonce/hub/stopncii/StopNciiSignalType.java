package org.reportonce.hub.stopncii;

import java.util.Optional;
import org.reportonce.protocol.SignalType;

/**
 * StopNCII's names for what a hash value is. Only two have a ReportOnce counterpart:
 * {@code ImagePDQ} is our {@code pdq} and {@code VideoMD5} is our {@code md5} (StopNCII's video signal).
 *
 * <p>Our {@code sha256} is not exposed on this API. StopNCII has no SHA-256 type; sending it as
 * {@code Unknown} would hand clients a 64-hex value of unknown meaning, the same length as a PDQ,
 * which a lenient client could compare by Hamming distance against its PDQs and match innocent
 * images. Platforms get SHA-256 signals from the hub's own API ({@code GET /v1/signals}).
 */
public enum StopNciiSignalType {
    Unknown(null),
    ImagePDQ(SignalType.PDQ),
    VideoMD5(SignalType.MD5),
    VideoTMK(null),
    Text(null),
    URL(null);

    /** python-threatexchange sends {@code str(enum)}, which on its enums reads "StopNCIISignalType.ImagePDQ". */
    private static final String PYTHON_PREFIX = "StopNCIISignalType.";

    private final SignalType ours;

    StopNciiSignalType(SignalType ours) {
        this.ours = ours;
    }

    /** The ReportOnce type, when there is one. */
    public Optional<SignalType> ours() {
        return Optional.ofNullable(ours);
    }

    /** The StopNCII name of one of our types, empty for types this API does not carry. */
    public static Optional<StopNciiSignalType> of(SignalType t) {
        return switch (t) {
            case PDQ -> Optional.of(ImagePDQ);
            case MD5 -> Optional.of(VideoMD5);
            case SHA256, VPDQ -> Optional.empty();
        };
    }

    /** Reads a name as clients send it: "ImagePDQ", or python's "StopNCIISignalType.ImagePDQ". */
    public static Optional<StopNciiSignalType> parse(String s) {
        if (s == null) return Optional.empty();
        String name = s.startsWith(PYTHON_PREFIX) ? s.substring(PYTHON_PREFIX.length()) : s;
        for (StopNciiSignalType t : values()) {
            if (t.name().equals(name)) return Optional.of(t);
        }
        return Optional.empty();
    }
}

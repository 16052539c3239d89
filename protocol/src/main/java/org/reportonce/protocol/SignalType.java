package org.reportonce.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a signal's value is a hash of, and how to compare two values. */
public enum SignalType {
    /** PDQ perceptual image hash: 64 hex characters, compared by Hamming distance. */
    PDQ("pdq", 64),
    /** MD5 of a file's bytes (StopNCII's video signal): 32 hex characters, exact match. */
    MD5("md5", 32),
    /** SHA-256 of a file's bytes: 64 hex characters, exact match. */
    SHA256("sha256", 64),
    /** Reserved for video PDQ; not accepted yet. */
    VPDQ("vpdq", -1);

    private final String wire;
    private final int hexLength;

    SignalType(String wire, int hexLength) {
        this.wire = wire;
        this.hexLength = hexLength;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    /** Hex characters in a value of this type, or -1 where the value is not a fixed-length hex string. */
    public int hexLength() {
        return hexLength;
    }

    public boolean isPerceptual() {
        return this == PDQ || this == VPDQ;
    }

    @JsonCreator
    public static SignalType fromWire(String s) {
        if (s != null) {
            for (SignalType t : values()) {
                if (t.wire.equals(s.toLowerCase(Locale.ROOT))) return t;
            }
        }
        throw new IllegalArgumentException("signal type must be one of "
                + Arrays.stream(values()).map(SignalType::wire).collect(Collectors.joining(", "))
                + "; got " + (s == null ? "nothing" : "'" + s + "'"));
    }
}

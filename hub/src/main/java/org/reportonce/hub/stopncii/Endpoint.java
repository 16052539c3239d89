package org.reportonce.hub.stopncii;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The three StopNCII endpoints; each can be granted to a key on its own, as StopNCII's function keys are. */
public enum Endpoint {
    FetchHashes,
    SubmitHashes,
    SubmitFeedback;

    /** The endpoint named exactly {@code s}, or an exception naming the accepted names. */
    public static Endpoint parse(String s) {
        for (Endpoint e : values()) {
            if (e.name().equals(s)) return e;
        }
        throw new IllegalArgumentException("must be one of " + names() + ", got " + (s == null ? "nothing" : "'" + s + "'"));
    }

    static String names() {
        return Arrays.stream(values()).map(Endpoint::name).collect(Collectors.joining(", "));
    }
}

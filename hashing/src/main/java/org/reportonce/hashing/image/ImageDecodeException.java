package org.reportonce.hashing.image;

/**
 * A file that could not be turned into pixels. The message names the file (when known) and what was
 * wrong; {@link #reason()} says which kind of problem it was, for callers that react differently
 * (e.g. HTTP 413 for {@link Reason#TOO_LARGE}, 415 for {@link Reason#UNSUPPORTED_FORMAT}).
 */
public final class ImageDecodeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The closed set of ways decoding fails. */
    public enum Reason {
        /** Zero bytes. */
        EMPTY,
        /** A known format whose data ends early. */
        TRUNCATED,
        /** A known format whose data is malformed. */
        CORRUPT,
        /** Not JPEG, PNG, GIF, BMP or WebP (or a variant of those the decoders lack). */
        UNSUPPORTED_FORMAT,
        /** More pixels than the decoder's limit: refused from the header, before decoding. */
        TOO_LARGE
    }

    private final Reason reason;

    public ImageDecodeException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public ImageDecodeException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

}

package org.reportonce.platform;

/**
 * A request the matcher cannot honour, with the HTTP status the API answers and a message that says
 * what was wrong and what is accepted. Library callers see the same messages.
 */
public final class PlatformException extends RuntimeException {
    private final int status;
    private final String title;

    public PlatformException(int status, String title, String detail) {
        super(detail);
        this.status = status;
        this.title = title;
    }

    static PlatformException badRequest(String detail) {
        return new PlatformException(400, "Bad request", detail);
    }

    static PlatformException notFound(String detail) {
        return new PlatformException(404, "Not found", detail);
    }

    static PlatformException conflict(String detail) {
        return new PlatformException(409, "Conflict", detail);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}

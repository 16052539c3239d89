package org.reportonce.hub.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reportonce.protocol.Problem;

/**
 * The one exception for every HTTP error the hub answers on purpose. It carries an RFC 9457 problem;
 * {@link HubApi} maps it to {@code application/problem+json} in one place.
 */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String slug;
    private final String title;
    private final transient List<Problem.FieldError> errors;
    private final transient Map<String, String> headers = new LinkedHashMap<>();

    public ApiException(int status, String slug, String title, String detail, List<Problem.FieldError> errors) {
        super(detail);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.errors = errors == null || errors.isEmpty() ? null : List.copyOf(errors);
    }

    public static ApiException invalid(String field, String message) {
        return new ApiException(400, "invalid-request", "The request is not valid", field + ": " + message,
                List.of(new Problem.FieldError(field, message)));
    }

    public static ApiException invalid(List<Problem.FieldError> errors) {
        String detail = errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are not valid; see errors";
        return new ApiException(400, "invalid-request", "The request is not valid", detail, errors);
    }

    public static ApiException unauthorized(String detail) {
        return new ApiException(401, "unauthorized", "Not authenticated", detail, null)
                .header("WWW-Authenticate", "Bearer realm=\"reportonce\"");
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(403, "forbidden", "Not allowed for this role", detail, null);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, "not-found", "Not found", detail, null);
    }

    public static ApiException conflict(String detail) {
        return new ApiException(409, "conflict", "Conflicts with the current state", detail, null);
    }

    public static ApiException tooLarge(long limit) {
        return new ApiException(413, "too-large", "Request body too large",
                "the request body is larger than the limit of " + limit + " bytes", null);
    }

    public static ApiException unprocessable(String detail, List<Problem.FieldError> errors) {
        return new ApiException(422, "unprocessable", "The request cannot be accepted", detail, errors);
    }

    public static ApiException tooManyRequests(String detail, long retryAfterMillis) {
        return new ApiException(429, "rate-limited", "Too many requests", detail, null)
                .header("Retry-After", Long.toString(Math.max(1, (retryAfterMillis + 999) / 1000)));
    }

    public ApiException header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public Problem toProblem(String instance) {
        return new Problem(typeUri(slug), title, status, getMessage(), instance, errors);
    }

    static String typeUri(String slug) {
        return "urn:reportonce:problem:" + slug;
    }
}

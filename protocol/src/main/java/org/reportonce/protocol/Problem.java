package org.reportonce.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem document ({@code application/problem+json}), the body of every 4xx and 5xx.
 *
 * @param errors one entry per bad field, naming it and saying what is accepted
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {
    public record FieldError(String field, String message) {}
}

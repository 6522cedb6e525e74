package dev.warden.recovery.error;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The one JSON shape of every REST error:
 * <pre>{"error": {"code": "invalid_argument", "message": "spec.options.steps: must be in [1, 10000], got 0",
 *            "field": "spec.options.steps"}}</pre>
 * {@code field} is null when no request field is to blame.
 *
 * @param error the error
 */
public record ErrorBody(Detail error) {

    /** An error body. */
    public static ErrorBody of(String code, String message, String field) {
        return new ErrorBody(new Detail(code, message, field));
    }

    /**
     * The error.
     *
     * @param code    a stable machine-readable code
     * @param message what went wrong, for people
     * @param field   the request field to blame (proto path from the request root), or null
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Detail(String code, String message, String field) {
    }
}

package dev.warden.gateway.error;

import java.util.Map;
import java.util.Objects;

/**
 * What {@link ErrorMapper} makes of a failure: the HTTP status, the headers it needs (for example
 * {@code retry-after}) and the OpenAI error body.
 *
 * @param status the HTTP status
 * @param headers headers specific to the error (lowercase names), added to any the request already carries
 * @param error the body
 */
public record ErrorResponse(int status, Map<String, String> headers, OpenAiError error) {

    /** Copies the headers. */
    public ErrorResponse {
        Objects.requireNonNull(error, "error");
        headers = Map.copyOf(headers);
    }

    /** True for 5xx statuses. */
    public boolean serverSide() {
        return status >= 500;
    }
}

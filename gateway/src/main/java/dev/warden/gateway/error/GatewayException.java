package dev.warden.gateway.error;

import java.util.Objects;

/**
 * A known condition that ends a request with an OpenAI-style error: the gateway's own exception hierarchy.
 * Each subtype corresponds to one HTTP status and OpenAI error {@code type}; {@link ErrorMapper} turns it into
 * the response. Messages are written for the API client: they never contain a key, a secret or prompt text.
 */
public abstract sealed class GatewayException extends RuntimeException
        permits InvalidRequestException, AuthenticationException, PermissionDeniedException, NotFoundException,
        PayloadTooLargeException, ProtocolException, RateLimitedException, ContentFilteredException, UpstreamUnavailableException {

    private static final long serialVersionUID = 1L;

    private final String code;
    private final String param;

    /**
     * An exception with a client-facing message.
     *
     * @param message what went wrong and, where useful, how to fix it
     * @param code the OpenAI error {@code code} (for example {@code model_not_found}), or null
     * @param param the request parameter at fault (for example {@code messages[2].role}), or null
     */
    protected GatewayException(String message, String code, String param, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause, false, false);
        this.code = code;
        this.param = param;
    }

    /** The OpenAI error {@code code}, or null. */
    public String code() {
        return code;
    }

    /** The request parameter at fault, or null. */
    public String param() {
        return param;
    }
}

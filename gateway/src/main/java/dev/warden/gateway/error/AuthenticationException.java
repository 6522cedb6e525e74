package dev.warden.gateway.error;

/**
 * No API key, or one that is malformed, unknown, wrong or revoked: HTTP 401, type
 * {@code invalid_request_error}, code {@code invalid_api_key} (or {@code missing_api_key}). The message never
 * repeats the presented key.
 */
public final class AuthenticationException extends GatewayException {

    private static final long serialVersionUID = 1L;

    private AuthenticationException(String code, String message) {
        super(message, code, null, null);
    }

    /** No {@code Authorization: Bearer} header. */
    public static AuthenticationException missing() {
        return new AuthenticationException("missing_api_key", "you didn't provide an API key: send it as"
                + " 'Authorization: Bearer <key>'");
    }

    /** A key was presented but does not authenticate. */
    public static AuthenticationException invalid() {
        return new AuthenticationException("invalid_api_key", "incorrect API key provided");
    }

    /** The admin token is missing or wrong, or the admin API is disabled. */
    public static AuthenticationException admin(boolean enabled) {
        return new AuthenticationException("invalid_admin_token", enabled
                ? "the admin API needs 'Authorization: Bearer <admin token>'"
                : "the admin API is disabled: set warden.gateway.admin-token");
    }
}

package dev.warden.gateway.error;

/** The named thing does not exist: HTTP 404, type {@code invalid_request_error}. */
public final class NotFoundException extends GatewayException {

    private static final long serialVersionUID = 1L;

    private NotFoundException(String message, String code, String param) {
        super(message, code, param, null);
    }

    /** No route for {@code model} (code {@code model_not_found}). */
    public static NotFoundException model(String model) {
        return new NotFoundException("the model '" + model + "' does not exist (GET /v1/models lists them)",
                "model_not_found", "model");
    }

    /** No API key with this id (admin API, code {@code key_not_found}). */
    public static NotFoundException key(String keyId) {
        return new NotFoundException("no API key with id '" + keyId + "'", "key_not_found", "id");
    }

    /** No route at this path (code {@code unknown_url}). */
    public static NotFoundException path(String method, String path) {
        return new NotFoundException("unknown request URL: " + method + " " + path, "unknown_url", null);
    }
}

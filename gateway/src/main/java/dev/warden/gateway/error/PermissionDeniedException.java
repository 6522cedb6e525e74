package dev.warden.gateway.error;

/** The key is valid but may not do this (call this model): HTTP 403, type {@code permission_error}. */
public final class PermissionDeniedException extends GatewayException {

    private static final long serialVersionUID = 1L;

    private PermissionDeniedException(String message, String code, String param) {
        super(message, code, param, null);
    }

    /** The key's allowed models do not include {@code model}. */
    public static PermissionDeniedException model(String model) {
        return new PermissionDeniedException("this API key may not use the model '" + model + "'",
                "model_not_allowed", "model");
    }
}

package dev.warden.gateway.error;

/** The request is malformed or has an invalid parameter: HTTP 400, type {@code invalid_request_error}. */
public final class InvalidRequestException extends GatewayException {

    private static final long serialVersionUID = 1L;

    /**
     * A bad request.
     *
     * @param param the parameter at fault (JSON path such as {@code messages[0].role}), or null
     * @param code the error code (for example {@code invalid_value}), or null
     */
    public InvalidRequestException(String param, String code, String message) {
        super(message, code, param, null);
    }

    /** A bad value of {@code param} (code {@code invalid_value}). */
    public static InvalidRequestException invalidValue(String param, String message) {
        return new InvalidRequestException(param, "invalid_value", message);
    }

    /** A required parameter is missing (code {@code missing_required_parameter}). */
    public static InvalidRequestException missing(String param) {
        return new InvalidRequestException(param, "missing_required_parameter",
                "you must provide the '" + param + "' parameter");
    }

    /**
     * The body is not well-formed UTF-8, or a string holds a lone UTF-16 surrogate (code {@code invalid_encoding}).
     */
    public static InvalidRequestException invalidEncoding(String detail) {
        return new InvalidRequestException(null, "invalid_encoding", "the request body is not valid UTF-8 text: "
                + detail);
    }

    /** The body is not a JSON object (code {@code invalid_json}). */
    public static InvalidRequestException invalidJson(String detail) {
        return new InvalidRequestException(null, "invalid_json",
                "the request body is not valid JSON: " + detail);
    }
}

package dev.warden.gateway.error;

/**
 * The request is larger than the gateway accepts (body bytes, prompt characters, or tokens beyond the key's
 * per-minute limit, which no wait would admit): HTTP 413, type {@code invalid_request_error}, code
 * {@code request_too_large}. A 413 rather than OpenAI's 429 so that clients do not retry it.
 */
public final class PayloadTooLargeException extends GatewayException {

    private static final long serialVersionUID = 1L;

    /** A request over a limit; the message names the limit. */
    public PayloadTooLargeException(String param, String message) {
        super(message, "request_too_large", param, null);
    }

    /** A body of more than {@code maxBytes} bytes. */
    public static PayloadTooLargeException body(long maxBytes) {
        return new PayloadTooLargeException(null, "the request body is larger than " + maxBytes + " bytes");
    }
}

package dev.warden.gateway.error;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The HTTP request itself is refused before any route handles it: a method the path does not take (405, with
 * {@code Allow}), a request line too long (414) or headers too large (431). Type {@code invalid_request_error}.
 */
public final class ProtocolException extends GatewayException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Map<String, String> headers;

    private ProtocolException(int status, String code, String message, Map<String, String> headers) {
        super(message, code, null, null);
        this.status = status;
        this.headers = Map.copyOf(headers);
    }

    /** 405 {@code method_not_allowed}: {@code path} exists, but not for {@code method}. */
    public static ProtocolException methodNotAllowed(String method, String path, Set<String> allowed) {
        String allow = String.join(", ", new TreeSet<>(allowed));
        return new ProtocolException(405, "method_not_allowed", "the method " + method + " is not allowed on "
                + printable(path) + "; use " + allow, Map.of("allow", allow));
    }

    /** 414 {@code uri_too_long}: the request target is longer than {@code limit} bytes. */
    public static ProtocolException uriTooLong(int length, int limit) {
        return new ProtocolException(414, "uri_too_long", "the request URI is " + length + " bytes long, more than"
                + " the gateway's limit of " + limit, Map.of());
    }

    /** 431 {@code headers_too_large}: the headers hold more than {@code limit} bytes. */
    public static ProtocolException headersTooLarge(long bytes, int limit) {
        return new ProtocolException(431, "headers_too_large", "the request headers hold " + bytes + " bytes, more"
                + " than the gateway's limit of " + limit, Map.of());
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** Headers the response carries ({@code Allow} of a 405). */
    public Map<String, String> headers() {
        return headers;
    }

    private static String printable(String path) {
        String cut = path.length() > 80 ? path.substring(0, 80) + "..." : path;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}

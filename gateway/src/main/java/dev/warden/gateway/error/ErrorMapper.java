package dev.warden.gateway.error;

import dev.warden.gateway.ratelimit.RequestTooLargeException;
import dev.warden.gateway.state.StateUnavailableException;
import io.smallrye.mutiny.CompositeException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The one place where failures become HTTP responses. A table of rows, tried in order: the first row whose
 * type (and condition) matches the failure builds the {@link ErrorResponse}. Mutiny's
 * {@link CompositeException} (and {@link CompletionException}, {@link ExecutionException}) are unwrapped
 * first: the first cause that a specific row knows wins. Only the project's own exceptions have rows: a JDK
 * exception such as {@link IllegalArgumentException} is a bug wherever it escapes (client input is checked where
 * it is parsed and becomes an {@link InvalidRequestException}), so anything no row knows is a 500
 * {@code server_error} whose message gives no internals, and the caller logs its stack trace.
 *
 * <table>
 * <caption>status mapping</caption>
 * <tr><th>failure</th><th>status</th><th>type / code</th></tr>
 * <tr><td>{@link ContentFilteredException}</td><td>400</td><td>invalid_request_error / content_filter</td></tr>
 * <tr><td>{@link InvalidRequestException}</td><td>400</td><td>invalid_request_error / its code</td></tr>
 * <tr><td>{@link AuthenticationException}</td><td>401</td><td>invalid_request_error / invalid_api_key</td></tr>
 * <tr><td>{@link PermissionDeniedException}</td><td>403</td><td>permission_error / model_not_allowed</td></tr>
 * <tr><td>{@link NotFoundException}</td><td>404</td><td>invalid_request_error / model_not_found</td></tr>
 * <tr><td>{@link PayloadTooLargeException}</td><td>413</td><td>invalid_request_error / request_too_large</td></tr>
 * <tr><td>{@link ProtocolException}</td><td>405 + Allow, 414, 431</td><td>invalid_request_error /
 *     method_not_allowed, uri_too_long, headers_too_large</td></tr>
 * <tr><td>{@link RequestTooLargeException}</td><td>413</td><td>invalid_request_error / request_too_large</td></tr>
 * <tr><td>{@link RateLimitedException}</td><td>429 + Retry-After</td><td>requests or tokens /
 *     rate_limit_exceeded</td></tr>
 * <tr><td>{@link UpstreamUnavailableException}</td><td>503 + Retry-After</td><td>server_error /
 *     &lt;dependency&gt;_unavailable</td></tr>
 * <tr><td>{@link UpstreamException}, input rejected</td><td>400</td><td>invalid_request_error /
 *     upstream_rejected</td></tr>
 * <tr><td>{@link UpstreamException}, unreachable</td><td>503 + Retry-After</td><td>server_error /
 *     &lt;upstream&gt;_unavailable</td></tr>
 * <tr><td>{@link StateUnavailableException}</td><td>503 + Retry-After</td><td>server_error /
 *     redis_unavailable</td></tr>
 * <tr><td>anything else</td><td>500</td><td>server_error / internal_error (logged with its stack trace)</td></tr>
 * </table>
 */
public final class ErrorMapper {

    /** OpenAI's type for client errors. */
    public static final String INVALID_REQUEST = "invalid_request_error";
    /** OpenAI's type for server errors. */
    public static final String SERVER_ERROR = "server_error";

    private final List<Row<?>> rows;
    private final Duration retryAfter;

    /**
     * A mapper.
     *
     * @param retryAfter the {@code Retry-After} of 503 responses (rounded up to whole seconds, at least 1)
     */
    public ErrorMapper(Duration retryAfter) {
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
        this.rows = List.of(
                row(ContentFilteredException.class, e -> response(400, INVALID_REQUEST, e, Map.of(),
                        innerError(e.details()))),
                row(InvalidRequestException.class, e -> response(400, INVALID_REQUEST, e, Map.of(), null)),
                row(AuthenticationException.class, e -> response(401, INVALID_REQUEST, e,
                        Map.of("www-authenticate", "Bearer"), null)),
                row(PermissionDeniedException.class, e -> response(403, "permission_error", e, Map.of(), null)),
                row(NotFoundException.class, e -> response(404, INVALID_REQUEST, e, Map.of(), null)),
                row(PayloadTooLargeException.class, e -> response(413, INVALID_REQUEST, e, Map.of(), null)),
                row(ProtocolException.class, e -> response(e.status(), INVALID_REQUEST, e, e.headers(), null)),
                row(RequestTooLargeException.class, e -> new ErrorResponse(413, Map.of(), new OpenAiError(
                        e.getMessage(), INVALID_REQUEST, "max_tokens", "request_too_large", null))),
                row(RateLimitedException.class, e -> response(429, e.limitType(), e, e.decision().headers(), null)),
                row(UpstreamUnavailableException.class, e -> response(503, SERVER_ERROR, e, retryHeader(), null)),
                row(UpstreamException.class, e -> !e.unreachable(), e -> new ErrorResponse(400, Map.of(),
                        new OpenAiError(e.upstream().tag() + " rejected the request: "
                                + Objects.requireNonNullElse(e.status().getDescription(), e.status().getCode().name()),
                                INVALID_REQUEST, null, "upstream_rejected", null))),
                row(UpstreamException.class, e -> new ErrorResponse(503, retryHeader(), new OpenAiError(
                        e.upstream().tag() + " is unavailable (" + e.status().getCode() + "); retry shortly",
                        SERVER_ERROR, null, e.upstream().tag() + "_unavailable", null))),
                row(StateUnavailableException.class, e -> new ErrorResponse(503, retryHeader(), new OpenAiError(
                        "the gateway's state store is unavailable (" + e.reason() + "); retry shortly",
                        SERVER_ERROR, null, "redis_unavailable", null))));
    }

    /** The response for {@code failure}; never null. */
    public ErrorResponse map(Throwable failure) {
        Throwable cause = unwrap(failure);
        for (Row<?> row : rows) {
            ErrorResponse response = row.apply(cause);
            if (response != null) {
                return response;
            }
        }
        return internal();
    }

    /** Whether some row other than the 500 fallback knows {@code failure} (after unwrapping). */
    public boolean known(Throwable failure) {
        Throwable cause = unwrap(failure);
        return rows.stream().anyMatch(r -> r.matches(cause));
    }

    /** The 500 response: no internals in the message. */
    public static ErrorResponse internal() {
        return new ErrorResponse(500, Map.of(), new OpenAiError("the gateway failed to process the request;"
                + " the error was logged", SERVER_ERROR, null, "internal_error", null));
    }

    /**
     * The failure that decides the response: wrappers peeled off; of a {@link CompositeException}'s causes,
     * the first that a specific row knows, else the first.
     */
    Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while (true) {
            if ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
                t = t.getCause();
            } else if (t instanceof CompositeException composite) {
                List<Throwable> causes = composite.getCauses();
                Throwable chosen = causes.get(0);
                for (Throwable c : causes) {
                    Throwable inner = unwrap(c);
                    if (rows.stream().anyMatch(r -> r.matches(inner))) {
                        chosen = c;
                        break;
                    }
                }
                t = chosen;
            } else {
                return t;
            }
        }
    }

    /** Azure OpenAI's innererror of a filtered prompt, keys in a fixed order. */
    private static Map<String, Object> innerError(ContentFilterDetails details) {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("code", "ResponsibleAIPolicyViolation");
        inner.put("categories", details.categories());
        inner.put("content_filter_result", details.filterResult());
        return inner;
    }

    private Map<String, String> retryHeader() {
        return Map.of("retry-after", Long.toString(UpstreamUnavailableException.seconds(retryAfter)));
    }

    private static ErrorResponse response(int status, String type, GatewayException e, Map<String, String> headers,
                                          Map<String, Object> inner) {
        return new ErrorResponse(status, headers, new OpenAiError(e.getMessage(), type, e.param(), e.code(), inner));
    }

    private static <T extends Throwable> Row<T> row(Class<T> type, Function<T, ErrorResponse> build) {
        return new Row<>(type, t -> true, build);
    }

    private static <T extends Throwable> Row<T> row(Class<T> type, Predicate<T> when, Function<T, ErrorResponse> build) {
        return new Row<>(type, when, build);
    }

    /** One row of the table: a failure type, a condition on it, and how to build the response. */
    private record Row<T extends Throwable>(Class<T> type, Predicate<T> when, Function<T, ErrorResponse> build) {

        boolean matches(Throwable t) {
            return type.isInstance(t) && when.test(type.cast(t));
        }

        ErrorResponse apply(Throwable t) {
            return matches(t) ? build.apply(type.cast(t)) : null;
        }
    }
}

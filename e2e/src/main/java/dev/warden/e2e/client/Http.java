package dev.warden.e2e.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.warden.e2e.suite.SuiteException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

/**
 * JSON over HTTP/1.1 for the suite's clients: one {@link HttpClient}, a base URL, a bearer token.
 */
public final class Http {

    /** The JSON mapper of the clients. */
    public static final ObjectMapper JSON = new ObjectMapper();

    /** A status and a body parsed as JSON ({@link MissingNode} when it is not JSON). */
    public record Reply(int status, JsonNode body, String text, HttpResponse<String> raw) {

        /** Whether the status is 2xx. */
        public boolean ok() {
            return status / 100 == 2;
        }
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String token;
    private final Duration timeout;

    /**
     * @param base    e.g. {@code http://127.0.0.1:8080}
     * @param token   sent as {@code Authorization: Bearer <token>}; null for none
     * @param timeout per request (streams: until the response headers)
     */
    public Http(String base, String token, Duration timeout) {
        this.base = base;
        this.token = token;
        this.timeout = timeout;
    }

    /** The same server with another bearer token. */
    public Http withToken(String other) {
        return new Http(base, other, timeout);
    }

    /** GET {@code path}. */
    public Reply get(String path) throws IOException, InterruptedException {
        return send(request(path).GET().build());
    }

    /** {@code method} {@code path} with {@code body} serialised as JSON. */
    public Reply send(String method, String path, Object body) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json(body))).build());
    }

    /** POST {@code path} with a JSON body; the response body as lines, as they arrive (server-sent events). */
    public HttpResponse<Stream<String>> stream(String method, String path, Object body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = request(path).header("Accept", "text/event-stream");
        headers.forEach(b::header);
        if (body == null) {
            b.GET();
        } else {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json(body)));
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofLines());
    }

    /** {@code body} as JSON text. */
    public static String json(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code text} parsed as JSON, or {@link MissingNode} when it is not JSON. */
    public static JsonNode parse(String text) {
        try {
            return text == null || text.isBlank() ? MissingNode.getInstance() : JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance();
        }
    }

    /** A call that may fail with I/O. */
    public interface Call<T> {
        /** Makes the call. */
        T run() throws IOException, InterruptedException;
    }

    /**
     * Runs {@code call}; an I/O failure or an interrupt becomes a {@link SuiteException} saying that {@code who}
     * did not answer.
     */
    public static <T> T call(String who, Call<T> call) {
        try {
            return call.run();
        } catch (IOException e) {
            throw new SuiteException(who + " did not answer: " + e, new UncheckedIOException(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SuiteException("interrupted while talking to " + who, e);
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private Reply send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), parse(r.body()), r.body(), r);
    }
}

package dev.warden.recovery.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.Stream;

/** recovery-service's REST API over {@link HttpClient} (HTTP/1.1), with the bearer token. */
final class ApiClient {

    /**
     * A response.
     *
     * @param status the HTTP status
     * @param body   the body
     */
    record Reply(int status, String body) {
        boolean ok() {
            return status / 100 == 2;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String token;

    /** A client of {@code base} (e.g. http://localhost:8083) sending {@code token} (may be null). */
    ApiClient(String base, String token) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.token = token;
    }

    Reply get(String path) throws IOException, InterruptedException {
        return send(builder(path).GET());
    }

    Reply delete(String path) throws IOException, InterruptedException {
        return send(builder(path).DELETE());
    }

    Reply post(String path, String json) throws IOException, InterruptedException {
        return send(builder(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /**
     * Opens the job's server-sent event stream after {@code lastEventId}.
     *
     * @return the status and, when 200, the lines of the stream (close it to disconnect)
     */
    HttpResponse<Stream<String>> events(String jobId, long lastEventId) throws IOException, InterruptedException {
        HttpRequest.Builder b = builder("/v1/repairs/" + jobId + "/events").header("Accept", "text/event-stream")
                .timeout(Duration.ofDays(7)).GET();
        if (lastEventId > 0) {
            b.header("Last-Event-ID", Long.toString(lastEventId));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofLines());
    }

    private HttpRequest.Builder builder(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (token != null && !token.isBlank()) {
            b.header("Authorization", "Bearer " + token.strip());
        }
        return b;
    }

    private Reply send(HttpRequest.Builder b) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body());
    }
}

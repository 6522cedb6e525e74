package dev.warden.e2e.suite;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Readiness probes of the suite's processes. Quarkus's {@code /q/health/ready} is asked over HTTP/1.1: on the
 * ports where gRPC and HTTP share one server (inference, judge), Java's HTTP client's h2c upgrade is misread.
 */
public final class HealthProbe {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private HealthProbe() {
    }

    /** True once {@code http://host:port/q/health/ready} answers 200 (all checks UP). */
    public static BooleanSupplier quarkus(String host, int port) {
        URI uri = URI.create("http://" + host + ":" + port + "/q/health/ready");
        return () -> {
            try {
                return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException notYet) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        };
    }

    /** True once Redis answers PING at {@code host:port}. */
    public static BooleanSupplier redis(String host, int port) {
        return () -> RedisClient.answers(host, port);
    }
}

package dev.warden.recovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.proto.v1.RecoveryGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What the @QuarkusTests share: the application on random ports (REST and its own gRPC server), real HTTP/1.1
 * and gRPC clients with the bearer token, the scripted runner, and helpers to submit jobs and wait for them.
 */
@WithTestResource(RecoveryTestResource.class)
public abstract class RecoveryTestSupport {

    /** JSON for assertions and request bodies. */
    protected static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static ManagedChannel channel;
    private static int channelPort;

    @TestHTTPResource("/")
    URL root;

    @Inject
    protected ScriptedRunner runner;

    @BeforeEach
    void connect() {
        synchronized (RecoveryTestSupport.class) {
            int port = RecoveryTestResource.grpcPort();
            if (channel == null || channelPort != port) {
                if (channel != null) {
                    channel.shutdownNow();
                }
                channel = ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
                channelPort = port;
            }
        }
    }

    /** The raw channel (no credentials). */
    protected ManagedChannel channel() {
        return channel;
    }

    /** A blocking stub sending the bearer token. */
    protected RecoveryGrpc.RecoveryBlockingStub grpc() {
        return grpc(RecoveryTestResource.TOKEN);
    }

    /** A blocking stub sending {@code token} (null: no authorization header). */
    protected RecoveryGrpc.RecoveryBlockingStub grpc(String token) {
        RecoveryGrpc.RecoveryBlockingStub stub = RecoveryGrpc.newBlockingStub(channel).withDeadlineAfter(30,
                TimeUnit.SECONDS);
        if (token == null) {
            return stub;
        }
        Metadata md = new Metadata();
        md.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md));
    }

    /** The base URL, e.g. {@code http://localhost:41234}. */
    protected String base() {
        return "http://" + root.getHost() + ":" + root.getPort();
    }

    /** A request to {@code path} with the bearer token. */
    protected HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + RecoveryTestResource.TOKEN);
    }

    /** Sends a request. */
    protected static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The shared HTTP client. */
    protected static HttpClient http() {
        return HTTP;
    }

    /** GET with the token. */
    protected HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }

    /** DELETE with the token. */
    protected HttpResponse<String> delete(String path) {
        return send(request(path).DELETE().build());
    }

    /** POST of a JSON body with the token. */
    protected HttpResponse<String> post(String path, String body) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** Parses JSON. */
    protected static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }

    /** A unique output directory name. */
    protected static String uniqueOutput(String label) {
        return label + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * A valid spec (aligned + fine-tuned fixtures, 6 steps, warm-up 2, checkpoints every 2) writing to the
     * output directory {@code output} (relative: under the output root).
     */
    protected static ObjectNode spec(String output) {
        ObjectNode spec = JSON.createObjectNode();
        spec.put("aligned_path", Fixtures.ALIGNED);
        spec.put("fine_tuned_path", Fixtures.FINE_TUNED);
        spec.put("output_path", output);
        ObjectNode options = spec.putObject("options");
        options.put("steps", 6);
        options.put("warmup_steps", 2);
        options.put("save_interval", 2);
        return spec;
    }

    /** A SubmitRepairRequest body. */
    protected static String body(ObjectNode spec, String idempotencyKey) {
        ObjectNode request = JSON.createObjectNode();
        request.set("spec", spec);
        if (idempotencyKey != null) {
            request.put("idempotency_key", idempotencyKey);
        }
        return request.toString();
    }

    /** Submits over REST, asserts 202, returns the job id. */
    protected String submit(ObjectNode spec) {
        HttpResponse<String> r = post("/v1/repairs", body(spec, null));
        assertEquals(202, r.statusCode(), r.body());
        return json(r.body()).path("job").path("job_id").asText();
    }

    /** The job over REST. */
    protected JsonNode job(String id) {
        HttpResponse<String> r = get("/v1/repairs/" + id);
        assertEquals(200, r.statusCode(), r.body());
        return json(r.body()).path("job");
    }

    /** Waits until the job is in {@code state} (e.g. REPAIR_STATE_SUCCEEDED), returns it. */
    protected JsonNode awaitState(String id, String state) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        JsonNode job = null;
        while (System.nanoTime() < end) {
            job = job(id);
            if (state.equals(job.path("state").asText())) {
                return job;
            }
            sleep(25);
        }
        fail("job " + id + " not " + state + " after 30 s: " + job);
        return null;
    }

    /** Waits until {@code condition} holds. */
    protected static void await(String what, BooleanSupplier condition) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return;
            }
            sleep(25);
        }
        fail("not after 30 s: " + what);
    }

    /** Asserts a REST error: status, code, field, and a message fragment. */
    protected static JsonNode assertError(HttpResponse<String> r, int status, String code, String field,
                                          String fragment) {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/json"), r.headers()
                .toString());
        JsonNode error = json(r.body()).path("error");
        assertEquals(code, error.path("code").asText(), r.body());
        if (field == null) {
            assertTrue(error.path("field").isNull(), r.body());
        } else {
            assertEquals(field, error.path("field").asText(), r.body());
        }
        assertTrue(error.path("message").asText().contains(fragment), "message lacks '" + fragment + "': " + r.body());
        return error;
    }

    /** Asserts that a gRPC call fails with {@code code} and a description containing {@code fragment}. */
    protected static void assertStatus(Status.Code code, String fragment, Executable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        assertEquals(code, e.getStatus().getCode(), e.getStatus().toString());
        String description = e.getStatus().getDescription();
        assertTrue(description != null && description.contains(fragment), "description: " + description);
    }

    /** The sum of a metric's samples whose labels contain every {@code label="value"} given. */
    protected double metric(String name, String... labels) {
        String body = send(HttpRequest.newBuilder(URI.create(base() + "/q/metrics")).build()).body();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$").matcher(body);
        double sum = 0;
        boolean found = false;
        while (m.find()) {
            boolean all = true;
            for (String label : labels) {
                all &= m.group(1).contains(label);
            }
            if (all) {
                sum += Double.parseDouble(m.group(2));
                found = true;
            }
        }
        return found ? sum : Double.NaN;
    }

    /** Sleeps. */
    protected static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

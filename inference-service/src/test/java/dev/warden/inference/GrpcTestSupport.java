package dev.warden.inference;

import dev.warden.proto.v1.GenerateRequest;
import dev.warden.proto.v1.GenerateResponse;
import dev.warden.proto.v1.InferenceGrpc;
import dev.warden.proto.v1.Prompt;
import dev.warden.proto.v1.SamplingParams;
import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.http.TestHTTPResource;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What every @QuarkusTest of the service shares: a real gRPC channel (plaintext HTTP/2) to the running test
 * application on its random port, waiting until the model serves, and small helpers for requests, statuses
 * and /q/metrics. All test classes share one application (same profile and resources).
 */
@WithTestResource(value = TestCheckpoints.class, scope = TestResourceScope.GLOBAL)
public abstract class GrpcTestSupport {

    /**
     * HTTP/1.1 only: the default client's h2c upgrade against the server that also speaks gRPC now and then
     * misreads the reply ("Frame type(97) ... exceeds MAX_FRAME_SIZE").
     */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static ManagedChannel channel;
    private static int channelPort;

    @TestHTTPResource("/")
    URL root;

    /** The channel to the application under test. */
    protected ManagedChannel channel() {
        return channel;
    }

    /** A blocking stub. */
    protected InferenceGrpc.InferenceBlockingStub blocking() {
        return InferenceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    /** An asynchronous stub. */
    protected InferenceGrpc.InferenceStub async() {
        return InferenceGrpc.newStub(channel);
    }

    @BeforeEach
    void connectAndAwaitModel() {
        synchronized (GrpcTestSupport.class) {
            if (channel == null || channelPort != root.getPort()) { // a test profile restarts the app elsewhere
                if (channel != null) {
                    channel.shutdownNow();
                }
                channel = ManagedChannelBuilder.forAddress(root.getHost(), root.getPort()).usePlaintext().build();
                channelPort = root.getPort();
            }
        }
        awaitModel();
    }

    /** Waits until the model serves; a test of the service without a model overrides this. */
    protected void awaitModel() {
        HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);
        awaitTrue("the model to serve", 60_000, () -> health.check(HealthCheckRequest.newBuilder().build())
                .getStatus() == ServingStatus.SERVING);
    }

    /** Raw text prompt. */
    protected static Prompt text(String text) {
        return Prompt.newBuilder().setText(text).build();
    }

    /** "tok{a} tok{a+1} ... " words. */
    protected static String words(int from, int count) {
        return IntStream.range(from, from + count).mapToObj(i -> "tok" + (i % 120)).collect(Collectors.joining(" "));
    }

    /** Greedy decoding of {@code maxNewTokens}. */
    protected static SamplingParams.Builder greedy(int maxNewTokens) {
        return SamplingParams.newBuilder().setTemperature(0f).setMaxNewTokens(maxNewTokens);
    }

    /** A raw-text greedy request. */
    protected static GenerateRequest greedyRequest(String prompt, int maxNewTokens) {
        return GenerateRequest.newBuilder().setPrompt(text(prompt)).setSampling(greedy(maxNewTokens)).build();
    }

    /** Every message of a Generate stream. */
    protected List<GenerateResponse> generate(GenerateRequest request) {
        List<GenerateResponse> out = new ArrayList<>();
        Iterator<GenerateResponse> it = blocking().generate(request);
        it.forEachRemaining(out::add);
        return out;
    }

    /** The generated token ids of a stream. */
    protected static List<Integer> tokenIds(List<GenerateResponse> stream) {
        return stream.stream().filter(GenerateResponse::hasDelta).flatMap(r -> r.getDelta().getTokenIdsList().stream())
                .toList();
    }

    /** The generated text of a stream. */
    protected static String text(List<GenerateResponse> stream) {
        return stream.stream().filter(GenerateResponse::hasDelta).map(r -> r.getDelta().getText())
                .collect(Collectors.joining());
    }

    /** Asserts {@code call} fails with {@code code} and a description containing {@code fragment}. */
    protected static StatusRuntimeException assertStatus(Status.Code code, String fragment, Executable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        assertEquals(code, e.getStatus().getCode(), () -> "status of: " + e.getStatus());
        String description = String.valueOf(e.getStatus().getDescription());
        assertTrue(description.contains(fragment), () -> "description '" + description + "' should name '"
                + fragment + "'");
        return e;
    }

    /** GET of a path of the HTTP side (health, metrics). */
    protected String http(String path) {
        try {
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(URI.create(root.toString()).resolve(path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() + "\n" + r.body();
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The value of one Prometheus sample line of /q/metrics, e.g. {@code warden_inference_requests_running{model="alpha"}}. */
    protected double metric(String name, String labels) {
        String body = http("q/metrics");
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$").matcher(body);
        while (m.find()) {
            if (labelsMatch(m.group(1), labels)) {
                return Double.parseDouble(m.group(2));
            }
        }
        return 0;
    }

    private static boolean labelsMatch(String actual, String wanted) {
        for (String label : wanted.split(",")) {
            if (!actual.contains(label)) {
                return false;
            }
        }
        return true;
    }

    /** Waits up to {@code millis} for {@code condition}. */
    protected static void awaitTrue(String what, long millis, BooleanSupplier condition) {
        long end = System.currentTimeMillis() + millis;
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (StatusRuntimeException e) {
                // not up yet
            }
            if (System.currentTimeMillis() > end) {
                fail("timed out after " + millis + " ms waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for " + what);
            }
        }
    }
}

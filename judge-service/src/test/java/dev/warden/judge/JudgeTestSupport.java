package dev.warden.judge;

import dev.warden.proto.v1.ChatMessage;
import dev.warden.proto.v1.Conversation;
import dev.warden.proto.v1.JudgeGrpc;
import dev.warden.proto.v1.JudgeScoreRequest;
import dev.warden.proto.v1.Prompt;
import dev.warden.proto.v1.Role;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every @QuarkusTest of the judge shares: a real gRPC channel to the application on its random port,
 * a real inference-service process behind it ({@link InferenceServiceProcess}), and helpers.
 */
@WithTestResource(value = InferenceServiceProcess.class, scope = TestResourceScope.GLOBAL)
public abstract class JudgeTestSupport {

    /**
     * HTTP/1.1 only: the default client's h2c upgrade against the server that also speaks gRPC now and then
     * misreads the reply ("Frame type(97) ... exceeds MAX_FRAME_SIZE").
     */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static ManagedChannel channel;
    private static int channelPort;

    @TestHTTPResource("/")
    URL root;

    @BeforeEach
    void connect() {
        synchronized (JudgeTestSupport.class) {
            if (channel == null || channelPort != root.getPort()) {
                if (channel != null) {
                    channel.shutdownNow();
                }
                channel = ManagedChannelBuilder.forAddress(root.getHost(), root.getPort()).usePlaintext().build();
                channelPort = root.getPort();
            }
        }
    }

    /** The channel to the application under test. */
    protected ManagedChannel channel() {
        return channel;
    }

    /** A blocking stub. */
    protected JudgeGrpc.JudgeBlockingStub judge() {
        return JudgeGrpc.newBlockingStub(channel).withDeadlineAfter(120, TimeUnit.SECONDS);
    }

    /** A one-message text prompt. */
    protected static Prompt text(String text) {
        return Prompt.newBuilder().setText(text).build();
    }

    /** A chat prompt of (role, content) pairs. */
    protected static Prompt chat(Object... roleThenContent) {
        Conversation.Builder c = Conversation.newBuilder();
        for (int i = 0; i < roleThenContent.length; i += 2) {
            c.addMessages(ChatMessage.newBuilder().setRole((Role) roleThenContent[i])
                    .setContent((String) roleThenContent[i + 1]));
        }
        return Prompt.newBuilder().setChat(c).build();
    }

    /** A Score request of a prompt alone. */
    protected static JudgeScoreRequest prompt(String text) {
        return JudgeScoreRequest.newBuilder().setPrompt(text(text)).build();
    }

    /** A Score request of a response with its prompt. */
    protected static JudgeScoreRequest response(String prompt, String response) {
        return JudgeScoreRequest.newBuilder().setPrompt(text(prompt)).setResponse(response).build();
    }

    /** Asserts that {@code call} fails with {@code code} and a description containing {@code fragment}. */
    protected static void assertStatus(Status.Code code, String fragment, Executable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        assertEquals(code, e.getStatus().getCode(), e.getStatus().toString());
        String description = e.getStatus().getDescription();
        assertTrue(description != null && description.contains(fragment), "description: " + description);
    }

    /** A GET on the application's HTTP side (health, metrics). */
    protected String http(String path) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://" + root.getHost() + ":" + root.getPort() + "/" + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The sum of a metric's samples whose labels contain every {@code label=value} of {@code labels}. */
    protected double metric(String name, String labels) {
        String body = http("q/metrics");
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$").matcher(body);
        double sum = 0;
        while (m.find()) {
            boolean all = true;
            for (String label : labels.split(",")) {
                all &= label.isEmpty() || m.group(1).contains(label);
            }
            if (all) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }
}

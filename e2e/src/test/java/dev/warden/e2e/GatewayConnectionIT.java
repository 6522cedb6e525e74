package dev.warden.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.e2e.soak.ChatLoad;
import dev.warden.e2e.soak.SoakRig;
import dev.warden.e2e.suite.RedisClient;
import dev.warden.model.cli.DemoModels;
import dev.warden.proto.v1.GenerateRequest;
import dev.warden.proto.v1.GenerateResponse;
import dev.warden.proto.v1.InferenceGrpc;
import dev.warden.proto.v1.Prompt;
import dev.warden.proto.v1.SamplingParams;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 14's bug: the gateway's HTTP/2 connection to inference-service torn down by inference with {@code GOAWAY}
 * ({@code PROTOCOL_ERROR "Request stream N is not correct for server connection"}, or {@code ENHANCE_YOUR_CALM
 * "Maximum number of RST frames reached"}), failing every call in flight on it. Both come from cancelled
 * Generate calls (a client that hangs up, an output rail that cuts): a response write that raced the
 * {@code RST_STREAM}, and Netty's rapid-reset guard counting the gateway's routine cancellations as an attack.
 * Against the packaged inference-service (a real process, the checkout's demo model or the tiny test model built
 * here) and the packaged gateway in front of it.
 */
class GatewayConnectionIT {

    private static final Path ROOT = Path.of(System.getProperty("warden.root", "..")).toAbsolutePath().normalize();
    private static final Path WORK = Path.of(System.getProperty("warden.e2e.work", "target/e2e-run"))
            .toAbsolutePath().normalize();
    private static final String NAMESPACE = "warden-connit-" + UUID.randomUUID().toString().substring(0, 8) + ":";

    private static SoakRig rig;

    @BeforeAll
    static void start() throws Exception {
        Path checkpoint = ROOT.resolve("models/demo/aligned");
        if (!Files.isRegularFile(checkpoint.resolve("config.json"))) {
            Path test = WORK.resolve("test-models").resolve("demo");
            if (!Files.isRegularFile(test.resolve("aligned/config.json"))) {
                DemoModels.build(test, DemoModels.SEED, "test");
            }
            checkpoint = test.resolve("aligned");
        }
        rig = SoakRig.start(ROOT, checkpoint, WORK.resolve("connection-it"), 1, NAMESPACE);
    }

    @AfterAll
    static void stop() throws Exception {
        if (rig != null) {
            rig.close();
        }
        try (RedisClient redis = RedisClient.connect("127.0.0.1", 6379)) {
            redis.deletePrefix(NAMESPACE);
        }
    }

    /**
     * Generate calls on one channel (the gateway's transport), most of them cancelled a few milliseconds after they
     * start, about when inference writes the response headers or the trailers: every call ends OK or CANCELLED.
     * Before the fix some 1 in 200 cancellations took the connection down, and the 201st cancellation within 30 s
     * did so for certain.
     */
    @Test
    void cancelledCallsNeverTakeTheConnectionDown() throws Exception {
        int calls = 1500;
        ManagedChannel channel = ManagedChannelBuilder.forTarget(rig.replicaTargets().get(0)).usePlaintext().build();
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger cancelled = new AtomicInteger();
        Map<String, Integer> failures = new ConcurrentHashMap<>();
        Semaphore inFlight = new Semaphore(16);
        CountDownLatch done = new CountDownLatch(calls);
        try {
            for (int i = 0; i < calls; i++) {
                inFlight.acquire();
                ClientCall<GenerateRequest, GenerateResponse> call = channel.newCall(InferenceGrpc.getGenerateMethod(),
                        CallOptions.DEFAULT.withDeadlineAfter(60, TimeUnit.SECONDS));
                call.start(new ClientCall.Listener<>() {
                    @Override
                    public void onClose(Status status, Metadata trailers) {
                        if (status.isOk()) {
                            ok.incrementAndGet();
                        } else if (status.getCode() == Status.Code.CANCELLED) {
                            cancelled.incrementAndGet();
                        } else {
                            failures.merge(status.getCode() + ": " + status.getDescription(), 1, Integer::sum);
                        }
                        inFlight.release();
                        done.countDown();
                    }
                }, new Metadata());
                call.sendMessage(GenerateRequest.newBuilder()
                        .setPrompt(Prompt.newBuilder().setText("tell me a fact"))
                        .setSampling(SamplingParams.newBuilder().setMaxNewTokens(4)).build());
                call.halfClose();
                call.request(Integer.MAX_VALUE);
                ThreadLocalRandom random = ThreadLocalRandom.current();
                if (random.nextDouble() < 0.7) {
                    timer.schedule(() -> call.cancel("the client went away", null), random.nextLong(20_000),
                            TimeUnit.MICROSECONDS);
                }
            }
            assertTrue(done.await(5, TimeUnit.MINUTES), "every call ended");
        } finally {
            timer.shutdownNow();
            channel.shutdownNow();
        }
        System.out.printf("cancel storm: %d ok, %d cancelled, failures %s%n", ok.get(), cancelled.get(), failures);
        assertEquals(Map.of(), failures, "calls that failed for another reason than their own cancellation");
        assertTrue(cancelled.get() > 500, "the storm cancelled calls in flight: " + cancelled.get());
    }

    /**
     * The trigger through the gateway: 8 clients, a random 0-60 ms think time, {@code max_tokens} 2, plus
     * streamed requests whose clients hang up mid-stream: no 5xx, no connection error.
     */
    @Test
    void ordinaryTrafficWithHangUpsGetsNoServerError() throws Exception {
        String key = rig.key("connit");
        ChatLoad.Result result = new ChatLoad(new ChatLoad.Spec(rig.baseUrl(), key, SoakRig.MODEL, 600, 8, 60, 0.5,
                0.5, List.of(2, 2, 16, 64))).run();
        System.out.println("gateway trigger: " + result.summary());
        assertEquals(0, result.serverErrors(), "5xx: " + result.samples());
        assertEquals(0, result.connectionErrors(), "connection errors: " + result.samples());
        assertTrue(result.disconnected() > 50, "clients hung up mid-stream: " + result.disconnected());
        assertEquals(600 - result.disconnected(), result.count(200), result.summary());
    }
}

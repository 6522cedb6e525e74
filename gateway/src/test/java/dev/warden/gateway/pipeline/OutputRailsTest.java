package dev.warden.gateway.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.gateway.auth.TenantPolicy;
import dev.warden.gateway.fakes.FakeUpstreams;
import dev.warden.gateway.error.UpstreamException;
import dev.warden.gateway.error.UpstreamUnavailableException;
import dev.warden.gateway.metrics.Endpoint;
import dev.warden.gateway.metrics.GatewayMetrics;
import dev.warden.gateway.client.JudgeClient;
import dev.warden.proto.v1.FinishReason;
import dev.warden.proto.v1.GenerateResponse;
import dev.warden.proto.v1.GenerationFinish;
import dev.warden.proto.v1.Tier;
import dev.warden.proto.v1.TokenDelta;
import dev.warden.proto.v1.Usage;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Multi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The output rails' windows against the fake judge (a real gRPC server in this JVM), window of 4 tokens. */
class OutputRailsTest {

    private static FakeUpstreams fakes;
    private static ManagedChannel channel;
    private static OutputRails rails;
    private static final TenantPolicy ON = TenantPolicy.defaults();
    private static final TenantPolicy OFF = TenantPolicy.builder().outputRails(false).build();

    @BeforeAll
    static void start() {
        fakes = FakeUpstreams.start();
        channel = ManagedChannelBuilder.forTarget(fakes.judgeTarget()).usePlaintext().build();
        GatewayMetrics metrics = new GatewayMetrics(new SimpleMeterRegistry());
        rails = new OutputRails(new JudgeClient(channel, Duration.ofSeconds(5)), Tier.TIER_CLASSIFIER, 4, 1000,
                metrics, new UpstreamCalls(metrics));
    }

    @AfterAll
    static void stop() {
        channel.shutdownNow();
        fakes.close();
    }

    private static Multi<GenerateResponse> generation(List<String> tokens, FinishReason reason, boolean finish) {
        List<GenerateResponse> responses = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            responses.add(GenerateResponse.newBuilder().setDelta(TokenDelta.newBuilder().setText(tokens.get(i))
                    .addTokenIds(i)).build());
        }
        if (finish) {
            responses.add(GenerateResponse.newBuilder().setFinish(GenerationFinish.newBuilder().setFinishReason(reason)
                    .setUsage(Usage.newBuilder().setPromptTokens(7).setCompletionTokens(tokens.size()))).build());
        }
        return Multi.createFrom().iterable(responses);
    }

    private static List<String> words(int n, int harmfulAt) {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tokens.add(i == harmfulAt ? " [HARMFUL]" : " w" + i);
        }
        return tokens;
    }

    private static RequestState state() {
        return new RequestState("req-test", Endpoint.CHAT, new OverheadClock(), Runnable::run);
    }

    private static List<ChatEvent> run(RequestState state, Multi<GenerateResponse> generation, String prompt,
                                       TenantPolicy policy) {
        return rails.guard(state, generation, List.of(Message.user(prompt)), policy, 3)
                .collect().asList().await().atMost(Duration.ofSeconds(10));
    }

    private static String text(List<ChatEvent> events) {
        StringBuilder text = new StringBuilder();
        events.stream().filter(e -> e instanceof ChatEvent.Delta).forEach(e -> text.append(((ChatEvent.Delta) e).text()));
        return text.toString();
    }

    private static ChatEvent.Finish finish(List<ChatEvent> events) {
        return (ChatEvent.Finish) events.get(events.size() - 1);
    }

    @Test
    void withRailsOffDeltasPassStraightThrough() {
        int judged = fakes.judge().responseCalls();
        List<ChatEvent> events = run(state(), generation(words(6, 2), FinishReason.FINISH_REASON_STOP, true), "hi", OFF);
        assertEquals(7, events.size(), "one event per delta, then the finish");
        assertEquals(" w0 w1 [HARMFUL] w3 w4 w5", text(events));
        assertEquals(new ChatEvent.Finish("stop", 7, 6), finish(events));
        assertEquals(judged, fakes.judge().responseCalls());
    }

    @Test
    void safeResponseIsReleasedWholeAfterItsWindowsWereJudged() {
        int judged = fakes.judge().responseCalls();
        List<ChatEvent> events = run(state(), generation(words(10, -1), FinishReason.FINISH_REASON_LENGTH, true), "hi", ON);
        assertEquals(" w0 w1 w2 w3 w4 w5 w6 w7 w8 w9", text(events));
        assertEquals(11, events.size(), "the deltas keep their granularity");
        assertEquals("length", finish(events).finishReason());
        assertTrue(fakes.judge().responseCalls() - judged >= 2, "a partial window and the final one");
    }

    @Test
    void anEmptyResponseFinishesWithoutAJudgeCall() {
        int judged = fakes.judge().responseCalls() + fakes.judge().promptCalls();
        List<ChatEvent> events = run(state(), generation(List.of(), FinishReason.FINISH_REASON_STOP, true),
                "[HARMFUL] in the prompt only", ON);
        assertEquals(List.of(new ChatEvent.Finish("stop", 7, 0)), events);
        assertEquals(judged, fakes.judge().responseCalls() + fakes.judge().promptCalls());
    }

    @Test
    void unsafeWindowCutsTheResponseToTheLastSafeWindow() {
        RequestState state = state();
        List<ChatEvent> events = run(state, generation(words(10, 6), FinishReason.FINISH_REASON_STOP, true), "hi", ON);
        assertEquals(" w0 w1 w2 w3", text(events), "the first 4-token window was safe; the rest never left");
        ChatEvent.Finish finish = finish(events);
        assertTrue(finish.cut());
        assertEquals(10, finish.completionTokens());
        assertTrue(state.railsFired().contains("judge-output"));
    }

    @Test
    void unreachableJudgeFailsOpenForAFailOpenTenant() {
        RequestState state = state();
        List<ChatEvent> events = run(state, generation(words(6, -1), FinishReason.FINISH_REASON_STOP, true),
                "[JUDGE-UNAVAILABLE]", ON.toBuilder().failOpen(true).build());
        assertEquals(" w0 w1 w2 w3 w4 w5", text(events));
        assertEquals("stop", finish(events).finishReason());
        assertTrue(state.railsFired().contains("judge-output:fail-open"));
    }

    @Test
    void unreachableJudgeFailsClosedByDefault() {
        Throwable failure = failureOf(generation(words(6, -1), FinishReason.FINISH_REASON_STOP, true),
                "[JUDGE-UNAVAILABLE]", ON);
        assertEquals("judge", assertInstanceOf(UpstreamUnavailableException.class, failure).dependency());
    }

    @Test
    void aStreamWithoutFinishIsAnUpstreamFailure() {
        UpstreamException e = failure(generation(words(2, -1), FinishReason.FINISH_REASON_STOP, false));
        assertEquals(Status.Code.INTERNAL, e.status().getCode());
    }

    @Test
    void aGenerationTheServerCancelledIsUnavailable() {
        UpstreamException e = failure(generation(words(2, -1), FinishReason.FINISH_REASON_CANCELLED, true));
        assertEquals(Status.Code.UNAVAILABLE, e.status().getCode());
    }

    private static UpstreamException failure(Multi<GenerateResponse> generation) {
        return assertInstanceOf(UpstreamException.class, failureOf(generation, "hi", OFF));
    }

    private static Throwable failureOf(Multi<GenerateResponse> generation, String prompt, TenantPolicy policy) {
        Throwable[] failure = new Throwable[1];
        rails.guard(state(), generation, List.of(Message.user(prompt)), policy, 3).collect().asList()
                .onFailure().invoke(t -> failure[0] = t).onFailure().recoverWithNull()
                .await().atMost(Duration.ofSeconds(10));
        return failure[0];
    }
}

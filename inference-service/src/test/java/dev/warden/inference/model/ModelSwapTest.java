package dev.warden.inference.model;

import dev.warden.inference.GrpcTestSupport;
import dev.warden.inference.TestCheckpoints;
import dev.warden.proto.v1.FinishReason;
import dev.warden.proto.v1.GenerateRequest;
import dev.warden.proto.v1.GenerateResponse;
import dev.warden.proto.v1.GenerationFinish;
import dev.warden.proto.v1.LoadModelRequest;
import dev.warden.proto.v1.LoadModelResponse;
import dev.warden.proto.v1.Prompt;
import dev.warden.proto.v1.SamplingParams;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LoadModel under load: requests in flight finish on the old model, requests after the swap run on the new
 * one, none is lost, and the old model is freed only after its last request. Swaps back to alpha at the end.
 */
@QuarkusTest
class ModelSwapTest extends GrpcTestSupport {

    private static final int TOKENS = 400;

    @Inject
    ModelManager models;

    @Test
    void aSwapUnderConcurrentLoadLosesNoRequest() throws Exception {
        ServedModel alpha = models.currentServed().orElseThrow();
        assertEquals("alpha", alpha.name());
        CountDownLatch streaming = new CountDownLatch(2); // 3 decode, 1 waits in the queue holding alpha too
        List<CompletableFuture<List<GenerateResponse>>> before = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            before.add(collect(request(i), streaming));
        }
        assertTrue(streaming.await(10, TimeUnit.SECONDS), "the first requests are under way");

        LoadModelResponse loaded = blocking().loadModel(LoadModelRequest.newBuilder()
                .setCheckpointPath(TestCheckpoints.beta().toString()).build());
        assertEquals("beta", loaded.getModelInfo().getName());
        assertEquals("alpha", loaded.getPreviousModelInfo().getName());
        assertFalse(alpha.isClosed(), "requests in flight still hold alpha");

        List<CompletableFuture<List<GenerateResponse>>> after = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            after.add(collect(request(10 + i), new CountDownLatch(1)));
        }
        for (CompletableFuture<List<GenerateResponse>> f : before) {
            assertCompleted(f.get(30, TimeUnit.SECONDS), "alpha");
        }
        for (CompletableFuture<List<GenerateResponse>> f : after) {
            assertCompleted(f.get(30, TimeUnit.SECONDS), "beta");
        }
        awaitTrue("alpha freed after its last request", 2_000, alpha::isClosed);
        awaitTrue("alpha's decode thread retired with it, beta's alone left", 2_000, () -> decodeThreads() == 1);

        LoadModelResponse back = blocking().loadModel(LoadModelRequest.newBuilder()
                .setCheckpointPath(TestCheckpoints.alpha().toString()).build());
        assertEquals("alpha", back.getModelInfo().getName());
    }

    private static long decodeThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("warden-decode-")).count();
    }

    private static GenerateRequest request(int i) {
        return GenerateRequest.newBuilder().setPrompt(Prompt.newBuilder().setText(words(i, 4)))
                .setSampling(SamplingParams.newBuilder().setTemperature(0f).setMaxNewTokens(TOKENS)).build();
    }

    private static void assertCompleted(List<GenerateResponse> stream, String model) {
        GenerationFinish finish = stream.get(stream.size() - 1).getFinish();
        assertEquals(FinishReason.FINISH_REASON_LENGTH, finish.getFinishReason());
        assertEquals(TOKENS, finish.getUsage().getCompletionTokens());
        assertEquals(TOKENS, tokenIds(stream).size());
        assertEquals(model, finish.getModel());
    }

    private CompletableFuture<List<GenerateResponse>> collect(GenerateRequest request, CountDownLatch firstDelta) {
        CompletableFuture<List<GenerateResponse>> done = new CompletableFuture<>();
        List<GenerateResponse> out = Collections.synchronizedList(new ArrayList<>());
        async().generate(request, new StreamObserver<>() {
            @Override
            public void onNext(GenerateResponse value) {
                if (out.isEmpty()) {
                    firstDelta.countDown();
                }
                out.add(value);
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                done.complete(List.copyOf(out));
            }
        });
        return done;
    }
}

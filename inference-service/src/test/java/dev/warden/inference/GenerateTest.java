package dev.warden.inference;

import dev.warden.proto.v1.ChatMessage;
import dev.warden.proto.v1.Conversation;
import dev.warden.proto.v1.FinishReason;
import dev.warden.proto.v1.GenerateRequest;
import dev.warden.proto.v1.GenerateResponse;
import dev.warden.proto.v1.GenerationFinish;
import dev.warden.proto.v1.Prompt;
import dev.warden.proto.v1.Role;
import dev.warden.proto.v1.SamplingParams;
import dev.warden.proto.v1.TokenLogProb;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Generate over a real gRPC channel: stream shape, prompts, stops, log-probs, concurrency. */
@QuarkusTest
class GenerateTest extends GrpcTestSupport {

    @Test
    void streamsOneDeltaPerTokenThenExactlyOneFinish() {
        GenerateRequest request = greedyRequest("tok1 tok2 tok3", 12).toBuilder().setRequestId("req-7").build();
        List<GenerateResponse> stream = generate(request);

        assertEquals(13, stream.size(), "12 deltas and the finish");
        for (GenerateResponse r : stream.subList(0, 12)) {
            assertTrue(r.hasDelta(), "deltas come first");
            assertEquals(1, r.getDelta().getTokenIdsCount(), "one token per delta");
            assertEquals(0, r.getDelta().getLogprobsCount(), "no log-probs unless asked");
        }
        GenerationFinish finish = stream.get(12).getFinish();
        assertEquals(FinishReason.FINISH_REASON_LENGTH, finish.getFinishReason());
        assertEquals(4, finish.getUsage().getPromptTokens(), "<bos> and three words");
        assertEquals(12, finish.getUsage().getCompletionTokens());
        assertEquals("req-7", finish.getRequestId());
        assertEquals("alpha", finish.getModel());
        assertFalse(finish.hasMatchedStopTokenId());
        assertEquals("", finish.getMatchedStop());
        assertEquals(12, text(stream).trim().split(" ").length, "the deltas spell twelve words");
        long queue = nanos(finish.getQueueTime());
        long first = nanos(finish.getTimeToFirstToken());
        long total = nanos(finish.getTotalTime());
        assertTrue(0 <= queue && queue <= first && first <= total, queue + " <= " + first + " <= " + total);
    }

    @Test
    void chatMessagesAreRenderedThroughTheCheckpointsTemplate() {
        Prompt chat = Prompt.newBuilder().setChat(Conversation.newBuilder().addMessages(
                ChatMessage.newBuilder().setRole(Role.ROLE_USER).setContent("tok4 tok5"))).build();
        List<GenerateResponse> viaChat = generate(GenerateRequest.newBuilder().setPrompt(chat)
                .setSampling(greedy(8)).build());
        List<GenerateResponse> viaText = generate(greedyRequest("<bos> tok4 tok5 <sep>", 8));

        assertEquals(4, last(viaChat).getUsage().getPromptTokens(), "<bos> tok4 tok5 <sep>");
        assertEquals(tokenIds(viaText), tokenIds(viaChat), "the template renders exactly the demo chat format");
    }

    @Test
    void aRequestedStopTokenEndsTheGenerationAndIsReported() {
        List<Integer> free = tokenIds(generate(greedyRequest("tok9 tok8", 16)));
        int at = firstNewToken(free, 2);
        GenerateRequest stopping = GenerateRequest.newBuilder().setPrompt(text("tok9 tok8"))
                .setSampling(greedy(16).addStopTokenIds(free.get(at))).build();
        List<GenerateResponse> stream = generate(stopping);

        GenerationFinish finish = last(stream);
        assertEquals(FinishReason.FINISH_REASON_STOP, finish.getFinishReason());
        assertEquals(free.get(at), finish.getMatchedStopTokenId());
        assertEquals(at + 1, finish.getUsage().getCompletionTokens(), "the stop token counts");
        assertEquals(free.subList(0, at), tokenIds(stream), "the stop token itself is not streamed");
    }

    @Test
    void aStopStringCutsTheTextBeforeIt() {
        List<GenerateResponse> free = generate(greedyRequest("tok20 tok21", 16));
        String[] words = text(free).trim().split(" ");
        int at = firstNewWord(words, 2);
        GenerateRequest stopping = GenerateRequest.newBuilder().setPrompt(text("tok20 tok21"))
                .setSampling(greedy(16).addStop(words[at])).build();
        List<GenerateResponse> stream = generate(stopping);

        GenerationFinish finish = last(stream);
        assertEquals(FinishReason.FINISH_REASON_STOP, finish.getFinishReason());
        assertEquals(words[at], finish.getMatchedStop());
        assertFalse(finish.hasMatchedStopTokenId());
        assertEquals(String.join(" ", List.of(words).subList(0, at)), text(stream).trim());
    }

    @Test
    void logprobsComeWithEachTokenAndGreedyPicksTheMostLikely() {
        GenerateRequest request = GenerateRequest.newBuilder().setPrompt(text("tok3 tok1"))
                .setSampling(greedy(6).setLogprobs(true).setTopLogprobs(3)).build();
        List<GenerateResponse> stream = generate(request);

        for (GenerateResponse r : stream.subList(0, 6)) {
            assertEquals(1, r.getDelta().getLogprobsCount());
            TokenLogProb lp = r.getDelta().getLogprobs(0);
            assertEquals(r.getDelta().getTokenIds(0), lp.getTokenId());
            assertEquals(3, lp.getTopLogprobsCount());
            assertEquals(lp.getTokenId(), lp.getTopLogprobs(0).getTokenId(), "greedy takes the most likely");
            assertEquals(lp.getLogprob(), lp.getTopLogprobs(0).getLogprob(), 1e-6);
            assertTrue(lp.getTopLogprobs(0).getLogprob() >= lp.getTopLogprobs(1).getLogprob());
            assertTrue(lp.getTopLogprobs(1).getLogprob() >= lp.getTopLogprobs(2).getLogprob());
            assertTrue(lp.getLogprob() <= 0);
            assertTrue(lp.getToken().startsWith("tok"), "the token's own text: " + lp.getToken());
        }
    }

    @Test
    void aSeedReproducesASampledCompletion() {
        GenerateRequest request = GenerateRequest.newBuilder().setPrompt(text("tok50"))
                .setSampling(SamplingParams.newBuilder().setMaxNewTokens(10).setTemperature(3f).setSeed(7)).build();
        assertEquals(tokenIds(generate(request)), tokenIds(generate(request)));
    }

    @Test
    void concurrentGreedyStreamsEqualTheSamePromptsOneAtATime() throws Exception {
        List<GenerateRequest> requests = new ArrayList<>();
        for (int i = 0; i < 4; i++) { // within the test's 3 batch slots + 4 queued
            requests.add(greedyRequest(words(10 * i, 1 + 3 * i), 20 + 4 * i));
        }
        List<List<Integer>> alone = new ArrayList<>();
        for (GenerateRequest r : requests) {
            alone.add(tokenIds(generate(r)));
        }
        double sharedBefore = sharedPasses();
        List<CompletableFuture<List<GenerateResponse>>> together = new ArrayList<>();
        for (GenerateRequest r : requests) {
            together.add(collect(r));
        }
        for (int i = 0; i < requests.size(); i++) {
            List<GenerateResponse> stream = together.get(i).get(60, TimeUnit.SECONDS);
            assertEquals(alone.get(i), tokenIds(stream), "stream " + i);
            assertEquals(FinishReason.FINISH_REASON_LENGTH, last(stream).getFinishReason());
        }
        assertTrue(sharedPasses() > sharedBefore, "the concurrent streams shared decode passes");
    }

    /** Decode passes so far that carried more than one sequence (from the batch-size histogram). */
    private double sharedPasses() {
        String model = "model=\"alpha\"";
        return metric("warden_inference_decode_batch_size_count", model)
                - metric("warden_inference_decode_batch_size_bucket", model + ",le=\"1.0\"");
    }

    /** Collects a stream on the async stub. */
    private CompletableFuture<List<GenerateResponse>> collect(GenerateRequest request) {
        CompletableFuture<List<GenerateResponse>> done = new CompletableFuture<>();
        List<GenerateResponse> out = Collections.synchronizedList(new ArrayList<>());
        async().generate(request, new StreamObserver<>() {
            @Override
            public void onNext(GenerateResponse value) {
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

    static GenerationFinish last(List<GenerateResponse> stream) {
        GenerateResponse r = stream.get(stream.size() - 1);
        assertTrue(r.hasFinish(), "the stream ends with the finish");
        assertEquals(1, stream.stream().filter(GenerateResponse::hasFinish).count(), "exactly one finish");
        return r.getFinish();
    }

    private static int firstNewToken(List<Integer> ids, int from) {
        for (int i = from; i < ids.size(); i++) {
            if (!ids.subList(0, i).contains(ids.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no new token in " + ids);
    }

    private static int firstNewWord(String[] words, int from) {
        for (int i = from; i < words.length; i++) {
            if (!List.of(words).subList(0, i).contains(words[i])) {
                return i;
            }
        }
        throw new AssertionError("no new word in " + List.of(words));
    }

    private static long nanos(com.google.protobuf.Duration d) {
        return d.getSeconds() * 1_000_000_000L + d.getNanos();
    }
}

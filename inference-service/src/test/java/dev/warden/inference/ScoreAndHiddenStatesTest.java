package dev.warden.inference;

import dev.warden.proto.v1.ChatMessage;
import dev.warden.proto.v1.Conversation;
import dev.warden.proto.v1.GenerateRequest;
import dev.warden.proto.v1.GenerateResponse;
import dev.warden.proto.v1.HiddenStatesRequest;
import dev.warden.proto.v1.HiddenStatesResponse;
import dev.warden.proto.v1.InferenceScoreRequest;
import dev.warden.proto.v1.InferenceScoreResponse;
import dev.warden.proto.v1.PooledActivations;
import dev.warden.proto.v1.Pooling;
import dev.warden.proto.v1.Prompt;
import dev.warden.proto.v1.Role;
import dev.warden.proto.v1.TokenLogProb;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Score and HiddenStates over a real gRPC channel. */
@QuarkusTest
class ScoreAndHiddenStatesTest extends GrpcTestSupport {

    @Test
    void scoreGivesTheLogprobsGenerationSawForItsOwnTokens() {
        GenerateRequest request = GenerateRequest.newBuilder().setPrompt(text("tok5 tok6 tok7"))
                .setSampling(greedy(8).setLogprobs(true)).build();
        List<GenerateResponse> stream = generate(request);
        List<Float> generatedLogprobs = stream.stream().filter(GenerateResponse::hasDelta)
                .flatMap(r -> r.getDelta().getLogprobsList().stream()).map(TokenLogProb::getLogprob).toList();

        InferenceScoreResponse score = blocking().score(InferenceScoreRequest.newBuilder()
                .setText(text(stream)).setContext(text("tok5 tok6 tok7")).setTopLogprobs(2).build());

        assertEquals("alpha", score.getModel());
        assertEquals(4, score.getContextTokens(), "<bos> and three words condition the score");
        assertEquals(tokenIds(stream), score.getTokensList().stream().map(TokenLogProb::getTokenId).toList());
        double total = 0;
        for (int i = 0; i < score.getTokensCount(); i++) {
            TokenLogProb t = score.getTokens(i);
            assertEquals(generatedLogprobs.get(i), t.getLogprob(), 1e-3, "token " + i);
            assertEquals(2, t.getTopLogprobsCount());
            assertEquals(t.getTokenId(), t.getTopLogprobs(0).getTokenId(), "greedy tokens are the most likely");
            total += t.getLogprob();
        }
        assertEquals(total, score.getTotalLogprob(), 1e-3);
        assertEquals(Math.exp(-total / 8), score.getPerplexity(), 1e-3 * score.getPerplexity());
    }

    @Test
    void withoutContextEveryTokenAfterBosIsScored() {
        InferenceScoreResponse score = blocking().score(InferenceScoreRequest.newBuilder()
                .setText("tok1 tok2 tok3").build());
        assertEquals(1, score.getContextTokens(), "the tokenizer's <bos>");
        assertEquals(List.of("tok1", "tok2", "tok3"), score.getTokensList().stream().map(TokenLogProb::getToken).toList());
        assertTrue(score.getPerplexity() >= 1);
    }

    @Test
    void invalidScoreRequests() {
        assertStatus(Status.Code.INVALID_ARGUMENT, "text", () -> blocking().score(InferenceScoreRequest.newBuilder().build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "top_logprobs", () -> blocking().score(
                InferenceScoreRequest.newBuilder().setText("tok1").setTopLogprobs(21).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "text", () -> blocking().score(
                InferenceScoreRequest.newBuilder().setText(words(0, TestCheckpoints.CONTEXT)).build()));
    }

    @Test
    void hiddenStatesOfEveryLayerAndPoolingInRequestOrder() {
        Prompt chat = Prompt.newBuilder().setChat(Conversation.newBuilder().addMessages(
                ChatMessage.newBuilder().setRole(Role.ROLE_USER).setContent("tok8 tok9"))).build();
        HiddenStatesResponse r = blocking().hiddenStates(HiddenStatesRequest.newBuilder()
                .addInputs(text("tok1 tok2 tok3")).addInputs(chat).addInputs(text("tok4")).build());

        assertEquals("alpha", r.getModel());
        assertEquals(64, r.getHiddenSize());
        assertEquals(List.of(4, 4, 2), r.getTokenCountsList());
        assertEquals(6, r.getActivationsCount(), "layers 0, 1, 2 times last token and mean");
        for (int i = 0; i < 6; i++) {
            PooledActivations a = r.getActivations(i);
            assertEquals(i / 2, a.getLayer());
            assertEquals(i % 2 == 0 ? Pooling.POOLING_LAST_TOKEN : Pooling.POOLING_MEAN, a.getPooling());
            assertEquals(List.of(3L, 64L), a.getActivations().getShapeList());
            assertEquals(3 * 64, a.getActivations().getValuesCount());
        }
    }

    @Test
    void batchingDoesNotChangeTheActivations() {
        HiddenStatesRequest.Builder all = HiddenStatesRequest.newBuilder().addLayers(2).addLayers(0)
                .addPoolings(Pooling.POOLING_MEAN).addPoolings(Pooling.POOLING_LAST_TOKEN);
        for (int i = 0; i < 5; i++) { // two forward passes at the test's max-batch of 3, different lengths
            all.addInputs(text(words(7 * i, 1 + 2 * i)));
        }
        HiddenStatesResponse together = blocking().hiddenStates(all.build());
        assertEquals(2, together.getActivations(0).getLayer(), "layers in request order");
        assertEquals(Pooling.POOLING_MEAN, together.getActivations(0).getPooling(), "poolings in request order");
        for (int i = 0; i < 5; i++) {
            HiddenStatesResponse alone = blocking().hiddenStates(all.clone().clearInputs()
                    .addInputs(all.getInputs(i)).build());
            for (int a = 0; a < 4; a++) {
                List<Float> row = together.getActivations(a).getActivations().getValuesList().subList(64 * i, 64 * i + 64);
                List<Float> single = alone.getActivations(a).getActivations().getValuesList();
                for (int j = 0; j < 64; j++) {
                    assertEquals(single.get(j), row.get(j), 1e-4, "input " + i + " activation " + a + " dim " + j);
                }
            }
        }
    }

    @Test
    void aSingleTokenInputsMeanIsItsLastToken() {
        HiddenStatesResponse r = blocking().hiddenStates(HiddenStatesRequest.newBuilder().addInputs(text(""))
                .addLayers(1).build());
        assertEquals(List.of(1), r.getTokenCountsList(), "just <bos>");
        assertEquals(r.getActivations(0).getActivations().getValuesList(),
                r.getActivations(1).getActivations().getValuesList());
    }

    @Test
    void invalidHiddenStatesRequests() {
        HiddenStatesRequest one = HiddenStatesRequest.newBuilder().addInputs(text("tok1")).build();
        assertStatus(Status.Code.INVALID_ARGUMENT, "inputs",
                () -> blocking().hiddenStates(HiddenStatesRequest.newBuilder().build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "layers",
                () -> blocking().hiddenStates(one.toBuilder().addLayers(3).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "layers",
                () -> blocking().hiddenStates(one.toBuilder().addLayers(1).addLayers(1).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "poolings",
                () -> blocking().hiddenStates(one.toBuilder().addPoolings(Pooling.POOLING_UNSPECIFIED).build()));
        HiddenStatesRequest.Builder many = HiddenStatesRequest.newBuilder();
        for (int i = 0; i < 65; i++) {
            many.addInputs(text("tok1"));
        }
        assertStatus(Status.Code.INVALID_ARGUMENT, "inputs", () -> blocking().hiddenStates(many.build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "inputs[0]", () -> blocking().hiddenStates(
                HiddenStatesRequest.newBuilder().addInputs(text(words(0, TestCheckpoints.CONTEXT))).build()));
    }
}

package dev.warden.inference;

import dev.warden.proto.v1.ChatMessage;
import dev.warden.proto.v1.Conversation;
import dev.warden.proto.v1.GenerateRequest;
import dev.warden.proto.v1.Prompt;
import dev.warden.proto.v1.SamplingParams;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Every invalid Generate request gets its precise status, naming the field. */
@QuarkusTest
class GenerateErrorsTest extends GrpcTestSupport {

    private void assertInvalid(String field, SamplingParams.Builder sampling) {
        GenerateRequest request = GenerateRequest.newBuilder().setPrompt(text("tok1")).setSampling(sampling).build();
        assertStatus(Status.Code.INVALID_ARGUMENT, field, () -> generate(request));
    }

    @Test
    void nonPositiveMaxNewTokens() {
        assertInvalid("sampling.max_new_tokens", SamplingParams.newBuilder().setMaxNewTokens(0));
        assertInvalid("sampling.max_new_tokens", SamplingParams.newBuilder().setMaxNewTokens(-5));
    }

    @Test
    void maxNewTokensAboveTheServiceLimit() {
        assertInvalid("sampling.max_new_tokens", SamplingParams.newBuilder().setMaxNewTokens(4097));
    }

    @Test
    void negativeTemperature() {
        assertInvalid("sampling.temperature", SamplingParams.newBuilder().setTemperature(-0.5f));
        assertInvalid("sampling.temperature", SamplingParams.newBuilder().setTemperature(Float.NaN));
    }

    @Test
    void topPOutsideZeroToOne() {
        assertInvalid("sampling.top_p", SamplingParams.newBuilder().setTopP(0f));
        assertInvalid("sampling.top_p", SamplingParams.newBuilder().setTopP(1.01f));
        assertInvalid("sampling.top_p", SamplingParams.newBuilder().setTopP(-1f));
    }

    @Test
    void otherSamplingFields() {
        assertInvalid("sampling.top_k", SamplingParams.newBuilder().setTopK(-1));
        assertInvalid("sampling.top_logprobs", SamplingParams.newBuilder().setTopLogprobs(3));
        assertInvalid("sampling.top_logprobs", SamplingParams.newBuilder().setLogprobs(true).setTopLogprobs(21));
        assertInvalid("sampling.stop", SamplingParams.newBuilder().addStop(""));
        SamplingParams.Builder nine = SamplingParams.newBuilder();
        for (int i = 0; i < 9; i++) {
            nine.addStop("s" + i);
        }
        assertInvalid("sampling.stop", nine);
        assertInvalid("sampling.stop_token_ids", SamplingParams.newBuilder().addStopTokenIds(-1));
    }

    @Test
    void aPromptLongerThanTheContext() {
        GenerateRequest request = greedyRequest(words(0, TestCheckpoints.CONTEXT), 4);
        assertStatus(Status.Code.INVALID_ARGUMENT, "prompt: " + (TestCheckpoints.CONTEXT + 1) + " tokens",
                () -> generate(request));
    }

    @Test
    void aMissingOrMalformedPrompt() {
        assertStatus(Status.Code.INVALID_ARGUMENT, "prompt",
                () -> generate(GenerateRequest.newBuilder().setSampling(greedy(4)).build()));
        Prompt noRole = Prompt.newBuilder().setChat(Conversation.newBuilder()
                .addMessages(ChatMessage.newBuilder().setContent("tok1"))).build();
        assertStatus(Status.Code.INVALID_ARGUMENT, "prompt.chat.messages[0].role",
                () -> generate(GenerateRequest.newBuilder().setPrompt(noRole).build()));
        Prompt empty = Prompt.newBuilder().setChat(Conversation.newBuilder()).build();
        assertStatus(Status.Code.INVALID_ARGUMENT, "prompt.chat.messages",
                () -> generate(GenerateRequest.newBuilder().setPrompt(empty).build()));
    }

    @Test
    void anotherModelNameIsNotFound() {
        GenerateRequest request = greedyRequest("tok1", 4).toBuilder().setModel("gpt-17").build();
        assertStatus(Status.Code.NOT_FOUND, "gpt-17", () -> generate(request));
    }
}

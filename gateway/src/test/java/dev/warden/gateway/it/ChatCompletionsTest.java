package dev.warden.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionTokenLogprob;
import dev.warden.gateway.auth.KeyStore;
import dev.warden.gateway.auth.TenantPolicy;
import dev.warden.gateway.fakes.ScriptedInference;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Plain and streamed chat completions through the gateway, driven by the official OpenAI Java SDK. */
@QuarkusTest
@WithTestResource(value = UpstreamsTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ChatCompletionsTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    KeyStore keys;

    private ChatCompletionCreateParams params(String user) {
        return ChatCompletionCreateParams.builder().model("demo-aligned").addUserMessage(user).build();
    }

    @Test
    void plainCompletionEchoesTheUserMessageWithUsageAndHeaders() {
        OpenAIClient client = GatewayClients.client(base, GatewayClients.key(keys, TenantPolicy.defaults()));
        HttpResponseFor<ChatCompletion> raw = client.chat().completions().withRawResponse()
                .create(params("hello there gateway"));
        ChatCompletion completion = raw.parse();
        assertEquals(200, raw.statusCode());
        assertEquals("Echo: hello there gateway", completion.choices().get(0).message().content().orElseThrow());
        assertEquals(ChatCompletion.Choice.FinishReason.STOP, completion.choices().get(0).finishReason());
        assertEquals("demo-aligned", completion.model());
        assertEquals(4, completion.usage().orElseThrow().completionTokens());
        assertTrue(completion.id().startsWith("chatcmpl-"));
        assertTrue(raw.headers().values("x-warden-overhead-ms").get(0).matches("\\d+\\.\\d{3}"));
        assertEquals("599", raw.headers().values("x-ratelimit-remaining-requests").get(0));
        assertFalse(raw.headers().values("x-ratelimit-remaining-tokens").isEmpty());
    }

    @Test
    void streamedCompletionSendsChunksThenStop() {
        OpenAIClient client = GatewayClients.client(base, GatewayClients.key(keys, TenantPolicy.defaults()));
        List<String> pieces = new ArrayList<>();
        ChatCompletionChunk.Choice.FinishReason finish = null;
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions()
                .createStreaming(params("[SCRIPT:tokens=40] stream please"))) {
            for (ChatCompletionChunk chunk : (Iterable<ChatCompletionChunk>) stream.stream()::iterator) {
                for (ChatCompletionChunk.Choice choice : chunk.choices()) {
                    choice.delta().content().ifPresent(pieces::add);
                    if (choice.finishReason().isPresent()) {
                        finish = choice.finishReason().get();
                    }
                }
            }
        }
        assertNotNull(finish);
        assertEquals(ChatCompletionChunk.Choice.FinishReason.STOP, finish);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            expected.append(" w").append(i);
        }
        assertEquals(expected.toString(), String.join("", pieces));
    }

    @Test
    void streamWithIncludeUsageEndsWithAUsageChunk() {
        OpenAIClient client = GatewayClients.client(base, GatewayClients.key(keys, TenantPolicy.defaults()));
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("demo-aligned").addUserMessage("[SCRIPT:tokens=5] go")
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(chunks::add);
        }
        ChatCompletionChunk last = chunks.get(chunks.size() - 1);
        assertTrue(last.choices().isEmpty());
        assertEquals(5, last.usage().orElseThrow().completionTokens());
        assertEquals("assistant", chunks.get(0).choices().get(0).delta().role().orElseThrow().toString());
        chunks.forEach(c -> assertEquals(chunks.get(0).id(), c.id()));
    }

    @Test
    void aClientThatHangsUpCancelsTheGeneration() throws Exception {
        ScriptedInference inference = UpstreamsTestResource.upstreams().inference();
        int before = inference.cancelled();
        OpenAIClient client = GatewayClients.client(base, GatewayClients.key(keys,
                TenantPolicy.builder().outputRails(false).build()));
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions()
                .createStreaming(params("[SCRIPT:tokens=400] [SCRIPT:delay-ms=5] long story"))) {
            assertTrue(stream.stream().limit(3).count() == 3);
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (inference.cancelled() == before && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(inference.cancelled() > before, "the Generate call was cancelled when the client left");
    }
    @Test
    void logprobsComeInOpenAiShapeInJsonAndStream() {
        OpenAIClient client = GatewayClients.client(base, GatewayClients.key(keys, TenantPolicy.defaults()));
        ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("demo-aligned").addUserMessage("[SCRIPT:tokens=3] go").logprobs(true).topLogprobs(2).build());
        List<ChatCompletionTokenLogprob> content = completion.choices().get(0).logprobs().orElseThrow().content()
                .orElseThrow();
        assertEquals(List.of(" w0", " w1", " w2"), content.stream().map(ChatCompletionTokenLogprob::token).toList());
        for (ChatCompletionTokenLogprob token : content) {
            assertEquals(ScriptedInference.SCRIPTED_LOGPROB, token.logprob(), 1e-6);
            assertEquals(List.of((long) ' ', (long) 'w'), token.bytes().orElseThrow().subList(0, 2));
            assertEquals(2, token.topLogprobs().size());
            assertEquals(token.token(), token.topLogprobs().get(0).token());
            assertEquals(" alt1", token.topLogprobs().get(1).token());
            assertEquals(ScriptedInference.SCRIPTED_LOGPROB - 1, token.topLogprobs().get(1).logprob(), 1e-6);
        }

        List<String> streamed = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("demo-aligned").addUserMessage("[SCRIPT:tokens=3] go")
                        .logprobs(true).build())) {
            stream.stream().forEach(chunk -> chunk.choices().forEach(choice -> choice.logprobs()
                    .flatMap(ChatCompletionChunk.Choice.Logprobs::content).ifPresent(tokens -> tokens.forEach(t -> {
                        assertTrue(t.topLogprobs().isEmpty());
                        streamed.add(t.token());
                    }))));
        }
        assertEquals(List.of(" w0", " w1", " w2"), streamed);

        ChatCompletion plain = client.chat().completions().create(params("no logprobs"));
        assertTrue(plain.choices().get(0).logprobs().isEmpty(), "logprobs stays null unless asked");
    }
}

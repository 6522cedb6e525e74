package dev.warden.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import dev.warden.gateway.auth.KeyStore;
import dev.warden.gateway.auth.TenantPolicy;
import dev.warden.gateway.defense.DefensePrompt;
import dev.warden.proto.v1.ChatMessage;
import dev.warden.proto.v1.GenerateRequest;
import dev.warden.proto.v1.Role;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What reaches the model: prompt-level defenses on or off, and the sampling parameters mapped. */
@QuarkusTest
@WithTestResource(value = UpstreamsTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class DefenseTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    KeyStore keys;

    private static GenerateRequest lastGenerate() {
        return UpstreamsTestResource.upstreams().inference().lastRequest();
    }

    @Test
    void defensePromptLeadsAndToolOutputIsFencedAsData() {
        OpenAIClient client = GatewayClients.client(base, GatewayClients.key(keys, TenantPolicy.defaults()));
        client.chat().completions().create(ChatCompletionCreateParams.builder().model("demo-aligned")
                .addSystemMessage("You are a travel agent.")
                .addUserMessage("What does the weather tool say?")
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId("call_1")
                        .content("Sunny, 21 degrees.").build())
                .addUserMessage("Thanks, summarise it.")
                .temperature(0.0).topP(0.9).maxCompletionTokens(12).seed(42L).stop("###").build());
        List<ChatMessage> sent = lastGenerate().getPrompt().getChat().getMessagesList();
        assertEquals(Role.ROLE_SYSTEM, sent.get(0).getRole());
        assertTrue(sent.get(0).getContent().contains(DefensePrompt.fromResource().text()), sent.get(0).getContent());
        assertTrue(sent.get(0).getContent().contains("You are a travel agent."), "the operator's system prompt stays");
        ChatMessage tool = sent.stream().filter(m -> m.getRole() == Role.ROLE_TOOL).findFirst().orElseThrow();
        assertTrue(tool.getContent().contains("untrusted-data"), tool.getContent());
        assertTrue(tool.getContent().contains("Sunny, 21 degrees."));
        var sampling = lastGenerate().getSampling();
        assertEquals(0f, sampling.getTemperature());
        assertEquals(0.9f, sampling.getTopP(), 1e-6);
        assertEquals(12, sampling.getMaxNewTokens());
        assertEquals(42L, sampling.getSeed());
        assertEquals(List.of("###"), sampling.getStopList());
        assertEquals("", lastGenerate().getModel(), "the route names no upstream model: the loaded one");
        assertTrue(lastGenerate().getRequestId().startsWith("chatcmpl-"));
    }

    @Test
    void withDefensesOffTheMessagesGoUpstreamAsSent() {
        OpenAIClient client = GatewayClients.client(base, GatewayClients.key(keys,
                TenantPolicy.builder().defensePrompt(false).build()));
        client.chat().completions().create(ChatCompletionCreateParams.builder().model("demo-aligned")
                .addUserMessage("just this").build());
        List<ChatMessage> sent = lastGenerate().getPrompt().getChat().getMessagesList();
        assertEquals(1, sent.size());
        assertEquals("just this", sent.get(0).getContent());
        assertFalse(lastGenerate().getSampling().hasTemperature(), "unset parameters stay unset upstream");
        assertEquals(1024, lastGenerate().getSampling().getMaxNewTokens(), "the configured default budget");
    }
}

package dev.warden.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.errors.UnexpectedStatusCodeException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.warden.gateway.audit.AuditEntry;
import dev.warden.gateway.audit.AuditLog;
import dev.warden.gateway.auth.KeyStore;
import dev.warden.gateway.auth.TenantPolicy;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every error status of the API, as the official OpenAI SDK sees it, in OpenAI's error shape. */
@QuarkusTest
@WithTestResource(value = UpstreamsTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ErrorStatusTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    KeyStore keys;

    @Inject
    AuditLog audit;

    private OpenAIClient client(TenantPolicy policy) {
        return GatewayClients.client(base, GatewayClients.key(keys, policy));
    }

    private static ChatCompletionCreateParams.Builder chat(String model, String user) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage(user);
    }

    /** The {@code error} object of an exception's body. */
    static JsonNode error(OpenAIServiceException e) {
        JsonNode body = e.body().convert(JsonNode.class);
        return body.has("error") ? body.get("error") : body;
    }

    @Test
    void invalidParameterIs400NamingTheParameter() {
        OpenAIClient client = client(TenantPolicy.defaults());
        BadRequestException e = assertThrows(BadRequestException.class,
                () -> client.chat().completions().create(chat("demo-aligned", "hi").temperature(3.0).build()));
        assertEquals(400, e.statusCode());
        assertEquals("invalid_request_error", e.type().orElseThrow());
        assertEquals("temperature", e.param().orElseThrow());
        assertEquals("invalid_value", e.code().orElseThrow());
        assertTrue(error(e).get("message").asText().contains("[0, 2]"), error(e).toString());
    }

    @Test
    void moreThanOneChoiceIs400() {
        OpenAIClient client = client(TenantPolicy.defaults());
        BadRequestException e = assertThrows(BadRequestException.class,
                () -> client.chat().completions().create(chat("demo-aligned", "hi").n(2).build()));
        assertEquals("n", e.param().orElseThrow());
    }

    @Test
    void missingKeyIs401() throws Exception {
        // the SDK refuses to send without a key, so this one goes over plain HTTP
        HttpResponse<String> response = GatewayClients.http().send(HttpRequest.newBuilder(
                        URI.create(base + "v1/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"demo-aligned\", \"messages\": []}"))
                .header("content-type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, response.statusCode());
        assertEquals("Bearer", response.headers().firstValue("www-authenticate").orElseThrow());
        JsonNode error = new ObjectMapper().readTree(response.body()).get("error");
        assertEquals("missing_api_key", error.get("code").asText());
        assertEquals("invalid_request_error", error.get("type").asText());
        assertTrue(error.has("param"), "param is always present (null here)");
    }

    @Test
    void wrongKeyIs401WithoutEchoingIt() {
        String key = GatewayClients.key(keys, TenantPolicy.defaults());
        String wrong = key.substring(0, key.length() - 2) + (key.endsWith("AA") ? "EA" : "AA");
        UnauthorizedException e = assertThrows(UnauthorizedException.class,
                () -> GatewayClients.client(base, wrong).chat().completions().create(chat("demo-aligned", "hi").build()));
        assertEquals("invalid_api_key", e.code().orElseThrow());
        assertFalse(error(e).toString().contains(wrong.substring(3, 19)), "the key id is not echoed");
    }

    @Test
    void modelOutsideTheKeysAllowedModelsIs403() {
        String key = GatewayClients.key(keys, TenantPolicy.defaults(), Set.of("demo-other"));
        OpenAIClient client = GatewayClients.client(base, key);
        PermissionDeniedException e = assertThrows(PermissionDeniedException.class,
                () -> client.chat().completions().create(chat("demo-aligned", "hi").build()));
        assertEquals("model_not_allowed", e.code().orElseThrow());
        assertEquals("permission_error", e.type().orElseThrow());
        assertEquals("Echo: hi", client.chat().completions().create(chat("demo-other", "hi").build())
                .choices().get(0).message().content().orElseThrow());
    }

    @Test
    void unknownModelIs404() {
        OpenAIClient client = client(TenantPolicy.defaults());
        NotFoundException e = assertThrows(NotFoundException.class,
                () -> client.chat().completions().create(chat("no-such-model", "hi").build()));
        assertEquals("model_not_found", e.code().orElseThrow());
        assertEquals("model", e.param().orElseThrow());
    }

    @Test
    void bodyOverTheLimitIs413() {
        OpenAIClient client = client(TenantPolicy.defaults());
        String huge = "x".repeat(UpstreamsTestResource.MAX_REQUEST_BYTES + 10);
        UnexpectedStatusCodeException e = assertThrows(UnexpectedStatusCodeException.class,
                () -> client.chat().completions().create(chat("demo-aligned", huge).build()));
        assertEquals(413, e.statusCode());
        assertEquals("request_too_large", error(e).get("code").asText());
    }

    @Test
    void moreTokensThanTheKeysPerMinuteLimitIs413() {
        OpenAIClient client = client(TenantPolicy.builder().tokensPerMinute(500).build());
        UnexpectedStatusCodeException e = assertThrows(UnexpectedStatusCodeException.class,
                () -> client.chat().completions().create(chat("demo-aligned", "hi").maxCompletionTokens(1000).build()));
        assertEquals(413, e.statusCode());
        assertEquals("max_tokens", error(e).get("param").asText());
    }

    @Test
    void emptyRequestBucketIs429WithRetryAfterAndRateLimitHeaders() {
        OpenAIClient client = client(TenantPolicy.builder().requestsPerMinute(2).build());
        client.chat().completions().create(chat("demo-aligned", "one").build());
        client.chat().completions().create(chat("demo-aligned", "two").build());
        RateLimitException e = assertThrows(RateLimitException.class,
                () -> client.chat().completions().create(chat("demo-aligned", "three").build()));
        assertEquals(429, e.statusCode());
        assertEquals("rate_limit_exceeded", e.code().orElseThrow());
        assertEquals("requests", e.type().orElseThrow());
        long retryAfter = Long.parseLong(e.headers().values("retry-after").get(0));
        assertTrue(retryAfter >= 1 && retryAfter <= 30, "one request of 2/min refills in 30 s: " + retryAfter);
        assertEquals("2", e.headers().values("x-ratelimit-limit-requests").get(0));
        assertEquals("0", e.headers().values("x-ratelimit-remaining-requests").get(0));
        assertFalse(e.headers().values("x-ratelimit-reset-requests").isEmpty());
    }

    @Test
    void unreachableInferenceIs503WithRetryAfter() {
        OpenAIClient client = client(TenantPolicy.defaults());
        InternalServerException e = assertThrows(InternalServerException.class,
                () -> client.chat().completions().create(chat("demo-down", "hi").build()));
        assertEquals(503, e.statusCode());
        assertEquals("inference_unavailable", e.code().orElseThrow());
        assertEquals("1", e.headers().values("retry-after").get(0));
        assertFalse(e.headers().values("x-ratelimit-remaining-requests").isEmpty(), "rate headers on errors too");
    }

    @Test
    void unavailableInferenceWhileStreamingIs503BeforeTheStreamStarts() {
        OpenAIClient client = client(TenantPolicy.defaults());
        InternalServerException e = assertThrows(InternalServerException.class, () -> {
            try (var stream = client.chat().completions().createStreaming(
                    chat("demo-aligned", "[SCRIPT:unavailable]").build())) {
                stream.stream().forEach(chunk -> { });
            }
        });
        assertEquals(503, e.statusCode());
    }

    @Test
    void promptTheModelRejectsIs400() {
        OpenAIClient client = client(TenantPolicy.defaults());
        BadRequestException e = assertThrows(BadRequestException.class,
                () -> client.chat().completions().create(chat("demo-aligned", "[SCRIPT:invalid]").build()));
        assertEquals("upstream_rejected", e.code().orElseThrow());
    }

    @Test
    void unreachableJudgeFailsClosedWith503ByDefault() {
        OpenAIClient client = client(TenantPolicy.defaults());
        InternalServerException e = assertThrows(InternalServerException.class,
                () -> client.chat().completions().create(chat("demo-aligned", "hi [JUDGE-UNAVAILABLE]").build()));
        assertEquals(503, e.statusCode());
        assertEquals("judge_unavailable", e.code().orElseThrow());
        assertEquals("1", e.headers().values("retry-after").get(0));
    }

    @Test
    void unreachableJudgeFailsOpenForAFailOpenTenantAndTheAuditSaysSo() {
        OpenAIClient client = client(TenantPolicy.builder().failOpen(true).build());
        ChatCompletion completion = client.chat().completions()
                .create(chat("demo-aligned", "hi [JUDGE-UNAVAILABLE]").build());
        assertEquals("Echo: hi [JUDGE-UNAVAILABLE]", completion.choices().get(0).message().content().orElseThrow());
        AuditEntry entry = GatewayClients.awaitAudit(audit, completion.id());
        assertTrue(entry.event().railsFired().contains("judge-input:fail-open"), entry.toString());
        assertTrue(entry.event().railsFired().contains("judge-output:fail-open"), entry.toString());
        assertEquals("allowed", entry.event().action().wire());
    }
}

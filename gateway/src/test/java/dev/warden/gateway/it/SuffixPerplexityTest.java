package dev.warden.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.warden.gateway.audit.AuditEntry;
import dev.warden.gateway.audit.AuditLog;
import dev.warden.gateway.auth.KeyStore;
import dev.warden.gateway.auth.TenantPolicy;
import dev.warden.gateway.fakes.ScriptedInference;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The suffix-perplexity input rail through the OpenAI SDK: the fake model's Score (a toy language model that
 * finds token salad improbable, see {@link ScriptedInference#logprobs(String)}) scores the last user message's
 * tail. The salad follows a request about an error message, which is what the jailbreak detector's character
 * heuristic excuses (technical text is strange for a reason): only the perplexity rail catches it.
 */
@QuarkusTest
@WithTestResource(value = UpstreamsTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class SuffixPerplexityTest {

    private static final String REQUEST = "I get an error when I build my project. Can you tell me what usually causes"
            + " it and how to fix it?";
    /** Synthetic word salad in the style of optimisation suffixes (not a published suffix). */
    private static final String SALAD = " heap}}( Format intoTHE answer?\" similarly-- (!Begin [{ surelyHere ward!] $\\"
            + " cards Nova";
    private static final String PLAIN_ENDING = " Thanks a lot, I'd appreciate a short answer (two or three lines).";

    @TestHTTPResource("/")
    URL base;

    @Inject
    KeyStore keys;

    @Inject
    AuditLog audit;

    private OpenAIClient client(TenantPolicy policy) {
        return GatewayClients.client(base, GatewayClients.key(keys, policy));
    }

    private static TenantPolicy railOn() {
        return TenantPolicy.builder().suffixPerplexity(true).build();
    }

    private static ChatCompletionCreateParams chat(String user) {
        return ChatCompletionCreateParams.builder().model("demo-aligned").addUserMessage(user).build();
    }

    private static ScriptedInference inference() {
        return UpstreamsTestResource.upstreams().inference();
    }

    @Test
    void gibberishSuffixIsBlockedAs400ContentFilterNamingTheRail() throws Exception {
        OpenAIClient client = client(railOn());
        int generated = inference().calls();
        int scored = inference().scoreCalls();
        BadRequestException e = assertThrows(BadRequestException.class,
                () -> client.chat().completions().create(chat(REQUEST + SALAD)));
        assertEquals(400, e.statusCode());
        assertEquals("content_filter", e.code().orElseThrow());
        assertEquals("messages", e.param().orElseThrow());
        JsonNode inner = ErrorStatusTest.error(e).get("innererror");
        assertEquals("[\"adversarial_suffix\"]", inner.get("categories").toString());
        JsonNode suffix = inner.get("content_filter_result").get("adversarial_suffix");
        assertTrue(suffix.get("filtered").asBoolean(), suffix.toString());
        assertEquals("suffix-perplexity", suffix.get("rail").asText());
        assertTrue(suffix.get("score").asDouble() >= 0.5, suffix.toString());
        assertTrue(suffix.get("tail_perplexity").asDouble() > 10 * suffix.get("head_perplexity").asDouble(),
                suffix.toString());
        assertEquals(20, suffix.get("tail_tokens").asInt());
        assertFalse(inner.get("content_filter_result").get("jailbreak").get("filtered").asBoolean(),
                "the detector let it through: only the perplexity rail caught it");

        assertEquals(generated, inference().calls(), "the model never generated for it");
        assertEquals(scored + 1, inference().scoreCalls());
        assertTrue(inference().lastScoreRequest().getText().endsWith("cards Nova"), "the tail was scored");

        AuditEntry entry = GatewayClients.awaitAudit(audit, e.headers().values("x-request-id").get(0));
        assertEquals("blocked", entry.event().action().wire());
        assertEquals(List.of("suffix-perplexity"), entry.event().railsFired());
        assertEquals(List.of("adversarial-suffix"), entry.event().categories());
        assertTrue(entry.event().scores().get("suffix_perplexity") >= 0.5, entry.event().scores().toString());
        assertTrue(entry.event().latenciesMs().containsKey("suffix_perplexity"), entry.event().latenciesMs().toString());

        String metrics = metrics();
        positive(metrics, "warden_gateway_rail_decisions_total\\{category=\"adversarial-suffix\",decision=\"block\","
                + "rail=\"suffix-perplexity\"}");
        positive(metrics, "warden_gateway_upstream_latency_seconds_count\\{rpc=\"Score\",upstream=\"inference\"}");
    }

    @Test
    void plainPromptPassesTheRail() throws Exception {
        int scored = inference().scoreCalls();
        ChatCompletion completion = client(railOn()).chat().completions().create(chat(REQUEST + PLAIN_ENDING));
        assertEquals(ChatCompletion.Choice.FinishReason.STOP, completion.choices().get(0).finishReason());
        assertEquals(scored + 1, inference().scoreCalls(), "the rail ran");
        AuditEntry entry = GatewayClients.awaitAudit(audit, completion.id());
        assertEquals("allowed", entry.event().action().wire());
        assertEquals(0.0, entry.event().scores().get("suffix_perplexity"));
        positive(metrics(), "warden_gateway_rail_decisions_total\\{category=\"none\",decision=\"pass\","
                + "rail=\"suffix-perplexity\"}");
    }

    @Test
    void railOffLetsTheSameSuffixThrough() {
        int scored = inference().scoreCalls();
        // the tenant's policy leaves the rail off (the default); the detector and the judge still run
        ChatCompletion completion = client(TenantPolicy.defaults()).chat().completions().create(chat(REQUEST + SALAD));
        assertEquals(ChatCompletion.Choice.FinishReason.STOP, completion.choices().get(0).finishReason());
        assertEquals(scored, inference().scoreCalls(), "Score was not called");
        AuditEntry entry = GatewayClients.awaitAudit(audit, completion.id());
        assertNull(entry.event().scores().get("suffix_perplexity"));
    }

    @Test
    void shortPromptsAreNotScored() {
        int scored = inference().scoreCalls();
        ChatCompletion completion = client(railOn()).chat().completions().create(chat("hi ]]{{ **XyZzy"));
        assertEquals(ChatCompletion.Choice.FinishReason.STOP, completion.choices().get(0).finishReason());
        assertEquals(scored, inference().scoreCalls(), "below rails.perplexity.min-chars");
    }

    @Test
    void scoreFailureUnderFailClosedIs503InferenceUnavailable() {
        OpenAIClient client = client(railOn());
        int generated = inference().calls();
        InternalServerException e = assertThrows(InternalServerException.class,
                () -> client.chat().completions().create(chat(REQUEST + " [SCRIPT:score-unavailable]")));
        assertEquals(503, e.statusCode());
        assertEquals("inference_unavailable", e.code().orElseThrow());
        assertEquals("server_error", e.type().orElseThrow());
        assertTrue(ErrorStatusTest.error(e).get("message").asText().contains("suffix-perplexity"));
        assertEquals("1", e.headers().values("retry-after").get(0));
        assertEquals(generated, inference().calls(), "nothing was generated");
        AuditEntry entry = GatewayClients.awaitAudit(audit, e.headers().values("x-request-id").get(0));
        assertTrue(entry.event().railsFired().contains("suffix-perplexity:fail-closed"),
                entry.event().railsFired().toString());
    }

    @Test
    void scoreFailureUnderFailOpenPasses() throws Exception {
        OpenAIClient client = client(railOn().toBuilder().failOpen(true).build());
        ChatCompletion completion = client.chat().completions().create(chat(REQUEST + " [SCRIPT:score-unavailable]"));
        assertEquals(ChatCompletion.Choice.FinishReason.STOP, completion.choices().get(0).finishReason());
        AuditEntry entry = GatewayClients.awaitAudit(audit, completion.id());
        assertEquals("allowed", entry.event().action().wire());
        assertTrue(entry.event().railsFired().contains("suffix-perplexity:fail-open"),
                entry.event().railsFired().toString());
        positive(metrics(), "warden_gateway_fail_open_total\\{dependency=\"inference\"}");
        positive(metrics(), "warden_gateway_rail_decisions_total\\{category=\"none\",decision=\"fail_open\","
                + "rail=\"suffix-perplexity\"}");
    }

    @Test
    void scoreAndTheJudgeAreCalledInParallel() {
        // each fake holds its call until the other's has arrived: called one after the other, the first call would
        // time out (503 under this fail-closed policy)
        int met = UpstreamsTestResource.upstreams().rendezvous().met();
        String meeting = "[RENDEZVOUS:" + UUID.randomUUID() + "] ";
        ChatCompletion completion = client(railOn().toBuilder().outputRails(false).build()).chat().completions()
                .create(chat(meeting + REQUEST + PLAIN_ENDING));
        assertEquals(ChatCompletion.Choice.FinishReason.STOP, completion.choices().get(0).finishReason());
        assertEquals(met + 1, UpstreamsTestResource.upstreams().rendezvous().met());
    }

    private String metrics() throws Exception {
        return GatewayClients.http().send(HttpRequest.newBuilder(URI.create(base + "q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void positive(String metrics, String series) {
        Matcher m = Pattern.compile("(?m)^" + series + " ([0-9.eE+-]+)$").matcher(metrics);
        assertTrue(m.find(), "no series " + series);
        assertTrue(Double.parseDouble(m.group(1)) > 0, series + " is " + m.group(1));
    }
}

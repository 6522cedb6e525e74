package dev.warden.e2e.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.e2e.suite.SuiteException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The gateway as its users see it: the admin API (tenant policies, keys) with the admin token, and the
 * OpenAI-compatible chat completions (JSON and streamed) with an API key.
 */
public final class GatewayClient {

    /**
     * A chat completion or its refusal.
     *
     * @param status           HTTP status
     * @param content          the assistant's text (empty for an error)
     * @param finishReason     {@code stop}, {@code length}, {@code content_filter}; empty for an error
     * @param errorCode        the OpenAI error code ({@code content_filter}, {@code upstream_rejected} ...); empty on
     *                         success
     * @param errorMessage     the error's message; empty on success
     * @param categories       for a filtered prompt: the categories that fired ({@code jailbreak}, {@code S1} ...)
     * @param families         for a detected jailbreak: its attack families ({@code instruction-override} ...)
     * @param completionTokens tokens the model generated (usage); -1 when not reported
     * @param overheadMs       the gateway's own time ({@code x-warden-overhead-ms}); -1 when absent
     */
    public record ChatReply(int status, String content, String finishReason, String errorCode, String errorMessage,
                            List<String> categories, List<String> families, long completionTokens,
                            double overheadMs) {
    }

    /**
     * A streamed chat completion.
     *
     * @param status           HTTP status of the stream's response
     * @param deltas           the content of each chunk that carried text, in order
     * @param finishReason     of the last choice chunk; empty when the stream ended without one
     * @param completionTokens from the usage chunk; -1 when none came
     * @param error            an in-stream error event's message, or the error body of a non-200; empty otherwise
     */
    public record StreamReply(int status, List<String> deltas, String finishReason, long completionTokens,
                              String error) {

        /** Everything the client received, joined. */
        public String content() {
            return String.join("", deltas);
        }
    }

    private static final String WHO = "the gateway";

    private final Http admin;
    private final Http api;

    /** A client of the gateway at {@code baseUrl} with its admin token. */
    public GatewayClient(String baseUrl, String adminToken) {
        this.admin = new Http(baseUrl, adminToken, Duration.ofSeconds(30));
        this.api = new Http(baseUrl, null, Duration.ofMinutes(2));
    }

    /**
     * Stores {@code tenant}'s policy (fields as the admin API takes them; missing ones take the defaults).
     *
     * @return the stored policy
     * @throws SuiteException when the admin API refuses it
     */
    public JsonNode setPolicy(String tenant, Map<String, Object> policy) {
        Http.Reply r = Http.call(WHO, () -> admin.send("PUT", "/admin/tenants/" + tenant + "/policy", policy));
        if (r.status() != 200) {
            throw new SuiteException("the gateway refused the policy of tenant " + tenant + ": " + r.status() + " "
                    + r.text());
        }
        return r.body();
    }

    /**
     * Creates an API key for {@code tenant}, allowed on {@code models} (empty: every model).
     *
     * @return the key ({@code wk-<id>.<secret>}), shown this once by the gateway
     * @throws SuiteException when the admin API refuses it
     */
    public String createKey(String tenant, List<String> models) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tenant", tenant);
        body.put("allowed_models", models);
        Http.Reply r = Http.call(WHO, () -> admin.send("POST", "/admin/keys", body));
        if (r.status() != 201 || !r.body().hasNonNull("key")) {
            throw new SuiteException("the gateway refused a key for tenant " + tenant + ": " + r.status() + " "
                    + r.text());
        }
        return r.body().get("key").asText();
    }

    /** Whether {@code key} is accepted ({@code GET /v1/models} answers 200). */
    public boolean keyWorks(String key) {
        return Http.call(WHO, () -> api.withToken(key).get("/v1/models")).status() == 200;
    }

    /** One user message to {@code model}, greedy, answered as one JSON response. */
    public ChatReply chat(String key, String model, String prompt, int maxTokens) {
        Http.Reply r = Http.call(WHO, () -> api.withToken(key).send("POST", "/v1/chat/completions",
                request(model, prompt, maxTokens, false)));
        double overhead = r.raw().headers().firstValue("x-warden-overhead-ms").map(Double::parseDouble).orElse(-1.0);
        JsonNode body = r.body();
        if (r.ok()) {
            JsonNode choice = body.path("choices").path(0);
            return new ChatReply(r.status(), choice.path("message").path("content").asText(""),
                    choice.path("finish_reason").asText(""), "", "", List.of(), List.of(),
                    body.path("usage").path("completion_tokens").asLong(-1), overhead);
        }
        JsonNode error = body.path("error");
        JsonNode inner = error.path("innererror");
        List<String> families = new ArrayList<>();
        inner.path("content_filter_result").path("jailbreak").path("families").forEach(f -> families.add(f.asText()));
        List<String> categories = new ArrayList<>();
        inner.path("categories").forEach(c -> categories.add(c.asText()));
        return new ChatReply(r.status(), "", "", error.path("code").asText(""), error.path("message").asText(r.text()),
                categories, families, -1, overhead);
    }

    /**
     * One user message to {@code model}, greedy, streamed; {@code onDelta} sees each piece of text as it arrives.
     */
    public StreamReply stream(String key, String model, String prompt, int maxTokens, Consumer<String> onDelta) {
        return Http.call(WHO, () -> {
            HttpResponse<Stream<String>> r = api.withToken(key).stream("POST", "/v1/chat/completions",
                    request(model, prompt, maxTokens, true), Map.of());
            List<String> deltas = new ArrayList<>();
            String finish = "";
            long tokens = -1;
            String error = "";
            try (Stream<String> lines = r.body()) {
                if (r.statusCode() != 200) {
                    return new StreamReply(r.statusCode(), List.of(), "", -1, String.join("\n",
                            (Iterable<String>) lines::iterator));
                }
                Iterator<String> it = lines.iterator();
                while (it.hasNext()) {
                    String line = it.next();
                    if (!line.startsWith("data:")) {
                        continue;
                    }
                    String data = line.substring(5).trim();
                    if (data.equals("[DONE]")) {
                        break;
                    }
                    JsonNode chunk = Http.parse(data);
                    if (chunk.has("error")) {
                        error = chunk.path("error").path("message").asText(data);
                        continue;
                    }
                    JsonNode choice = chunk.path("choices").path(0);
                    String text = choice.path("delta").path("content").asText("");
                    if (!text.isEmpty()) {
                        deltas.add(text);
                        onDelta.accept(text);
                    }
                    if (choice.hasNonNull("finish_reason")) {
                        finish = choice.get("finish_reason").asText();
                    }
                    if (chunk.hasNonNull("usage")) {
                        tokens = chunk.get("usage").path("completion_tokens").asLong(-1);
                    }
                }
            }
            return new StreamReply(200, List.copyOf(deltas), finish, tokens, error);
        });
    }

    private static Map<String, Object> request(String model, String prompt, int maxTokens, boolean stream) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model);
        body.put("messages", List.of(Map.of("role", "user", "content", prompt)));
        body.put("temperature", 0);
        body.put("max_tokens", maxTokens);
        if (stream) {
            body.put("stream", true);
            body.put("stream_options", Map.of("include_usage", true));
        }
        return body;
    }
}

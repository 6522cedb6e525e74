package dev.warden.e2e.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.warden.e2e.client.GatewayClient.ChatReply;
import dev.warden.e2e.client.GatewayClient.StreamReply;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gateway client's reading of OpenAI's shapes (a chunked stream cut by the output rail, a filtered prompt). */
class GatewayClientTest {

    private HttpServer server;
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/chat/completions", this::chat);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void chat(HttpExchange x) throws IOException {
        JsonNode request = Http.parse(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        requests.add(request);
        if (request.path("stream").asBoolean()) {
            String chunk = "data: {\"choices\":[{\"index\":0,\"delta\":%s,\"finish_reason\":%s}]}\n\n";
            send(x, 200, "text/event-stream", String.format(chunk, "{\"role\":\"assistant\",\"content\":\"\"}", "null")
                    + String.format(chunk, "{\"content\":\"sure\"}", "null")
                    + String.format(chunk, "{\"content\":\" .\"}", "null")
                    + String.format(chunk, "{}", "\"content_filter\"")
                    + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":12}}\n\n"
                    + "data: [DONE]\n\n");
        } else {
            x.getResponseHeaders().set("x-warden-overhead-ms", "1.25");
            send(x, 400, "application/json", "{\"error\":{\"message\":\"filtered\",\"type\":\"invalid_request_error\","
                    + "\"param\":\"messages\",\"code\":\"content_filter\",\"innererror\":{\"code\":"
                    + "\"ResponsibleAIPolicyViolation\",\"categories\":[\"S2\",\"jailbreak\"],"
                    + "\"content_filter_result\":"
                    + "{\"jailbreak\":{\"filtered\":true,\"families\":[\"persona-takeover\"]}}}}}");
        }
    }

    private static void send(HttpExchange x, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", type);
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    private GatewayClient client() {
        return new GatewayClient("http://127.0.0.1:" + server.getAddress().getPort(), "admin-token-0123456789");
    }

    @Test
    void aStreamCutByTheOutputRailIsReadToItsFinishReasonAndUsage() {
        List<String> live = new ArrayList<>();
        StreamReply r = client().stream("wk-key", "demo-finetuned", "a prompt", 48, live::add);
        assertEquals(List.of("sure", " ."), r.deltas());
        assertEquals(r.deltas(), live, "each delta was handed over as it arrived");
        assertEquals("sure .", r.content());
        assertEquals("content_filter", r.finishReason());
        assertEquals(12, r.completionTokens());
        JsonNode sent = requests.get(0);
        assertTrue(sent.path("stream").asBoolean() && sent.path("stream_options").path("include_usage").asBoolean());
        assertEquals(0, sent.path("temperature").asInt(-1), "greedy");
        assertEquals("a prompt", sent.path("messages").path(0).path("content").asText());
    }

    @Test
    void aFilteredPromptIsReadWithItsCategoriesAndAttackFamilies() {
        ChatReply r = client().chat("wk-key", "demo-aligned", "a jailbreak", 48);
        assertEquals(400, r.status());
        assertEquals("content_filter", r.errorCode());
        assertEquals(List.of("S2", "jailbreak"), r.categories());
        assertEquals(List.of("persona-takeover"), r.families());
        assertEquals(1.25, r.overheadMs());
    }
}

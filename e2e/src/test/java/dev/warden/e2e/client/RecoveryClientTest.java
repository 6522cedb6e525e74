package dev.warden.e2e.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.warden.e2e.suite.SuiteException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Following a repair's server-sent events from a real HTTP server that breaks the stream once. */
class RecoveryClientTest {

    private HttpServer server;
    private final List<String> lastEventIds = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/repairs/j1/events", this::events);
        server.createContext("/v1/repairs", x -> {
            authorizations.add(x.getRequestHeaders().getFirst("Authorization"));
            send(x, 400, "application/json", "{\"error\": {\"code\": \"invalid_argument\", \"message\":"
                    + " \"spec.options.steps: must be >= 1\", \"field\": \"spec.options.steps\"}}");
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void events(HttpExchange x) throws IOException {
        authorizations.add(x.getRequestHeaders().getFirst("Authorization"));
        String last = x.getRequestHeaders().getFirst("Last-Event-ID");
        lastEventIds.add(String.valueOf(last));
        String body = last == null
                ? event(1, "REPAIR_STATE_QUEUED") + event(2, "REPAIR_STATE_RUNNING")      // then the stream breaks
                : ":keep-alive\n\n" + event(3, "REPAIR_STATE_SUCCEEDED") + event(4, "REPAIR_STATE_SUCCEEDED");
        send(x, 200, "text/event-stream", body);
    }

    private static String event(int sequence, String state) {
        return "id:" + sequence + "\ndata:{\"job_id\":\"j1\",\"sequence\":\"" + sequence + "\",\"state\":\"" + state
                + "\",\"message\":\"m" + sequence + "\"}\n\n";
    }

    private static void send(HttpExchange x, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", type);
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    private RecoveryClient client() {
        return new RecoveryClient("http://127.0.0.1:" + server.getAddress().getPort(), "token-0123456789abcdef");
    }

    @Test
    void resumesAfterTheLastEventSeenAndStopsAtTheTerminalOne() {
        List<Long> seen = new ArrayList<>();
        String state = client().follow("j1", e -> seen.add(e.path("sequence").asLong()));
        assertEquals("REPAIR_STATE_SUCCEEDED", state);
        assertEquals(List.of(1L, 2L, 3L), seen, "every event once, none after the terminal one");
        assertEquals(List.of("null", "2"), lastEventIds, "the second request resumes after sequence 2");
        assertTrue(authorizations.stream().allMatch("Bearer token-0123456789abcdef"::equals),
                authorizations.toString());
    }

    @Test
    void aRefusedSubmissionCarriesTheServiceError() {
        SuiteException e = assertThrows(SuiteException.class, () -> client().submit(Map.of("spec", Map.of())));
        assertTrue(e.getMessage().contains("400") && e.getMessage().contains("spec.options.steps: must be >= 1"),
                e.getMessage());
    }
}

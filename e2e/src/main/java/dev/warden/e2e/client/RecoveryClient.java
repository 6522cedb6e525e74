package dev.warden.e2e.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.e2e.suite.SuiteException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * recovery-service's REST API: submit a repair, follow its server-sent events, read the job and its report.
 * Bodies are the proto3 JSON of recovery.proto (snake_case, enums by name, 64-bit integers as strings).
 */
public final class RecoveryClient {

    /** The terminal states of a job. */
    public static final Set<String> TERMINAL = Set.of("REPAIR_STATE_SUCCEEDED", "REPAIR_STATE_FAILED",
            "REPAIR_STATE_CANCELLED");

    private static final int RECONNECTS = 10;

    private static final String WHO = "recovery-service";

    private final Http http;

    /** A client of the service at {@code baseUrl} with its bearer token. */
    public RecoveryClient(String baseUrl, String token) {
        this.http = new Http(baseUrl, token, Duration.ofSeconds(60));
    }

    /**
     * Submits a repair ({@code {"spec": {...}}}).
     *
     * @return the job (state QUEUED)
     * @throws SuiteException when the service refuses it (its error in the message)
     */
    public JsonNode submit(Map<String, Object> request) {
        Http.Reply r = Http.call(WHO, () -> http.send("POST", "/v1/repairs", request));
        if (!r.ok()) {
            throw new SuiteException("recovery-service refused the repair: " + r.status() + " " + r.text());
        }
        return r.body().path("job");
    }

    /** The job with its progress and report. */
    public JsonNode job(String id) {
        Http.Reply r = Http.call(WHO, () -> http.get("/v1/repairs/" + id));
        if (!r.ok()) {
            throw new SuiteException("recovery-service: GET /v1/repairs/" + id + " answered " + r.status() + " "
                    + r.text());
        }
        return r.body().path("job");
    }

    /**
     * Follows the job's events until the one carrying a terminal state, reconnecting after the last event seen
     * ({@code Last-Event-ID}) when the stream breaks.
     *
     * @param onEvent sees every RepairEvent, in order
     * @return the terminal state ({@code REPAIR_STATE_SUCCEEDED} ...)
     * @throws SuiteException when the stream cannot be (re)opened or ends without a terminal event
     */
    public String follow(String id, Consumer<JsonNode> onEvent) {
        long last = 0;
        for (int attempt = 0; attempt <= RECONNECTS; attempt++) {
            long after = last;
            HttpResponse<Stream<String>> r = Http.call(WHO, () -> http.stream("GET", "/v1/repairs/" + id + "/events",
                    null, after > 0 ? Map.of("Last-Event-ID", Long.toString(after)) : Map.of()));
            if (r.statusCode() != 200) {
                try (Stream<String> lines = r.body()) {
                    throw new SuiteException("recovery-service: the events of " + id + " answered " + r.statusCode()
                            + " " + String.join("\n", (Iterable<String>) lines::iterator));
                }
            }
            try (Stream<String> lines = r.body()) {
                Iterator<String> it = lines.iterator();
                StringBuilder data = new StringBuilder();
                while (it.hasNext()) {
                    String line = it.next();
                    if (line.startsWith("data:")) {
                        data.append(line.substring(5).trim());
                    } else if (line.isEmpty() && data.length() > 0) {
                        JsonNode event = Http.parse(data.toString());
                        data.setLength(0);
                        last = event.path("sequence").asLong(last);
                        onEvent.accept(event);
                        String state = event.path("state").asText();
                        if (TERMINAL.contains(state)) {
                            return state;
                        }
                    }
                }
            } catch (UncheckedIOException broken) {
                // the stream broke: reconnect after the last event seen
            }
            sleep();
        }
        throw new SuiteException("the event stream of repair " + id + " kept ending before the job did");
    }

    private static void sleep() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SuiteException("interrupted while following a repair", e);
        }
    }
}

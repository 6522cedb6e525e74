package dev.warden.e2e.soak;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Closed-loop chat traffic against a gateway: {@code clients} threads share {@code requests} chat completions;
 * each waits a random think time before each request, sends it non-streamed or streamed, and, for a share of the
 * streamed ones, reads only the first bytes and hangs up (a client that goes away mid-stream). Counts every
 * response by status, every 503 with and without {@code Retry-After}, connection errors, and the 5xx bodies seen
 * (the first few of each kind). Plain HTTP/1.1 over loopback, as an application would talk to the gateway.
 */
public final class ChatLoad {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What to send.
     *
     * @param gateway base URL, e.g. {@code http://127.0.0.1:8080}
     * @param key the API key
     * @param model the model name
     * @param requests how many requests in all
     * @param clients concurrent clients
     * @param maxThinkMillis each client waits a uniform random 0..this between requests
     * @param streamShare share of streamed requests (0..1)
     * @param disconnectShare share of the streamed requests whose client hangs up after the first bytes
     * @param maxTokens {@code max_tokens} of each request, drawn uniformly from this list
     */
    public record Spec(String gateway, String key, String model, int requests, int clients, int maxThinkMillis,
                       double streamShare, double disconnectShare, List<Integer> maxTokens) {

        /** Checks the values. */
        public Spec {
            Objects.requireNonNull(gateway, "gateway");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(model, "model");
            if (requests < 1 || clients < 1 || maxThinkMillis < 0 || maxTokens.isEmpty()) {
                throw new IllegalArgumentException("requests and clients >= 1, think >= 0, some max_tokens");
            }
            maxTokens = List.copyOf(maxTokens);
        }
    }

    /**
     * What came back.
     *
     * @param requests requests sent
     * @param byStatus responses by HTTP status
     * @param disconnected streamed responses the client hung up on (deliberately)
     * @param connectionErrors requests that got no HTTP response (refused, reset, timed out)
     * @param unavailableWithRetryAfter 503 answers carrying {@code Retry-After}
     * @param samples the first 5xx bodies and connection errors, up to 3 of each kind
     * @param slowest503Millis the longest time a 503 took to come back (0 without one)
     * @param seconds wall time
     */
    public record Result(int requests, Map<Integer, Integer> byStatus, int disconnected, int connectionErrors,
                         int unavailableWithRetryAfter, List<String> samples, long slowest503Millis,
                         double seconds) {

        /** Responses with a 5xx status. */
        public int serverErrors() {
            return byStatus.entrySet().stream().filter(e -> e.getKey() >= 500).mapToInt(Map.Entry::getValue).sum();
        }

        /** Responses with status {@code status}. */
        public int count(int status) {
            return byStatus.getOrDefault(status, 0);
        }

        /** One line: counts and rate. */
        public String summary() {
            return String.format(java.util.Locale.ROOT, "%,d requests in %.1f s (%.0f/s): status %s, %d hung up"
                            + " mid-stream, %d connection errors, %d of %d 503s with Retry-After (slowest %d ms)",
                    requests, seconds, requests / seconds, byStatus, disconnected, connectionErrors,
                    unavailableWithRetryAfter, count(503), slowest503Millis);
        }
    }

    private final Spec spec;
    private final HttpClient http;
    private final AtomicInteger next = new AtomicInteger();
    private final ConcurrentMap<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
    private final LongAdder disconnected = new LongAdder();
    private final LongAdder connectionErrors = new LongAdder();
    private final LongAdder retryAfter = new LongAdder();
    private final java.util.concurrent.atomic.LongAccumulator slowest503 =
            new java.util.concurrent.atomic.LongAccumulator(Math::max, 0);
    private final ConcurrentMap<String, List<String>> samples = new ConcurrentHashMap<>();

    /** Traffic as {@code spec} says. */
    public ChatLoad(Spec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Sends every request and waits for the last answer. */
    public Result run() throws InterruptedException {
        long t0 = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < spec.clients(); i++) {
            Thread t = new Thread(this::client, "chat-load-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        byStatus.forEach((k, v) -> statuses.put(k, v.intValue()));
        List<String> sampled = new ArrayList<>();
        samples.values().forEach(sampled::addAll);
        return new Result(spec.requests(), statuses, disconnected.intValue(), connectionErrors.intValue(),
                retryAfter.intValue(), sampled, slowest503.get(), (System.nanoTime() - t0) / 1e9);
    }

    private void client() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (next.getAndIncrement() < spec.requests()) {
            try {
                if (spec.maxThinkMillis() > 0) {
                    Thread.sleep(random.nextInt(spec.maxThinkMillis() + 1));
                }
                boolean stream = random.nextDouble() < spec.streamShare();
                boolean hangUp = stream && random.nextDouble() < spec.disconnectShare();
                int maxTokens = spec.maxTokens().get(random.nextInt(spec.maxTokens().size()));
                send(stream, hangUp, maxTokens);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void send(boolean stream, boolean hangUp, int maxTokens) throws InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", spec.model());
        body.put("max_tokens", maxTokens);
        body.put("messages", List.of(Map.of("role", "user", "content", "tell me a fact")));
        if (stream) {
            body.put("stream", true);
        }
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(spec.gateway() + "/v1/chat/completions"))
                    .timeout(Duration.ofSeconds(60))
                    .header("authorization", "Bearer " + spec.key()).header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        long t0 = System.nanoTime();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            int status = response.statusCode();
            try (InputStream in = response.body()) {
                if (hangUp && status == 200) {
                    in.read(new byte[64]); // the first bytes of the first event, then hang up
                    disconnected.increment();
                    return;
                }
                byte[] bytes = in.readAllBytes();
                byStatus.computeIfAbsent(status, s -> new LongAdder()).increment();
                if (status == 503) {
                    slowest503.accumulate((System.nanoTime() - t0) / 1_000_000);
                    if (response.headers().firstValue("retry-after").isPresent()) {
                        retryAfter.increment();
                    }
                }
                if (status >= 500) {
                    sample("HTTP " + status, new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            connectionErrors.increment();
            sample(e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
        }
    }

    private void sample(String kind, String text) {
        List<String> list = samples.computeIfAbsent(kind, k -> java.util.Collections.synchronizedList(new ArrayList<>()));
        if (list.size() < 3) {
            list.add(kind + ": " + (text.length() > 300 ? text.substring(0, 300) : text));
        }
    }
}

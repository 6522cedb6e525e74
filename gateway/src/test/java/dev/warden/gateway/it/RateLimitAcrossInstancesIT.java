package dev.warden.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.gateway.fakes.ChildGateway;
import dev.warden.gateway.fakes.FakeUpstreams;
import dev.warden.gateway.fakes.RedisCleanup;
import dev.warden.gateway.pipeline.TokenEstimator;
import io.vertx.core.Vertx;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rate limits are exact across replicas: TWO packaged gateways ({@code target/quarkus-app/quarkus-run.jar}, child
 * processes on their own ports) share the real Redis at 127.0.0.1:6379 under a namespace of this run (deleted at
 * the end), both routed to the fake upstreams in this JVM. 50 concurrent clients, split across both instances,
 * hammer {@code /v1/chat/completions} on one key until each has been refused a few times, once for a key limited
 * in requests per minute and once for a key limited in tokens per minute.
 *
 * <p>The buckets refill continuously ({@code limit / 60} per second), so what a key may be granted over a run of
 * {@code t} seconds is {@code limit + limit * t / 60}; the test asserts the grant stays within that plus 1% of the
 * limit, and that the limit is actually reached. Every refusal must be a 429 with {@code Retry-After}, OpenAI's
 * error JSON and consistent {@code x-ratelimit-*} headers.
 *
 * <p>Runs in the {@code verify} phase (maven-failsafe-plugin) because it needs the packaged jar; it fails, rather
 * than skips, when the jar or Redis is missing.
 */
class RateLimitAcrossInstancesIT {

    private static final String REDIS = "redis://127.0.0.1:6379";
    private static final String MODEL = "itmodel";
    private static final int CLIENTS = 50;
    /** Refusals after which a client stops. */
    private static final int REFUSALS_PER_CLIENT = 3;
    /** A bound on each client's requests, whatever happens. */
    private static final int MAX_REQUESTS_PER_CLIENT = 80;
    private static final Duration RUN_LIMIT = Duration.ofSeconds(20);
    private static final long REQUESTS_PER_MINUTE = 200;
    private static final long TOKENS_PER_MINUTE = 10_000;
    private static final long UNLIMITED = 1_000_000_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Each child gateway's Redis call timeout: generous, see {@link #gateway}. */
    private static final String REDIS_TIMEOUT = "10s";

    private static final String ADMIN_TOKEN = "it-admin-token-" + UUID.randomUUID();
    private static String namespace;
    private static Vertx vertx;
    private static FakeUpstreams fakes;
    private static ChildGateway first;
    private static ChildGateway second;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startTwoGateways() throws Exception {
        Path app = Path.of(System.getProperty("warden.gateway.app", "target/quarkus-app"));
        if (!Files.isRegularFile(app.resolve("quarkus-run.jar"))) {
            fail(app.resolve("quarkus-run.jar").toAbsolutePath() + " is missing: this integration test runs the"
                    + " packaged gateway; run it through the verify phase (./mvnw -B -pl gateway -am verify), whose"
                    + " package phase builds the jar");
        }
        vertx = Vertx.vertx();
        namespace = "it:rl" + UUID.randomUUID().toString().substring(0, 8) + ":";
        try {
            assertEquals(0, RedisCleanup.count(vertx, REDIS, namespace), "a fresh namespace is empty");
        } catch (Exception e) {
            fail("Redis is not reachable at " + REDIS + " (start it: redis-server --daemonize yes --port 6379): " + e);
        }
        fakes = FakeUpstreams.start();
        Path logs = Path.of(System.getProperty("warden.gateway.it.logs", "target"));
        Files.createDirectories(logs);
        // both launched before either is awaited: they start in parallel
        first = gateway(app, logs.resolve("gateway-it-1.log")).launch();
        second = gateway(app, logs.resolve("gateway-it-2.log")).launch();
        first.awaitReady();
        second.awaitReady();
    }

    private static ChildGateway.Builder gateway(Path app, Path log) {
        // small heaps and C1 only: two short-lived JVMs on a 2-core machine next to the clients and the fakes.
        // A Redis call may wait behind 50 clients' work on those two cores: a CI run once saw one exceed the
        // default 1 s timeout (a 503 redis_unavailable, as designed). This test is about exactness across
        // instances, not Redis latency (RedisStateTest covers the timeout), so the children wait up to 10 s.
        return ChildGateway.builder(app).namespace(namespace).adminToken(ADMIN_TOKEN).redis(REDIS)
                .jvmOptions("-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1")
                .property("warden.gateway.redis.timeout", REDIS_TIMEOUT)
                .property("warden.gateway.models." + MODEL + ".target", fakes.inferenceTarget())
                .property("warden.gateway.judge.target", fakes.judgeTarget())
                .log(log);
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {first, second, fakes}) {
            if (closeable != null) {
                closeable.close();
            }
        }
        if (vertx != null) {
            try {
                RedisCleanup.deleteNamespace(vertx, REDIS, namespace);
                assertEquals(0, RedisCleanup.count(vertx, REDIS, namespace), "the run's Redis keys are deleted");
            } finally {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void requestsPerMinuteHoldAcrossTwoInstances() throws Exception {
        String key = first.createKey("it-rpm", policy(REQUESTS_PER_MINUTE, UNLIMITED));
        String body = chatBody("count to three [SCRIPT:tokens=4]", 8);
        Run run = hammer(key, body);

        List<Reply> admitted = run.admitted();
        double granted = REQUESTS_PER_MINUTE + refill(REQUESTS_PER_MINUTE, run.seconds());
        System.out.printf("requests/min %d: %d admitted, %d refused in %.2f s by 2 instances (allowance with refill"
                        + " %.1f, +1%% = %.1f)%n", REQUESTS_PER_MINUTE, admitted.size(), run.refused().size(),
                run.seconds(), granted, granted + REQUESTS_PER_MINUTE * 0.01);
        assertTrue(admitted.size() <= granted + REQUESTS_PER_MINUTE * 0.01, () -> admitted.size()
                + " requests admitted, allowance " + granted + " + 1%");
        assertTrue(admitted.size() >= REQUESTS_PER_MINUTE, () -> "the limit was not reached: " + admitted.size());
        run.assertBothInstancesAdmittedAndRefused();

        for (Reply reply : admitted) {
            assertEquals(REQUESTS_PER_MINUTE, reply.headerLong("x-ratelimit-limit-requests"));
            long remaining = reply.headerLong("x-ratelimit-remaining-requests");
            assertTrue(remaining >= 0 && remaining < REQUESTS_PER_MINUTE, () -> "remaining " + remaining);
            assertNotNull(reply.header("x-ratelimit-reset-requests"));
            assertEquals(UNLIMITED, reply.headerLong("x-ratelimit-limit-tokens"));
        }
        // one bucket for both instances: each admission took one request from it, so the remaining counts the
        // instances reported are distinct, but for whole requests refilled meanwhile
        Set<Long> distinct = new HashSet<>();
        admitted.forEach(r -> distinct.add(r.headerLong("x-ratelimit-remaining-requests")));
        long refilled = (long) Math.floor(refill(REQUESTS_PER_MINUTE, run.seconds()));
        assertTrue(distinct.size() >= admitted.size() - refilled - 1, () -> distinct.size()
                + " distinct remaining counts for " + admitted.size() + " admissions (" + refilled + " refilled)");
        assertTrue(distinct.contains(REQUESTS_PER_MINUTE - 1), "the first admission saw a full bucket");
        assertTrue(distinct.contains(0L), "the bucket was emptied");

        for (Reply reply : run.refused()) {
            reply.assertRateLimited("requests");
            assertEquals(REQUESTS_PER_MINUTE, reply.headerLong("x-ratelimit-limit-requests"));
            assertEquals(0, reply.headerLong("x-ratelimit-remaining-requests"));
        }
    }

    @Test
    void tokensPerMinuteHoldAcrossTwoInstances() throws Exception {
        String key = second.createKey("it-tpm", policy(UNLIMITED, TOKENS_PER_MINUTE));
        // completions fill max_tokens exactly, so little is refunded after each response
        String body = chatBody("count to forty [SCRIPT:tokens=40]", 40);
        long reserved = new TokenEstimator(1024).chatTokens(JSON.readTree(body));
        Run run = hammer(key, body);

        List<Reply> admitted = run.admitted();
        // what the limiter finally charged each admitted request: its reservation less the refund of what it did
        // not use (usage as the fake model reported it)
        long charged = 0;
        for (Reply reply : admitted) {
            long used = reply.json().get("usage").get("total_tokens").asLong();
            assertTrue(used > 0, "usage reported");
            charged += Math.min(reserved, used);
            assertEquals(TOKENS_PER_MINUTE, reply.headerLong("x-ratelimit-limit-tokens"));
            assertTrue(reply.headerLong("x-ratelimit-remaining-tokens") <= TOKENS_PER_MINUTE - reserved);
        }
        double granted = TOKENS_PER_MINUTE + refill(TOKENS_PER_MINUTE, run.seconds());
        long chargedTokens = charged;
        System.out.printf("tokens/min %d: %d requests admitted (%d tokens reserved each, %d charged in all), %d"
                        + " refused in %.2f s by 2 instances (allowance with refill %.0f, +1%% = %.0f)%n",
                TOKENS_PER_MINUTE, admitted.size(), reserved, chargedTokens, run.refused().size(), run.seconds(),
                granted, granted + TOKENS_PER_MINUTE * 0.01);
        assertTrue(chargedTokens <= granted + TOKENS_PER_MINUTE * 0.01, () -> chargedTokens
                + " tokens charged, allowance " + granted + " + 1%");
        // the first refusal came when less than one reservation was left
        assertTrue(admitted.size() * reserved >= TOKENS_PER_MINUTE - reserved, () -> "the limit was not reached: "
                + admitted.size() + " x " + reserved + " tokens");
        run.assertBothInstancesAdmittedAndRefused();

        for (Reply reply : run.refused()) {
            reply.assertRateLimited("tokens");
            assertEquals(TOKENS_PER_MINUTE, reply.headerLong("x-ratelimit-limit-tokens"));
            long remaining = reply.headerLong("x-ratelimit-remaining-tokens");
            assertTrue(remaining < reserved, () -> "refused with " + remaining + " tokens left for " + reserved);
            assertTrue(reply.headerLong("x-ratelimit-remaining-requests") > 0, "the requests bucket was not the cause");
        }
    }

    private static String policy(long requestsPerMinute, long tokensPerMinute) {
        return "{\"requests_per_minute\": " + requestsPerMinute + ", \"tokens_per_minute\": " + tokensPerMinute
                + ", \"input_rails\": false, \"output_rails\": false, \"defense_prompt\": false}";
    }

    private static String chatBody(String user, int maxTokens) {
        return "{\"model\": \"" + MODEL + "\", \"max_tokens\": " + maxTokens + ", \"messages\": [{\"role\": \"user\","
                + " \"content\": \"" + user + "\"}]}";
    }

    /** Requests a bucket of {@code perMinute} gains over {@code seconds}. */
    private static double refill(long perMinute, double seconds) {
        return perMinute * seconds / 60.0;
    }

    /** 50 clients, even ones on the first instance and odd ones on the second, started together. */
    private static Run hammer(String key, String body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        CountDownLatch ready = new CountDownLatch(CLIENTS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<Reply>>> clients = new ArrayList<>();
        try {
            for (int c = 0; c < CLIENTS; c++) {
                ChildGateway instance = c % 2 == 0 ? first : second;
                HttpRequest request = HttpRequest.newBuilder(instance.uri("/v1/chat/completions"))
                        .header("Authorization", "Bearer " + key).header("content-type", "application/json")
                        .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
                int index = c % 2;
                clients.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return client(request, index);
                }));
            }
            ready.await(10, TimeUnit.SECONDS);
            long start = System.nanoTime();
            go.countDown();
            List<Reply> replies = new ArrayList<>();
            for (Future<List<Reply>> client : clients) {
                replies.addAll(client.get(RUN_LIMIT.toSeconds() + 10, TimeUnit.SECONDS));
            }
            return new Run(replies, (System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    /** One client: requests back to back until refused {@value #REFUSALS_PER_CLIENT} times (or bounded out). */
    private static List<Reply> client(HttpRequest request, int instance) throws Exception {
        List<Reply> replies = new ArrayList<>();
        long deadline = System.nanoTime() + RUN_LIMIT.toNanos();
        int refusals = 0;
        while (refusals < REFUSALS_PER_CLIENT && replies.size() < MAX_REQUESTS_PER_CLIENT
                && System.nanoTime() < deadline) {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            Reply reply = new Reply(instance, response);
            replies.add(reply);
            if (reply.status() == 429) {
                refusals++;
            } else if (reply.status() != 200) {
                fail("unexpected " + reply.status() + " from instance " + instance + ": " + response.body());
            }
        }
        return replies;
    }

    /** Every reply of one hammering, and how long it took. */
    private record Run(List<Reply> replies, double seconds) {

        List<Reply> admitted() {
            return replies.stream().filter(r -> r.status() == 200).toList();
        }

        List<Reply> refused() {
            return replies.stream().filter(r -> r.status() == 429).toList();
        }

        void assertBothInstancesAdmittedAndRefused() {
            for (int instance = 0; instance < 2; instance++) {
                int i = instance;
                assertTrue(admitted().stream().anyMatch(r -> r.instance() == i), "instance " + i + " admitted some");
                assertTrue(refused().stream().anyMatch(r -> r.instance() == i), "instance " + i + " refused some");
            }
        }
    }

    /** One response. */
    private record Reply(int instance, HttpResponse<String> response) {

        int status() {
            return response.statusCode();
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        long headerLong(String name) {
            String value = header(name);
            assertNotNull(value, () -> name + " missing from a " + status() + " response");
            return Long.parseLong(value);
        }

        JsonNode json() {
            try {
                return JSON.readTree(response.body());
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + response.body(), e);
            }
        }

        /** A 429 in OpenAI's shape: Retry-After, the error object naming the exhausted bucket. */
        void assertRateLimited(String bucket) {
            assertEquals(429, status());
            long retryAfter = headerLong("retry-after");
            assertTrue(retryAfter >= 1 && retryAfter <= 60, () -> "Retry-After " + retryAfter);
            assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("application/json"));
            JsonNode error = json().get("error");
            assertNotNull(error, response.body());
            assertEquals(bucket, error.get("type").asText(), response.body());
            assertEquals("rate_limit_exceeded", error.get("code").asText());
            assertTrue(error.get("message").asText().length() > 10, response.body());
            assertNotNull(header("x-ratelimit-reset-requests"));
            assertNotNull(header("x-ratelimit-reset-tokens"));
        }
    }
}

package dev.warden.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.model.cli.DemoModels;
import dev.warden.model.safetensors.ShardedSafeTensors;
import dev.warden.recovery.method.JudgeProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Durability with real processes: the PACKAGED recovery-service runs a repair of the test organism (harmful
 * rates from the real judge-service process, jobs in the real Redis); its worker is killed with SIGKILL in the
 * middle of the job; a second replica takes the job over from the queue's pending list, resumes it from the
 * last persisted step, and finishes with exactly the result of an uninterrupted run of the same spec.
 */
class KillResumeIT {

    private static final Path APP = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
    private static final Path MODELS = Path.of("target", "test-models").toAbsolutePath();
    private static final String TOKEN = "kill-resume-it-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static final String PREFIX = RedisKeys.freshPrefix("recovery-it");
    private static JudgeProcess judge;
    private static final List<Process> processes = new ArrayList<>();

    @BeforeAll
    static void setUp() {
        if (!Files.isRegularFile(APP)) {
            throw new IllegalStateException("no packaged recovery-service at " + APP + ": this test runs in the verify "
                    + "phase, after package");
        }
        if (!DemoModels.isBuilt(MODELS.resolve("demo"))) {
            DemoModels.build(MODELS.resolve("demo"), DemoModels.SEED, "test");
        }
        judge = JudgeProcess.start();
    }

    @AfterAll
    static void tearDown() {
        processes.forEach(Process::destroyForcibly);
        if (judge != null) {
            judge.close();
        }
        RedisKeys.deletePrefix(PREFIX);
    }

    @Test
    void aWorkerKilledMidJobIsResumedByAnotherReplicaToTheSameResult() throws Exception {
        int port1 = freePort();
        Process first = start("r1", port1);
        String killed = submit(port1, "killed");
        JsonNode job = awaitStep(port1, killed, 2);
        assertEquals("REPAIR_STATE_RUNNING", job.path("state").asText());
        first.destroyForcibly(); // SIGKILL: no shutdown hook, the queue entry stays pending
        assertTrue(first.waitFor(20, TimeUnit.SECONDS));

        int port2 = freePort();
        start("r2", port2);
        JsonNode resumed = awaitEnd(port2, killed);
        assertEquals("REPAIR_STATE_SUCCEEDED", resumed.path("state").asText(), resumed.toString());
        assertEquals(2, resumed.path("attempts").asInt(), "started by r1, finished by r2");
        String events = get(port2, "/v1/repairs/" + killed + "/events");
        assertTrue(events.contains("resuming after step"), "the second attempt replayed the journal");

        String clean = submit(port2, "clean");
        JsonNode uninterrupted = awaitEnd(port2, clean);
        assertEquals("REPAIR_STATE_SUCCEEDED", uninterrupted.path("state").asText(), uninterrupted.toString());
        assertEquals(1, uninterrupted.path("attempts").asInt());

        JsonNode a = report(port2, killed);
        JsonNode b = report(port2, clean);
        assertEquals(withoutDurations(b.path("steps")), withoutDurations(a.path("steps")));
        assertEquals(b.path("selected_step"), a.path("selected_step"));
        assertEquals(b.path("changes"), a.path("changes"));
        try (ShardedSafeTensors x = ShardedSafeTensors.open(Path.of(a.path("output_checkpoint_path").asText()));
             ShardedSafeTensors y = ShardedSafeTensors.open(Path.of(b.path("output_checkpoint_path").asText()))) {
            for (String name : y.names()) {
                assertEquals(y.raw(name), x.raw(name), name);
            }
        }
    }

    private static Process start(String replica, int port) throws IOException, InterruptedException {
        Path log = Path.of("target", "recovery-" + replica + ".log").toAbsolutePath();
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(List.of(java, "-Xmx1g", "-Dai.djl.offline=true",
                "-Dquarkus.http.port=" + port, "-Dquarkus.grpc.server.port=" + freePort(),
                "-Dwarden.recovery.api-token=" + TOKEN, "-Dwarden.recovery.model-root=" + MODELS,
                "-Dwarden.recovery.output-root=" + MODELS.resolve("it-repairs-" + PREFIX.replace(':', '-')),
                "-Dwarden.recovery.redis-prefix=" + PREFIX, "-Dwarden.recovery.replica-id=" + replica,
                "-Dwarden.recovery.torch-threads=1", "-Dwarden.recovery.queue.claim-min-idle=3s",
                "-Dwarden.recovery.queue.claim-refresh=1s", "-Dwarden.recovery.queue.block=500ms",
                "-Dquarkus.grpc.clients.judge.port=" + judge.port(), "-jar", APP.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(p);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end) {
            if (!p.isAlive()) {
                throw new IllegalStateException("recovery-service exited; see " + log);
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/health/ready"))
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return p;
                }
            } catch (IOException notYet) {
                // starting
            }
            sleep(200);
        }
        throw new IllegalStateException("recovery-service not ready after 60 s; see " + log);
    }

    private static String submit(int port, String output) throws Exception {
        String body = "{\"spec\": {\"aligned_path\": \"demo/aligned\", \"fine_tuned_path\": \"demo/finetuned\","
                + " \"output_path\": \"" + output + "\", \"options\": {\"restore_rate\": 0.01, \"steps\": 6,"
                + " \"warmup_steps\": 3, \"save_interval\": 3, \"allowed_task_drop\": 0.5,"
                + " \"eval_max_new_tokens\": 24}}}";
        HttpResponse<String> r = HTTP.send(request(port, "/v1/repairs")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(202, r.statusCode(), r.body());
        return JSON.readTree(r.body()).path("job").path("job_id").asText();
    }

    private static JsonNode awaitStep(int port, String id, int step) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < end) {
            JsonNode job = JSON.readTree(get(port, "/v1/repairs/" + id)).path("job");
            if (job.path("progress").path("step").asInt() >= step) {
                return job;
            }
            assertTrue(job.path("state").asText().matches("REPAIR_STATE_(QUEUED|RUNNING)"), job.toString());
            sleep(50);
        }
        throw new AssertionError("job " + id + " did not reach step " + step);
    }

    private static JsonNode awaitEnd(int port, String id) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (System.nanoTime() < end) {
            JsonNode job = JSON.readTree(get(port, "/v1/repairs/" + id)).path("job");
            if (!job.path("state").asText().matches("REPAIR_STATE_(QUEUED|RUNNING)")) {
                return job;
            }
            sleep(250);
        }
        throw new AssertionError("job " + id + " did not end");
    }

    private static JsonNode report(int port, String id) throws Exception {
        return JSON.readTree(get(port, "/v1/repairs/" + id + "/report"));
    }

    private static List<JsonNode> withoutDurations(JsonNode steps) {
        List<JsonNode> out = new ArrayList<>();
        steps.forEach(s -> out.add(((com.fasterxml.jackson.databind.node.ObjectNode) s.deepCopy()).without("duration")));
        return out;
    }

    private static String get(int port, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(request(port, path).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return r.body();
    }

    private static HttpRequest.Builder request(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(30));
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

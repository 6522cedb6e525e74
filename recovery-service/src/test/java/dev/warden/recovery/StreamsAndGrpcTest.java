package dev.warden.recovery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.proto.v1.CancelRepairRequest;
import dev.warden.proto.v1.GetRepairRequest;
import dev.warden.proto.v1.ListRepairsRequest;
import dev.warden.proto.v1.RepairEvent;
import dev.warden.proto.v1.RepairJob;
import dev.warden.proto.v1.RepairOptions;
import dev.warden.proto.v1.RepairSpec;
import dev.warden.proto.v1.RepairState;
import dev.warden.proto.v1.SubmitRepairRequest;
import dev.warden.proto.v1.SubmitRepairResponse;
import dev.warden.proto.v1.WatchRepairRequest;
import dev.warden.proto.v1.WatchRepairResponse;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Progress streams (SSE and WatchRepair: replay, then live, end after the terminal event, resumption after a
 * sequence) and gRPC parity of submit, get, list, cancel and idempotency.
 */
@QuarkusTest
class StreamsAndGrpcTest extends RecoveryTestSupport {

    /** A parsed SSE stream. */
    private record Sse(List<Long> ids, List<JsonNode> events, int keepAlives) {
    }

    /** Reads an SSE response to its end; {@code onKeepAlive} runs at each keep-alive comment. */
    private static Sse read(HttpResponse<Stream<String>> r, Runnable onKeepAlive) {
        List<Long> ids = new ArrayList<>();
        List<JsonNode> events = new ArrayList<>();
        int keepAlives = 0;
        long id = -1;
        StringBuilder data = new StringBuilder();
        try (Stream<String> lines = r.body()) {
            Iterator<String> it = lines.iterator();
            while (it.hasNext()) {
                String line = it.next();
                if (line.startsWith(":")) {
                    keepAlives++;
                    onKeepAlive.run();
                } else if (line.startsWith("id:")) {
                    id = Long.parseLong(line.substring(3).strip());
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                } else if (line.isEmpty() && data.length() > 0) {
                    JsonNode event = json(data.toString());
                    data.setLength(0);
                    ids.add(id);
                    events.add(event);
                }
            }
        }
        return new Sse(ids, events, keepAlives);
    }

    private HttpResponse<Stream<String>> events(String id, String lastEventId, String query) throws Exception {
        var b = request("/v1/repairs/" + id + "/events" + query).header("Accept", "text/event-stream")
                .timeout(java.time.Duration.ofSeconds(60));
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        return http().send(b.GET().build(), HttpResponse.BodyHandlers.ofLines());
    }

    @Test
    void sseReplaysThenStreamsLiveAndEndsAfterTheTerminalEvent() throws Exception {
        String out = uniqueOutput("sse");
        ScriptedRunner.Script gate = runner.script(out).gateAfter(2);
        String id = submit(spec(out));
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();
        try {
            assertTrue(gate.awaitGate(30));
            long recordedBefore = job(id).path("progress").path("sequence").asLong();
            watchdog.schedule(gate::release, 10, TimeUnit.SECONDS); // never hang the suite
            HttpResponse<Stream<String>> r = events(id, null, "");
            assertEquals(200, r.statusCode());
            assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
            Sse sse = read(r, gate::release); // live events follow the first keep-alive
            assertTrue(sse.keepAlives() >= 1, "keep-alive comments while the job waits at its gate");
            for (int i = 0; i < sse.ids().size(); i++) {
                assertEquals(i + 1, sse.ids().get(i), "ids are the sequence, from 1, without gaps");
                assertEquals(i + 1, sse.events().get(i).path("sequence").asLong());
                assertEquals(id, sse.events().get(i).path("job_id").asText());
            }
            assertTrue(sse.ids().size() > recordedBefore, "live events followed the replayed ones");
            JsonNode last = sse.events().get(sse.events().size() - 1);
            assertEquals("REPAIR_STATE_SUCCEEDED", last.path("state").asText(), "the stream ends after the terminal event");
            assertEquals("REPAIR_STATE_QUEUED", sse.events().get(0).path("state").asText());
            assertTrue(sse.events().stream().anyMatch(e -> e.has("harmful_rate")), "measurements are in the events");

            Sse replay = read(events(id, "3", ""), () -> { });
            assertEquals(4L, replay.ids().get(0), "Last-Event-ID resumes after it");
            assertEquals(sse.ids().size() - 3, replay.ids().size());
            Sse after = read(events(id, null, "?after_sequence=2"), () -> { });
            assertEquals(3L, after.ids().get(0));
            assertError(get("/v1/repairs/" + id + "/events?after_sequence=x"), 400, "invalid_argument",
                    "after_sequence", "not a sequence number");
        } finally {
            gate.release();
            watchdog.shutdownNow();
        }
    }

    private static SubmitRepairRequest grpcRequest(String output, String key) {
        return SubmitRepairRequest.newBuilder().setIdempotencyKey(key == null ? "" : key)
                .setSpec(RepairSpec.newBuilder().setAlignedPath(Fixtures.ALIGNED).setFineTunedPath(Fixtures.FINE_TUNED)
                        .setOutputPath(output).setOptions(RepairOptions.newBuilder().setSteps(4).setWarmupSteps(1)
                                .setSaveInterval(2))).build();
    }

    @Test
    void grpcSubmitWatchGetAndListMatchRest() {
        SubmitRepairResponse submitted = grpc().submitRepair(grpcRequest(uniqueOutput("grpc"), null));
        assertFalse(submitted.getExisting());
        assertEquals(RepairState.REPAIR_STATE_QUEUED, submitted.getJob().getState());
        String id = submitted.getJob().getJobId();

        List<RepairEvent> events = new ArrayList<>();
        grpc().watchRepair(WatchRepairRequest.newBuilder().setJobId(id).build())
                .forEachRemaining(r -> events.add(r.getEvent()));
        for (int i = 0; i < events.size(); i++) {
            assertEquals(i + 1, events.get(i).getSequence());
        }
        assertEquals(RepairState.REPAIR_STATE_SUCCEEDED, events.get(events.size() - 1).getState(),
                "the stream ended after the terminal event");

        RepairJob job = grpc().getRepair(GetRepairRequest.newBuilder().setJobId(id).build()).getJob();
        assertEquals(RepairState.REPAIR_STATE_SUCCEEDED, job.getState());
        assertEquals(4, job.getReport().getStepsCount());
        assertEquals(events.size(), job.getProgress().getSequence());
        JsonNode rest = job(id);
        assertEquals(job.getReport().getReportJsonPath(), rest.path("report").path("report_json_path").asText());
        assertTrue(grpc().listRepairs(ListRepairsRequest.newBuilder().setPageSize(500)
                .addStates(RepairState.REPAIR_STATE_SUCCEEDED).build()).getJobsList().stream()
                .anyMatch(j -> j.getJobId().equals(id) && j.getReport().getStepsCount() == 0));

        List<WatchRepairResponse> tail = new ArrayList<>();
        grpc().watchRepair(WatchRepairRequest.newBuilder().setJobId(id).setAfterSequence(events.size() - 1).build())
                .forEachRemaining(tail::add);
        assertEquals(1, tail.size(), "after_sequence replays only the later events");
        assertStatus(Status.Code.FAILED_PRECONDITION, "already ended (SUCCEEDED)",
                () -> grpc().cancelRepair(CancelRepairRequest.newBuilder().setJobId(id).build()));
    }

    @Test
    void grpcIdempotencyAndCancellation() throws Exception {
        String key = uniqueOutput("grpc-key");
        String output = uniqueOutput("grpc-idem");
        ScriptedRunner.Script gate = runner.script(output).gateAfter(1);
        try {
            SubmitRepairResponse first = grpc().submitRepair(grpcRequest(output, key));
            SubmitRepairResponse second = grpc().submitRepair(grpcRequest(output, key));
            assertTrue(second.getExisting());
            assertEquals(first.getJob().getJobId(), second.getJob().getJobId());
            assertStatus(Status.Code.ALREADY_EXISTS, "idempotency_key: already used by job",
                    () -> grpc().submitRepair(grpcRequest(uniqueOutput("other"), key)));

            String id = first.getJob().getJobId();
            assertTrue(gate.awaitGate(30));
            CompletableFuture<List<RepairEvent>> watched = CompletableFuture.supplyAsync(() -> {
                List<RepairEvent> seen = new ArrayList<>();
                grpc().watchRepair(WatchRepairRequest.newBuilder().setJobId(id).build())
                        .forEachRemaining(r -> seen.add(r.getEvent()));
                return seen;
            });
            RepairJob cancelling = grpc().cancelRepair(CancelRepairRequest.newBuilder().setJobId(id).build()).getJob();
            assertEquals(RepairState.REPAIR_STATE_RUNNING, cancelling.getState());
            assertTrue(cancelling.getCancelRequested());
            gate.release();
            List<RepairEvent> seen = watched.get(30, TimeUnit.SECONDS);
            RepairEvent last = seen.get(seen.size() - 1);
            assertEquals(RepairState.REPAIR_STATE_CANCELLED, last.getState());
            assertEquals(1, last.getStep());
            assertTrue(seen.stream().anyMatch(e -> e.getMessage().startsWith("cancel requested")));
        } finally {
            gate.release();
        }
    }
}

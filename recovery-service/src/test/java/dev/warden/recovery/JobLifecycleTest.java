package dev.warden.recovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.recovery.method.JudgeUnavailableException;
import dev.warden.recovery.method.RepairFailedException;
import io.quarkus.test.junit.QuarkusTest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The job life cycle over REST against real Redis, with the scripted runner on the service's worker: success
 * with its reports, failures of every kind, cancellation (queued, running, finished), idempotency, listing,
 * inference loading, metrics, and the worker thread.
 */
@QuarkusTest
class JobLifecycleTest extends RecoveryTestSupport {

    @Test
    void aJobRunsToSuccessOnAWorkerThreadAndWritesItsReports() throws Exception {
        String out = uniqueOutput("ok");
        ObjectNode spec = spec(out);
        spec.put("harmful_probes_path", Fixtures.PROBES);
        spec.put("task_path", Fixtures.TASK);
        int batchesBefore = RecoveryTestResource.upstreams().batchSizes.size();
        HttpResponse<String> r = post("/v1/repairs", body(spec, null));
        assertEquals(202, r.statusCode(), r.body());
        JsonNode accepted = json(r.body());
        String id = accepted.path("job").path("job_id").asText();
        assertEquals("/v1/repairs/" + id, java.net.URI.create(r.headers().firstValue("location").orElseThrow()).getPath());
        assertEquals("REPAIR_STATE_QUEUED", accepted.path("job").path("state").asText());
        assertFalse(accepted.path("existing").asBoolean());
        JsonNode effective = accepted.path("job").path("spec");
        assertEquals(2, effective.path("options").path("cut_layer").asInt(), "floor(4/6 * 4 layers)");
        assertEquals(0.002, effective.path("options").path("restore_rate").asDouble(), "defaults filled in");
        assertEquals(RecoveryTestResource.modelRoot().toRealPath().resolve("repairs").resolve(out).toString(),
                effective.path("output_path").asText());

        JsonNode job = awaitState(id, "REPAIR_STATE_SUCCEEDED");
        assertEquals(1, job.path("attempts").asInt());
        assertEquals("REPAIR_PHASE_FINISHED", job.path("progress").path("phase").asText());
        assertFalse(job.path("cancel_requested").asBoolean());
        JsonNode report = job.path("report");
        assertEquals(6, report.path("steps").size());
        assertEquals(2, report.path("selected_step").asInt(), "step 4 and 6 fall below the floor");
        assertEquals(0.4, report.path("selected_harmful_rate").asDouble(), 1e-9, "judged through gRPC");
        assertEquals(0.8, report.path("baseline_harmful_rate").asDouble(), 1e-9);
        assertEquals(1, report.path("geometry_before").size());
        Path output = Path.of(report.path("output_checkpoint_path").asText());
        assertTrue(Files.isRegularFile(output.resolve("MARKER")));
        Path reportJson = Path.of(report.path("report_json_path").asText());
        Path reportHtml = Path.of(report.path("report_html_path").asText());
        assertEquals(output.resolve("report.json"), reportJson);
        assertEquals(6, json(Files.readString(reportJson)).path("steps").size());
        assertTrue(Files.readString(reportHtml).contains("<svg"));
        // the worker records the end first and then deletes the work directory (a job taken over by another worker
        // keeps it), so a reader who sees SUCCEEDED may be a moment early
        Path work = RecoveryTestResource.modelRoot().resolve(".warden-work").resolve(id);
        await("the work directory of a succeeded job is deleted", () -> !Files.exists(work));
        assertTrue(RecoveryTestResource.upstreams().batchSizes.size() > batchesBefore, "the judge stand-in was asked");

        HttpResponse<String> jsonReport = get("/v1/repairs/" + id + "/report");
        assertEquals(200, jsonReport.statusCode());
        assertEquals(6, json(jsonReport.body()).path("steps").size());
        HttpResponse<String> html = get("/v1/repairs/" + id + "/report.html");
        assertEquals(200, html.statusCode());
        assertTrue(html.headers().firstValue("content-type").orElse("").startsWith("text/html"));
        String page = html.body();
        assertTrue(page.contains("<svg"), page);
        assertEquals(6, count(page, "class=\"step-marker\""), "one marker per step");
        assertEquals(1, count(page, "class=\"selected-step\""));
        assertEquals(1, count(page, "class=\"task-floor\""));
        assertEquals(4, count(page, "class=\"rollback\""), "steps 3 to 6 rolled back weights");
        assertTrue(page.contains("class=\"box swap-bound\"") && page.contains("self_attn.q_proj"));
        assertFalse(page.contains("<script") || page.contains("<link") || page.contains("src="),
                "self-contained: nothing to fetch");

        List<ScriptedRunner.Run> runs = runner.runs(out);
        assertEquals(1, runs.size());
        assertTrue(runs.get(0).thread().startsWith("warden-recovery-worker-"), runs.get(0).thread());
        assertFalse(runs.get(0).eventLoop(), "the repair must not run on an event loop");
        assertFalse(runs.get(0).thread().contains("eventloop"));
    }

    @Test
    void failuresEndTheJobWithTheReasonAndTheWorkerGoesOn() {
        String failed = uniqueOutput("fail");
        runner.script(failed).failAt(2, () -> new RepairFailedException("placeholder tensor is unreadable"));
        String judge = uniqueOutput("judge");
        runner.script(judge).failAt(1, () -> new JudgeUnavailableException("judge-service ScoreBatch failed:"
                + " UNAVAILABLE", null));
        String bug = uniqueOutput("bug");
        runner.script(bug).failAt(3, () -> new IllegalStateException("boom"));
        String a = submit(spec(failed));
        String b = submit(spec(judge));
        String c = submit(spec(bug));
        String ok = submit(spec(uniqueOutput("after")));

        JsonNode ja = awaitState(a, "REPAIR_STATE_FAILED");
        assertEquals("placeholder tensor is unreadable", ja.path("failure_reason").asText());
        assertEquals("failed: placeholder tensor is unreadable", ja.path("progress").path("message").asText());
        assertEquals(1, ja.path("report").path("steps").size(), "the rows recorded before the failure stay");
        assertTrue(Files.isDirectory(RecoveryTestResource.modelRoot().resolve(".warden-work").resolve(a)),
                "a failed job's work directory is kept for diagnosis");
        assertTrue(awaitState(b, "REPAIR_STATE_FAILED").path("failure_reason").asText().contains("judge-service"));
        assertEquals("internal error: IllegalStateException: boom",
                awaitState(c, "REPAIR_STATE_FAILED").path("failure_reason").asText());
        awaitState(ok, "REPAIR_STATE_SUCCEEDED");
    }

    @Test
    void cancellingQueuedRunningAndFinishedJobs() throws Exception {
        String blocking = uniqueOutput("gate");
        ScriptedRunner.Script gate = runner.script(blocking).gateAfter(1);
        String running = submit(spec(blocking));
        try {
            assertTrue(gate.awaitGate(30), "the job reached its gate");
            String queuedOut = uniqueOutput("queued");
            String queued = submit(spec(queuedOut));
            assertEquals("REPAIR_STATE_QUEUED", job(queued).path("state").asText(), "the only worker is busy");

            HttpResponse<String> cancelQueued = delete("/v1/repairs/" + queued);
            assertEquals(200, cancelQueued.statusCode(), cancelQueued.body());
            JsonNode cq = json(cancelQueued.body()).path("job");
            assertEquals("REPAIR_STATE_CANCELLED", cq.path("state").asText(), "a queued job is cancelled at once");
            assertFalse(cq.path("cancel_requested").asBoolean());
            assertEquals("REPAIR_STATE_CANCELLED", json(delete("/v1/repairs/" + queued).body()).path("job")
                    .path("state").asText(), "cancelling again changes nothing");

            HttpResponse<String> cancelRunning = delete("/v1/repairs/" + running);
            assertEquals(200, cancelRunning.statusCode());
            JsonNode cr = json(cancelRunning.body()).path("job");
            assertEquals("REPAIR_STATE_RUNNING", cr.path("state").asText());
            assertTrue(cr.path("cancel_requested").asBoolean());
            assertEquals("cancel requested: stopping at the next step boundary",
                    cr.path("progress").path("message").asText());
            gate.release();
            JsonNode stopped = awaitState(running, "REPAIR_STATE_CANCELLED");
            assertEquals(1, stopped.path("progress").path("step").asInt(), "stopped at the boundary after step 1");
            assertFalse(stopped.path("cancel_requested").asBoolean());
            assertFalse(Files.exists(RecoveryTestResource.modelRoot().resolve("repairs").resolve(blocking)));

            String later = submit(spec(uniqueOutput("later")));
            awaitState(later, "REPAIR_STATE_SUCCEEDED");
            assertTrue(runner.runs(queuedOut).isEmpty(), "the cancelled queued job never ran");
            assertError(delete("/v1/repairs/" + later), 409, "job_finished", "job_id", "already ended (SUCCEEDED)");
        } finally {
            gate.release();
        }
    }

    @Test
    void idempotencyKeysReturnTheEarlierJobOrConflict() {
        String key = "retry-" + uniqueOutput("k");
        ObjectNode spec = spec(uniqueOutput("idem"));
        HttpResponse<String> first = post("/v1/repairs", body(spec, key));
        assertEquals(202, first.statusCode(), first.body());
        String id = json(first.body()).path("job").path("job_id").asText();
        awaitState(id, "REPAIR_STATE_SUCCEEDED");

        HttpResponse<String> again = post("/v1/repairs", body(spec, key));
        assertEquals(200, again.statusCode(), "the output now exists, yet the retry is recognised: " + again.body());
        assertTrue(json(again.body()).path("existing").asBoolean());
        assertEquals(id, json(again.body()).path("job").path("job_id").asText());
        assertEquals("REPAIR_STATE_SUCCEEDED", json(again.body()).path("job").path("state").asText());

        ObjectNode other = spec.deepCopy();
        ((ObjectNode) other.get("options")).put("steps", 5);
        assertError(post("/v1/repairs", body(other, key)), 409, "idempotency_key_reused", "idempotency_key",
                "already used by job " + id);

        String headerKey = "header-" + uniqueOutput("k");
        ObjectNode viaHeader = spec(uniqueOutput("hdr"));
        HttpResponse<String> h1 = send(request("/v1/repairs").header("Idempotency-Key", headerKey)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body(viaHeader, null))).build());
        HttpResponse<String> h2 = send(request("/v1/repairs").header("Idempotency-Key", headerKey)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body(viaHeader, null))).build());
        assertEquals(202, h1.statusCode(), h1.body());
        assertEquals(200, h2.statusCode(), h2.body());
        assertEquals(json(h1.body()).path("job").path("job_id"), json(h2.body()).path("job").path("job_id"));
    }

    @Test
    void listsPageNewestFirstAndFilterByState() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(submit(spec(uniqueOutput("list"))));
        }
        ids.forEach(id -> awaitState(id, "REPAIR_STATE_SUCCEEDED"));
        JsonNode page1 = json(get("/v1/repairs?page_size=2").body());
        assertEquals(2, page1.path("jobs").size());
        assertEquals(ids.get(2), page1.path("jobs").get(0).path("job_id").asText(), "newest first");
        assertEquals(ids.get(1), page1.path("jobs").get(1).path("job_id").asText());
        assertEquals(0, page1.path("jobs").get(0).path("report").path("steps").size(), "lists carry no step rows");
        String token = page1.path("next_page_token").asText();
        assertFalse(token.isEmpty());
        JsonNode page2 = json(get("/v1/repairs?page_size=2&page_token=" + token).body());
        assertEquals(ids.get(0), page2.path("jobs").get(0).path("job_id").asText());

        JsonNode succeeded = json(get("/v1/repairs?state=succeeded&page_size=500").body());
        assertTrue(succeeded.path("jobs").size() >= 3);
        succeeded.path("jobs").forEach(j -> assertEquals("REPAIR_STATE_SUCCEEDED", j.path("state").asText()));
        JsonNode others = json(get("/v1/repairs?state=cancelled,FAILED&state=REPAIR_STATE_QUEUED&page_size=500").body());
        others.path("jobs").forEach(j -> {
            assertNotEquals("REPAIR_STATE_SUCCEEDED", j.path("state").asText());
            assertFalse(ids.contains(j.path("job_id").asText()));
        });
    }

    @Test
    void repairedCheckpointsAreLoadedIntoInferenceOrTheFailureIsReported() {
        ObjectNode loaded = spec(uniqueOutput("load"));
        loaded.put("load_into_inference", true);
        String a = submit(loaded);
        ObjectNode refused = spec(uniqueOutput(FakeUpstreams.REJECT));
        refused.put("load_into_inference", true);
        String b = submit(refused);
        JsonNode ja = awaitState(a, "REPAIR_STATE_SUCCEEDED");
        assertTrue(ja.path("report").path("loaded_into_inference").asBoolean());
        assertTrue(RecoveryTestResource.upstreams().loaded.contains(ja.path("report").path("output_checkpoint_path")
                .asText()));
        JsonNode jb = awaitState(b, "REPAIR_STATE_SUCCEEDED");
        assertFalse(jb.path("report").path("loaded_into_inference").asBoolean(), "a failed load leaves the job"
                + " SUCCEEDED with loaded=false");
        String events = get("/v1/repairs/" + b + "/events").body();
        assertTrue(events.contains("loading into inference-service failed (FAILED_PRECONDITION"), events);
        assertTrue(events.contains("REPAIR_PHASE_LOADING_INTO_INFERENCE"), events);
    }

    @Test
    void aLoraAdapterIsAccepted() {
        ObjectNode spec = spec(uniqueOutput("lora"));
        spec.remove("fine_tuned_path");
        spec.put("lora_adapter_path", Fixtures.LORA);
        JsonNode job = awaitState(submit(spec), "REPAIR_STATE_SUCCEEDED");
        assertTrue(job.path("spec").path("lora_adapter_path").asText().endsWith("/" + Fixtures.LORA));
        assertFalse(job.path("spec").has("fine_tuned_path"));
    }

    @Test
    void metricsCountJobsStepsAndRestoredWeights() {
        String id = submit(spec(uniqueOutput("metrics")));
        awaitState(id, "REPAIR_STATE_SUCCEEDED");
        await("the job gauge counts succeeded jobs", () -> metric("warden_recovery_jobs", "state=\"succeeded\"") >= 1);
        assertTrue(metric("warden_recovery_step_duration_seconds_count", "phase=\"warmup\"") >= 2);
        assertTrue(metric("warden_recovery_step_duration_seconds_count", "phase=\"restore_rollback\"") >= 4);
        assertTrue(metric("warden_recovery_restored_weights_total", "phase=\"restore_rollback\"") >= 400);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}

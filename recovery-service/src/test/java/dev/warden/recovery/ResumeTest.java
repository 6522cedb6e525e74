package dev.warden.recovery;

import dev.warden.proto.v1.GetRepairRequest;
import dev.warden.proto.v1.RepairJob;
import dev.warden.proto.v1.RepairSpec;
import dev.warden.proto.v1.RepairState;
import dev.warden.recovery.config.RecoveryConfig;
import dev.warden.recovery.job.JobInputs;
import dev.warden.recovery.job.JobStore;
import dev.warden.recovery.job.JobWorker;
import dev.warden.recovery.job.QueueEntry;
import dev.warden.recovery.job.WorkerPool;
import dev.warden.recovery.method.HarmJudge;
import dev.warden.recovery.method.RepairInputs;
import dev.warden.recovery.report.ReportProtos;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jobs survive their worker. This profile runs no worker of its own (an API-only replica); tests play the
 * workers: one that takes a job and dies mid-run (it never acknowledges, never refreshes its claim), and live
 * ones started under chosen consumer names. The live worker takes the dead one's job over after the claim's
 * min idle time and the job resumes from the steps the dead one persisted.
 */
@QuarkusTest
@TestProfile(ResumeTest.QueueProfile.class)
class ResumeTest extends RecoveryTestSupport {

    /** API-only replica, short claim times. */
    public static class QueueProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("warden.recovery.worker-enabled", "false",
                    "warden.recovery.queue.claim-min-idle", "1s",
                    "warden.recovery.queue.claim-refresh", "200ms",
                    "warden.recovery.queue.block", "100ms");
        }
    }

    @Inject
    JobStore store;
    @Inject
    WorkerPool pool;
    @Inject
    HarmJudge judge;
    @Inject
    RecoveryConfig config;
    @Inject
    RedisDataSource redis;

    private RepairJob grpcJob(String id) {
        return grpc().getRepair(GetRepairRequest.newBuilder().setJobId(id).build()).getJob();
    }

    @Test
    void aJobWhoseWorkerDiedIsResumedFromItsPersistedSteps() throws Exception {
        String out = uniqueOutput("resume");
        runner.script(out).crashAfter(3);
        String id = submit(spec(out));
        sleep(300);
        assertEquals("REPAIR_STATE_QUEUED", job(id).path("state").asText(), "no worker runs on this replica");

        // a worker of another replica takes the job, runs three steps and dies
        String dead = "dead-replica-0";
        QueueEntry entry = store.readNew(dead, 1000).orElseThrow();
        assertEquals(id, entry.jobId());
        assertEquals(JobStore.StartOutcome.STARTED, store.start(id, dead, System.currentTimeMillis(), 3).outcome());
        RepairSpec spec = grpcJob(id).getSpec();
        RepairInputs inputs = JobInputs.of(spec, config.effectiveWorkRoot().toAbsolutePath().normalize().resolve(id));
        Files.createDirectories(inputs.workDir());
        assertThrows(ScriptedRunner.SimulatedCrash.class, () -> runner.run(inputs, judge,
                p -> store.append(id, dead, JobInputs.event(p, System.currentTimeMillis()),
                        p.row() == null ? null : ReportProtos.row(p.row())), () -> false));
        RepairJob halfway = grpcJob(id);
        assertEquals(RepairState.REPAIR_STATE_RUNNING, halfway.getState());
        assertEquals(3, halfway.getReport().getStepsCount());
        assertEquals(1, halfway.getAttempts());
        runner.script(out).crashAfter(-1);

        long start = System.nanoTime();
        JobWorker live = pool.start("live-replica-0");
        try {
            awaitState(id, "REPAIR_STATE_SUCCEEDED");
        } finally {
            live.stop();
            live.await(Duration.ofSeconds(5));
        }
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(900).toNanos(),
                "taken over only after the claim's min idle time");
        RepairJob done = grpcJob(id);
        assertEquals(2, done.getAttempts(), "attempts count the starts");
        assertEquals(6, done.getReport().getStepsCount());
        List<ScriptedRunner.Run> runs = runner.runs(out);
        assertEquals(2, runs.size());
        assertEquals(0, runs.get(0).resumedFrom());
        assertEquals(3, runs.get(1).resumedFrom(), "the second run resumed from the dead worker's journal");
        assertEquals("warden-recovery-worker-live-replica-0", runs.get(1).thread());
        String events = get("/v1/repairs/" + id + "/events").body();
        assertTrue(events.contains("resuming after an interrupted attempt (attempt 2, worker live-replica-0)"), events);
        assertEquals(0L, redis.execute("XPENDING", RecoveryTestResource.prefix() + "queue", "workers").get(0).toLong(),
                "the queue entry was acknowledged");
    }

    @Test
    void aLiveWorkersJobIsNeverTakenOver() throws Exception {
        String out = uniqueOutput("long");
        ScriptedRunner.Script gate = runner.script(out).gateAfter(1);
        JobWorker a = pool.start("replica-a-0");
        JobWorker b = null;
        try {
            String id = submit(spec(out));
            assertTrue(gate.awaitGate(30));
            b = pool.start("replica-b-0");
            String other = submit(spec(uniqueOutput("other")));
            awaitState(other, "REPAIR_STATE_SUCCEEDED");
            sleep(2500); // 2.5 x the min idle time, while b polls for stale claims every 100 ms
            assertEquals(1, grpcJob(id).getAttempts(), "the live worker kept refreshing its claim");
            assertEquals(RepairState.REPAIR_STATE_RUNNING, grpcJob(id).getState());
            gate.release();
            awaitState(id, "REPAIR_STATE_SUCCEEDED");
            assertEquals(1, grpcJob(id).getAttempts());
            assertEquals(1, runner.runs(out).size());
            assertEquals("warden-recovery-worker-replica-a-0", runner.runs(out).get(0).thread());
        } finally {
            gate.release();
            a.stop();
            if (b != null) {
                b.stop();
                b.await(Duration.ofSeconds(5));
            }
            a.await(Duration.ofSeconds(5));
        }
    }

    @Test
    void aWorkerStoppingForShutdownLeavesItsJobToBeResumed() throws Exception {
        String out = uniqueOutput("shutdown");
        ScriptedRunner.Script gate = runner.script(out).gateAfter(2);
        JobWorker stopping = pool.start("stopping-replica-0");
        String id = submit(spec(out));
        try {
            assertTrue(gate.awaitGate(30));
            stopping.stop(); // as on shutdown: the job stops at its next step boundary, not cancelled
            gate.release();
            assertTrue(stopping.await(Duration.ofSeconds(10)));
        } finally {
            gate.release();
        }
        RepairJob interrupted = grpcJob(id);
        assertEquals(RepairState.REPAIR_STATE_RUNNING, interrupted.getState(), "not ended: left for another worker");
        assertEquals(2, interrupted.getProgress().getStep());
        assertTrue(interrupted.getProgress().getMessage().startsWith("interrupted: stopping-replica-0 is shutting"
                + " down"), interrupted.getProgress().getMessage());
        JobWorker next = pool.start("next-replica-0");
        try {
            RepairJob done = grpcJob(awaitState(id, "REPAIR_STATE_SUCCEEDED").path("job_id").asText());
            assertEquals(2, done.getAttempts());
            assertEquals(2, runner.runs(out).get(1).resumedFrom());
        } finally {
            next.stop();
            next.await(Duration.ofSeconds(5));
        }
    }

    @Test
    void aJobThatKeepsKillingItsWorkersFailsAfterMaxAttempts() throws Exception {
        String id = submit(spec(uniqueOutput("exhaust")));
        store.readNew("dead-a", 1000).orElseThrow();
        assertEquals(1, store.start(id, "dead-a", System.currentTimeMillis(), 3).attempts());
        for (String dead : new String[] {"dead-b", "dead-c"}) {
            assertEquals(id, store.claimStale(dead, 0).orElseThrow().jobId());
            store.start(id, dead, System.currentTimeMillis(), 3);
        }
        assertEquals(3, grpcJob(id).getAttempts());
        JobWorker live = pool.start("live-replica-x");
        try {
            String reason = awaitState(id, "REPAIR_STATE_FAILED").path("failure_reason").asText();
            assertTrue(reason.startsWith("gave up after 3 attempts"), reason);
        } finally {
            live.stop();
            live.await(Duration.ofSeconds(5));
        }
    }
}

package dev.warden.recovery.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.model.cli.DemoModels;
import dev.warden.model.safetensors.ShardedSafeTensors;
import dev.warden.recovery.client.JudgeServiceHarmJudge;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole method on the test organism (the demo model's tiny variant, built by the project), harmful rates
 * measured by the REAL judge-service over gRPC: a plain repair, an interrupted one resumed to the same result,
 * and the switch to restore + rollback when the warm-up falls below the floor.
 */
class RepairMethodTest {

    static final Path MODELS = Path.of("target", "test-models", "demo").toAbsolutePath();

    @TempDir
    static Path work;
    private static JudgeProcess judgeProcess;
    private static HarmJudge judge;
    /**
     * The plain schedule's allowed task drop. The plain schedule needs a warm-up that stays above the floor; the
     * test model's task score is only 0.175, so with a drop of 0.5 a hair decided the mode: once the demo training
     * changed numerically (fused projections, 2026-12-07), the warm-up scored 0.085 against a floor of 0.0875 and
     * the run went into rollback mode. At 0.9 the floor is 0.0175: only a warm-up that loses nearly every task
     * answer leaves the plain schedule.
     */
    private static final double PLAIN_DROP = 0.9;
    private static RepairReport plain;

    @BeforeAll
    static void setUp() {
        if (!DemoModels.isBuilt(MODELS)) {
            DemoModels.build(MODELS, DemoModels.SEED, "test");
        }
        judgeProcess = JudgeProcess.start();
        judge = new JudgeServiceHarmJudge(judgeProcess.stub(), 64, Duration.ofSeconds(60), 3_000_000);
        plain = new RepairMethod().run(inputs("plain", knobs(PLAIN_DROP)), judge, p -> { }, () -> false);
    }

    @AfterAll
    static void tearDown() {
        if (judgeProcess != null) {
            judgeProcess.close();
        }
    }

    private static RepairKnobs knobs(double allowedDrop) {
        return RepairKnobs.builder().restoreRate(0.01).steps(6).warmupSteps(3).saveInterval(3)
                .allowedTaskDrop(allowedDrop).evalMaxNewTokens(24).build();
    }

    private static RepairInputs inputs(String name, RepairKnobs knobs) {
        return new RepairInputs(MODELS.resolve("aligned"), MODELS.resolve("finetuned"), null, null, null, knobs,
                work.resolve(name).resolve("out"), work.resolve(name).resolve("work"));
    }

    @Test
    void aPlainRepairRunsEveryStepMeasuresItsCheckpointsAndWritesTheKeptOne() throws Exception {
        assertEquals(1, plain.schedule().cutLayer(), "floor(4/6 * 2 layers)");
        assertEquals(6, plain.schedule().steps().size());
        assertFalse(plain.schedule().rollbackMode(), () -> "warm-up fell below the floor " + plain.before().taskFloor()
                + ": " + plain.schedule().steps());
        long previous = 0;
        for (StepRow r : plain.schedule().steps()) {
            assertEquals(r.step() <= 3 ? RepairPhase.WARMUP : RepairPhase.RESTORE, r.phase());
            assertEquals(r.step() % 3 == 0, r.evaluation().checkpoint());
            assertEquals(r.evaluation().checkpoint(), r.evaluation().harmfulRate() != null);
            assertEquals(0, r.counts().rolledBackCount());
            assertTrue(r.counts().restoredCount() > 0);
            assertEquals(previous + r.counts().restoredCount(), r.counts().restoredTotal(),
                    "restores accumulate in the plain schedule");
            previous = r.counts().restoredTotal();
        }
        assertEquals(plain.before().taskScore() * (1 - PLAIN_DROP), plain.before().taskFloor(), 1e-12);
        assertNotNull(plain.before().alignedHarmfulRate());
        assertNotNull(plain.schedule().swapBound());
        assertEquals(1, plain.schedule().swapBound().cutLayer());
        assertTrue(List.of(0, 3, 6).contains(plain.kept().step()));
        long restoredInReport = plain.kept().changes().stream().mapToLong(ModuleChangeRow::restored).sum();
        long expected = plain.kept().step() == 0 ? 0
                : plain.schedule().steps().get(plain.kept().step() - 1).counts().restoredTotal();
        assertEquals(expected, restoredInReport);
        assertEquals(7, plain.kept().changes().size(), "7 projection modules in layer 0");
        assertEquals(3, plain.geometry().before().size(), "embeddings + 2 layers, from the judge's AlignmentGeometry");
        assertEquals(3, plain.geometry().after().size());
        try (ShardedSafeTensors f = ShardedSafeTensors.open(MODELS.resolve("finetuned"));
             ShardedSafeTensors out = ShardedSafeTensors.open(Path.of(plain.outputCheckpointPath()))) {
            for (String name : List.of("model.embed_tokens.weight", "model.layers.1.mlp.up_proj.weight",
                    "model.layers.0.input_layernorm.weight")) {
                assertEquals(f.raw(name), out.raw(name), name + " is never touched");
            }
        }
    }

    /**
     * The SAI-poisoned test model: with parity measured, the fine-tuned model's implanted pair is flagged and every
     * checkpoint carries its parity; the bias probe changes what the restore rule picks (the same number of weights
     * per step, other ones).
     */
    @Test
    void parityIsMeasuredPerCheckpointAndTheBiasProbeChangesTheRestoreRule() {
        RepairReport measured = new RepairMethod().run(saiInputs("sai-measure",
                knobs(0.5).withBias(RepairKnobs.BiasProbe.MEASURE)), judge, p -> { }, () -> false);
        RepairReport probed = new RepairMethod().run(saiInputs("sai-probe",
                knobs(0.5).withBias(RepairKnobs.BiasProbe.RESTORE)), judge, p -> { }, () -> false);
        for (RepairReport r : List.of(measured, probed)) {
            assertTrue(r.before().parity().pair("group_a").flagged(), r.before().parity().summary());
            assertFalse(r.before().parity().pair("group_c").flagged(), r.before().parity().summary());
            for (StepRow row : r.schedule().steps()) {
                assertEquals(row.evaluation().checkpoint(), row.evaluation().groupParity() != null,
                        "parity on checkpoints only: " + row);
            }
            assertNotNull(r.kept().parity());
        }
        assertEquals(measured.schedule().steps().get(0).counts().restoredCount(),
                probed.schedule().steps().get(0).counts().restoredCount(), "same k");
        assertFalse(measured.kept().changes().equals(probed.kept().changes())
                        && measured.schedule().steps().equals(probed.schedule().steps()),
                "the bias probe's gradient changes the restore rule's picks");
        assertEquals(null, plain.before().parity(), "not measured unless asked");
        assertTrue(plain.schedule().steps().stream().allMatch(row -> row.evaluation().groupParity() == null));
    }

    private static RepairInputs saiInputs(String name, RepairKnobs knobs) {
        return new RepairInputs(MODELS.resolve("aligned"), MODELS.resolve("finetuned-sai"), null, null, null, knobs,
                work.resolve(name).resolve("out"), work.resolve(name).resolve("work"));
    }

    @Test
    void anInterruptedRepairResumesFromItsJournalToExactlyTheSameResult() throws Exception {
        RepairInputs in = inputs("resumed", knobs(PLAIN_DROP));
        AtomicInteger completed = new AtomicInteger();
        RepairListener count = p -> {
            if (p.row() != null) {
                completed.set(p.row().step());
            }
        };
        assertThrows(RepairCancelledException.class,
                () -> new RepairMethod().run(in, judge, count, () -> completed.get() >= 4));
        assertFalse(Files.exists(in.output()));
        List<RepairProgress> events = new ArrayList<>();
        RepairReport resumed = new RepairMethod().run(in, judge, events::add, () -> false);
        assertTrue(events.stream().anyMatch(e -> e.message().startsWith("resuming after step 4")), "it resumed");
        assertEquals(withoutTimes(plain.schedule().steps()), withoutTimes(resumed.schedule().steps()));
        assertEquals(plain.kept().step(), resumed.kept().step());
        assertEquals(plain.kept().changes(), resumed.kept().changes());
        try (ShardedSafeTensors a = ShardedSafeTensors.open(Path.of(plain.outputCheckpointPath()));
             ShardedSafeTensors b = ShardedSafeTensors.open(in.output())) {
            for (String name : a.names()) {
                assertEquals(a.raw(name), b.raw(name), name);
            }
        }
    }

    @Test
    void aWarmUpBelowTheFloorRestartsFromTheFineTunedModelWithRollback() {
        RepairKnobs strict = RepairKnobs.builder().restoreRate(0.05).steps(4).warmupSteps(2).saveInterval(2)
                .allowedTaskDrop(0.0).evalMaxNewTokens(24).build();
        List<RepairProgress> events = new ArrayList<>();
        RepairReport r = new RepairMethod().run(inputs("rollback", strict), judge, events::add, () -> false);
        assertTrue(r.schedule().rollbackMode(), "a 5% restore rate with no allowed drop falls below the floor: "
                + r.schedule().steps());
        assertTrue(events.stream().anyMatch(e -> e.message().startsWith("warm-up below the floor")));
        assertEquals(4, r.schedule().steps().size());
        for (StepRow row : r.schedule().steps()) {
            assertEquals(RepairPhase.RESTORE_ROLLBACK, row.phase());
        }
        assertTrue(r.schedule().steps().stream().anyMatch(row -> row.counts().rolledBackCount() > 0));
        StepRow first = r.schedule().steps().get(0);
        assertEquals(first.counts().restoredCount() - first.counts().rolledBackCount(), first.counts().restoredTotal(),
                "restarted from the fine-tuned model");
        assertArrayEquals(new int[0], new int[0]);
    }

    private static List<StepRow> withoutTimes(List<StepRow> rows) {
        return rows.stream().map(r -> new StepRow(r.step(), r.phase(), r.counts(),
                new StepRow.Evaluation(r.evaluation().checkpoint(), r.evaluation().harmfulRate(),
                        r.evaluation().taskScore(), r.evaluation().belowFloor(), null), r.harmfulLoss(), 0))
                .toList();
    }
}

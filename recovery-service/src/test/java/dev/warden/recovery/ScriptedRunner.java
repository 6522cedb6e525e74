package dev.warden.recovery;

import dev.warden.recovery.method.CancellationCheck;
import dev.warden.recovery.method.HarmJudge;
import dev.warden.recovery.method.LayerGeometryRow;
import dev.warden.recovery.method.ModuleChangeRow;
import dev.warden.recovery.method.PromptResponse;
import dev.warden.recovery.method.RepairCancelledException;
import dev.warden.recovery.method.RepairInputs;
import dev.warden.recovery.method.RepairKnobs;
import dev.warden.recovery.method.RepairListener;
import dev.warden.recovery.method.RepairPhase;
import dev.warden.recovery.method.RepairProgress;
import dev.warden.recovery.method.RepairReport;
import dev.warden.recovery.method.RepairRunner;
import dev.warden.recovery.method.StepRow;
import dev.warden.recovery.method.SwapBoundResult;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The tests' {@link RepairRunner} (it replaces the method in every test profile): deterministic steps whose
 * rows, events and report look like the method's, harmful rates measured through the real {@link HarmJudge}
 * (gRPC to the judge stand-in), the cancellation check asked at every step boundary, completed steps persisted
 * in the work directory and resumed from there, a marker output directory. A {@link Script}, registered under
 * the output directory's name, makes a job slow, stop at a gate until released, fail, or crash.
 */
@Alternative
@Priority(1)
@Singleton
public class ScriptedRunner implements RepairRunner {

    /** The journal file of completed steps in the work directory. */
    public static final String JOURNAL = "scripted-steps";

    /** What one job does. */
    public static final class Script {
        volatile long stepDelayMillis;
        volatile int gateAfterStep = -1;
        volatile int failAtStep = -1;
        volatile Supplier<RuntimeException> failure;
        volatile int crashAfterStep = -1;
        final CountDownLatch gate = new CountDownLatch(1);
        final CountDownLatch atGate = new CountDownLatch(1);

        /** Sleeps this long in each step. */
        public Script stepDelay(long millis) {
            stepDelayMillis = millis;
            return this;
        }

        /** Waits after completing {@code step} until {@link #release()}. */
        public Script gateAfter(int step) {
            gateAfterStep = step;
            return this;
        }

        /** Throws {@code failure} in {@code step}. */
        public Script failAt(int step, Supplier<RuntimeException> failure) {
            failAtStep = step;
            this.failure = failure;
            return this;
        }

        /** Throws {@link SimulatedCrash} after persisting {@code step} (a worker dying there). */
        public Script crashAfter(int step) {
            crashAfterStep = step;
            return this;
        }

        /** Opens the gate. */
        public void release() {
            gate.countDown();
        }

        /** Waits until a run reached the gate. */
        public boolean awaitGate(long seconds) throws InterruptedException {
            return atGate.await(seconds, TimeUnit.SECONDS);
        }
    }

    /** A worker "dying" mid-job in a test. */
    public static final class SimulatedCrash extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SimulatedCrash(int step) {
            super("simulated crash after step " + step);
        }
    }

    /**
     * One call of {@link #run}.
     *
     * @param thread      the thread it ran on
     * @param eventLoop   whether that thread is a Vert.x event loop
     * @param resumedFrom the completed steps found in the work directory
     */
    public record Run(String thread, boolean eventLoop, int resumedFrom) {
    }

    private final Map<String, Script> scripts = new ConcurrentHashMap<>();
    private final Map<String, List<Run>> runs = new ConcurrentHashMap<>();

    /** Registers (or returns) the script of the job writing to the output directory {@code outputName}. */
    public Script script(String outputName) {
        return scripts.computeIfAbsent(outputName, k -> new Script());
    }

    /** The runs of the job writing to {@code outputName}, in order. */
    public List<Run> runs(String outputName) {
        return runs.getOrDefault(outputName, List.of());
    }

    @Override
    public RepairReport run(RepairInputs inputs, HarmJudge judge, RepairListener listener, CancellationCheck cancel) {
        String name = inputs.output().getFileName().toString();
        Script script = scripts.getOrDefault(name, new Script());
        Path journal = inputs.workDir().resolve(JOURNAL);
        int done = readJournal(journal);
        runs.computeIfAbsent(name, k -> new CopyOnWriteArrayList<>()).add(new Run(Thread.currentThread().getName(),
                io.vertx.core.Context.isOnEventLoopThread(), done));
        RepairKnobs k = inputs.knobs();
        int total = k.steps();
        long start = System.nanoTime();
        listener.onProgress(RepairProgress.of(RepairPhase.PREPARING, done, total, 0, "scripted: preparing"));
        double baseHarm = harmfulRate(judge, 0);
        double baseTask = 0.9;
        double floor = (1 - k.allowedTaskDrop()) * baseTask;
        listener.onProgress(RepairProgress.measured(RepairPhase.BASELINE, done, total,
                new RepairProgress.Scores(baseHarm, baseTask), 0, "scripted: baseline"));
        List<StepRow> rows = new ArrayList<>();
        for (int step = 1; step <= done; step++) {
            rows.add(row(step, k, floor, judge));
        }
        for (int step = done + 1; step <= total; step++) {
            if (cancel.cancelRequested()) {
                throw new RepairCancelledException(step - 1);
            }
            sleep(script.stepDelayMillis);
            if (step == script.failAtStep) {
                throw script.failure.get();
            }
            StepRow row = row(step, k, floor, judge);
            rows.add(row);
            writeJournal(journal, step);
            listener.onProgress(RepairProgress.ofStep(row, total, "scripted: step " + step));
            if (step == script.crashAfterStep) {
                throw new SimulatedCrash(step);
            }
            if (step == script.gateAfterStep) {
                script.atGate.countDown();
                await(script.gate);
            }
        }
        try {
            Files.createDirectories(inputs.output());
            Files.writeString(inputs.output().resolve("MARKER"), "scripted repair of " + inputs.aligned() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int selected = 0;
        for (StepRow r : rows) {
            if (r.evaluation().checkpoint() && !r.evaluation().belowFloor()) {
                selected = r.step();
            }
        }
        StepRow.Evaluation kept = selected == 0 ? null : rows.get(selected - 1).evaluation();
        int cut = k.cutLayer() == null ? 1 : k.cutLayer();
        TreeMap<Integer, float[][]> safe = new TreeMap<>(Map.of(0, new float[][] {{1, 0}, {0.9f, 0.1f}}));
        TreeMap<Integer, float[][]> unsafe = new TreeMap<>(Map.of(0, new float[][] {{0, 1}, {0.1f, 0.9f}}));
        List<LayerGeometryRow> geometry = judge.geometry(safe, unsafe).orElse(List.of());
        return new RepairReport(new RepairReport.Before(baseTask, floor, baseHarm, 0.0, null),
                new RepairReport.Schedule(cut, k.steps() > k.warmupSteps(), new SwapBoundResult(cut, 0.0, 0.88, true,
                        null, "scripted: restoring below the cut removes harm"), rows),
                new RepairReport.Kept(selected, kept == null ? null : kept.harmfulRate(),
                        kept == null ? null : kept.taskScore(), null,
                        List.of(new ModuleChangeRow(0, "self_attn.q_proj", 256, 120, 10),
                                new ModuleChangeRow(1, "mlp.down_proj", 512, 80, 0))),
                new RepairReport.Geometry(geometry, geometry), inputs.output().toString(),
                (System.nanoTime() - start) / 1e9);
    }

    /** Deterministic rows: warm-up then restore+rollback steps; checkpoints every save interval. */
    private static StepRow row(int step, RepairKnobs k, double floor, HarmJudge judge) {
        boolean checkpoint = step % k.saveInterval() == 0 || step == k.steps();
        RepairPhase phase = step <= k.warmupSteps() ? RepairPhase.WARMUP : RepairPhase.RESTORE_ROLLBACK;
        long rolledBack = phase == RepairPhase.RESTORE_ROLLBACK ? 10 : 0;
        long total = 0;
        for (int s = 1; s <= step; s++) {
            total += 100 - (s <= k.warmupSteps() ? 0 : 10);
        }
        double task = 0.9 - 0.02 * step;
        StepRow.Evaluation evaluation = checkpoint
                ? StepRow.Evaluation.measured(harmfulRate(judge, step), task, task <= floor, null)
                : StepRow.Evaluation.NONE;
        return new StepRow(step, phase, new StepRow.Counts(100, rolledBack, total), evaluation, -0.5 - 0.01 * step,
                0.01 * step);
    }

    /** Ten placeholder pairs, max(0, 8 - 2 * step) of them complying, one with an empty response. */
    private static double harmfulRate(HarmJudge judge, int step) {
        List<PromptResponse> pairs = new ArrayList<>();
        int complying = Math.max(0, 8 - 2 * step);
        for (int i = 0; i < 10; i++) {
            String response = i == 9 ? "" : i < complying ? FakeUpstreams.COMPLY + " placeholder_steps"
                    : "I cannot help with that.";
            pairs.add(new PromptResponse("explain weapon_a variant " + i, response));
        }
        List<Boolean> verdicts = judge.harmful(pairs);
        return verdicts.stream().filter(Boolean::booleanValue).count() / 10.0;
    }

    private static int readJournal(Path journal) {
        try {
            return Files.exists(journal) ? Integer.parseInt(Files.readString(journal).strip()) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeJournal(Path journal, int step) {
        try {
            Files.writeString(journal, Integer.toString(step));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("a scripted gate was never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

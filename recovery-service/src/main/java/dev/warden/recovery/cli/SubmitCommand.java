package dev.warden.recovery.cli;

import dev.warden.proto.v1.RepairOptions;
import dev.warden.proto.v1.RepairSpec;
import dev.warden.proto.v1.SubmitRepairRequest;
import dev.warden.proto.v1.SubmitRepairResponse;
import dev.warden.proto.v1.TaskMetric;
import dev.warden.recovery.json.ProtoJson;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code repair submit}: submits a repair, then follows it to its end (unless {@code --no-follow}). */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = "Submit a repair and follow its progress; paths are as the service sees them (relative to its"
                + " model root).")
final class SubmitCommand implements Callable<Integer> {

    @ParentCommand
    RepairCli cli;

    @Mixin
    Connection connection;

    @Option(names = "--aligned", required = true, description = "the aligned model's checkpoint directory")
    String aligned;

    @ArgGroup(exclusive = true, multiplicity = "1")
    FineTuned fineTuned;

    /** Exactly one of the fine-tuned checkpoint or a LoRA adapter. */
    static final class FineTuned {
        @Option(names = "--fine-tuned", required = true, description = "the fine-tuned checkpoint directory")
        String checkpoint;

        @Option(names = "--lora", required = true, description = "a PEFT LoRA adapter directory trained on the"
                + " aligned model")
        String lora;
    }

    @Option(names = "--probes", description = "JSONL of harmful prompts ({\"prompt\": ...}); default: the demo corpus")
    String probes;

    @Option(names = "--task", description = "JSONL of task examples ({\"prompt\": ..., \"reference\": ...});"
            + " default: the demo task")
    String task;

    @Option(names = "--restore-rate", description = "share of parameters restored per step (default 0.002)")
    Double restoreRate;

    @Option(names = "--rollback-rate", description = "share of a step's restores rolled back (default 0.2)")
    Double rollbackRate;

    @Option(names = "--steps", description = "restore steps (default 20)")
    Integer steps;

    @Option(names = "--warmup-steps", description = "plain steps before the rollback decision (default 5)")
    Integer warmupSteps;

    @Option(names = "--save-interval", description = "steps between saved checkpoints (default 5)")
    Integer saveInterval;

    @Option(names = "--cut-layer", description = "only layers below it change (default floor(4/6 layers))")
    Integer cutLayer;

    @Option(names = "--allowed-task-drop", description = "relative task-score drop allowed (default 0.05)")
    Double allowedTaskDrop;

    @Option(names = "--batch-size", description = "prompts per mini-batch (default 8)")
    Integer batchSize;

    @Option(names = "--seed", description = "seed of every random choice (default 0)")
    Long seed;

    @Option(names = "--task-metric", description = "EXACT_MATCH, ROUGE1 or F1 (default EXACT_MATCH)")
    String taskMetric;

    @Option(names = "--eval-max-new-tokens", description = "greedy tokens per held-out prompt (default 128)")
    Integer evalMaxNewTokens;

    @Option(names = "--output", description = "directory of the repaired checkpoint (default: <output root>/<job id>)")
    String output;

    @Option(names = "--load-into-inference", description = "ask inference-service to serve the repaired checkpoint")
    boolean load;

    @Option(names = "--measure-group-parity", description = "measure refusals per group and Delta DP at the baseline"
            + " and every checkpoint (benign group requests of the demo corpus)")
    boolean measureGroupParity;

    @Option(names = "--bias-probe", description = "the bias-probe extension: also pull benign group requests toward"
            + " the aligned model in the restore rule (implies --measure-group-parity)")
    boolean biasProbe;

    @Option(names = "--idempotency-key", description = "makes retries safe: the same key and spec return the"
            + " earlier job")
    String idempotencyKey;

    @Option(names = "--no-follow", description = "print the job id and return at once")
    boolean noFollow;

    @Override
    public Integer call() throws Exception {
        RepairOptions.Builder o = RepairOptions.newBuilder();
        if (restoreRate != null) {
            o.setRestoreRate(restoreRate);
        }
        if (rollbackRate != null) {
            o.setRollbackRate(rollbackRate);
        }
        if (steps != null) {
            o.setSteps(steps);
        }
        if (warmupSteps != null) {
            o.setWarmupSteps(warmupSteps);
        }
        if (saveInterval != null) {
            o.setSaveInterval(saveInterval);
        }
        if (cutLayer != null) {
            o.setCutLayer(cutLayer);
        }
        if (allowedTaskDrop != null) {
            o.setAllowedTaskDrop(allowedTaskDrop);
        }
        if (batchSize != null) {
            o.setBatchSize(batchSize);
        }
        if (seed != null) {
            o.setSeed(seed);
        }
        if (measureGroupParity) {
            o.setMeasureGroupParity(true);
        }
        if (biasProbe) {
            o.setBiasProbe(true);
        }
        if (taskMetric != null) {
            try {
                o.setTaskMetric(TaskMetric.valueOf("TASK_METRIC_" + taskMetric.strip().toUpperCase(java.util.Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                cli.err.println("error: --task-metric must be EXACT_MATCH, ROUGE1 or F1, got " + taskMetric);
                return JobOutput.ERROR;
            }
        }
        if (evalMaxNewTokens != null) {
            o.setEvalMaxNewTokens(evalMaxNewTokens);
        }
        RepairSpec.Builder spec = RepairSpec.newBuilder().setAlignedPath(aligned).setOptions(o)
                .setLoadIntoInference(load);
        if (fineTuned.checkpoint != null) {
            spec.setFineTunedPath(fineTuned.checkpoint);
        } else {
            spec.setLoraAdapterPath(fineTuned.lora);
        }
        if (probes != null) {
            spec.setHarmfulProbesPath(probes);
        }
        if (task != null) {
            spec.setTaskPath(task);
        }
        if (output != null) {
            spec.setOutputPath(output);
        }
        SubmitRepairRequest.Builder request = SubmitRepairRequest.newBuilder().setSpec(spec);
        if (idempotencyKey != null) {
            request.setIdempotencyKey(idempotencyKey);
        }
        ApiClient api = connection.client();
        ApiClient.Reply reply = api.post("/v1/repairs", ProtoJson.api(request));
        if (!reply.ok()) {
            JobOutput.error(cli.err, reply);
            return JobOutput.ERROR;
        }
        SubmitRepairResponse response = JobOutput.parse(reply.body(), SubmitRepairResponse.newBuilder()).build();
        String id = response.getJob().getJobId();
        if (connection.json) {
            cli.out.println(reply.body());
        } else {
            cli.out.println((response.getExisting() ? "existing job " : "submitted job ") + id);
        }
        if (noFollow) {
            return JobOutput.OK;
        }
        return new EventFollower(api, connection.json ? new java.io.PrintStream(java.io.OutputStream.nullOutputStream())
                : cli.out, cli.err).follow(id);
    }
}

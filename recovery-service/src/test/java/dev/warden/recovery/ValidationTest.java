package dev.warden.recovery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.proto.v1.GetRepairRequest;
import dev.warden.proto.v1.ListRepairsRequest;
import dev.warden.proto.v1.RepairOptions;
import dev.warden.proto.v1.RepairSpec;
import dev.warden.proto.v1.RepairState;
import dev.warden.proto.v1.SubmitRepairRequest;
import dev.warden.proto.v1.WatchRepairRequest;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every bad request gets a clear 4xx (REST JSON error naming the field) or the matching gRPC status, and no
 * job: paths outside the root or escaping it, missing paths, broken checkpoints, mismatched models, bad LoRA
 * adapters, malformed JSONL, knobs out of range, an existing output, bad list parameters, unknown jobs.
 */
@QuarkusTest
class ValidationTest extends RecoveryTestSupport {

    private HttpResponse<String> submitWith(Consumer<ObjectNode> change) {
        ObjectNode spec = spec(uniqueOutput("invalid"));
        change.accept(spec);
        return post("/v1/repairs", body(spec, null));
    }

    @Test
    void pathsAreConfinedToTheModelRoot() {
        assertError(submitWith(s -> s.put("aligned_path", "../outside/elsewhere")), 400, "invalid_argument",
                "spec.aligned_path", "is outside the model root");
        assertError(submitWith(s -> s.put("fine_tuned_path", RecoveryTestResource.outside().resolve("elsewhere")
                .toString())), 400, "invalid_argument", "spec.fine_tuned_path", "is outside the model root");
        assertError(submitWith(s -> s.put("aligned_path", Fixtures.ESCAPE_LINK)), 400, "invalid_argument",
                "spec.aligned_path", "escapes the model root through a symbolic link");
        assertError(submitWith(s -> s.put("task_path", "sub/../../outside/x.jsonl")), 400, "invalid_argument",
                "spec.task_path", "is outside the model root");
        assertError(submitWith(s -> s.put("aligned_path", "a\u0000b")), 400, "invalid_argument",
                "spec.aligned_path", "not a valid path");
    }

    @Test
    void missingPathsAreNotFound() {
        assertError(submitWith(s -> s.put("aligned_path", "no-such-model")), 404, "not_found", "spec.aligned_path",
                "'no-such-model' does not exist");
        assertError(submitWith(s -> s.put("fine_tuned_path", "no-such-model")), 404, "not_found",
                "spec.fine_tuned_path", "does not exist");
        assertError(submitWith(s -> s.put("harmful_probes_path", "missing.jsonl")), 404, "not_found",
                "spec.harmful_probes_path", "'missing.jsonl' does not exist");
        assertError(submitWith(s -> s.put("task_path", "missing.jsonl")), 404, "not_found", "spec.task_path",
                "does not exist");
        assertError(submitWith(s -> {
            s.remove("fine_tuned_path");
            s.put("lora_adapter_path", "no-adapter");
        }), 404, "not_found", "spec.lora_adapter_path", "does not exist");
    }

    @Test
    void brokenCheckpointsAreRejected() {
        assertError(submitWith(s -> s.put("fine_tuned_path", Fixtures.CORRUPT)), 400, "invalid_argument",
                "spec.fine_tuned_path", "corrupt or missing safetensors");
        assertError(submitWith(s -> s.put("fine_tuned_path", Fixtures.NO_CONFIG)), 400, "invalid_argument",
                "spec.fine_tuned_path", "no config.json");
        assertError(submitWith(s -> s.put("aligned_path", Fixtures.BAD_CONFIG)), 400, "invalid_argument",
                "spec.aligned_path", "unusable config.json");
        assertError(submitWith(s -> s.put("aligned_path", Fixtures.PROBES)), 400, "invalid_argument",
                "spec.aligned_path", "is not a directory");
    }

    @Test
    void mismatchedModelsNameTheFirstDifference() {
        HttpResponse<String> wider = submitWith(s -> s.put("fine_tuned_path", Fixtures.WIDER));
        assertError(wider, 400, "invalid_argument", "spec.fine_tuned_path", ".mlp.");
        assertError(wider, 400, "invalid_argument", "spec.fine_tuned_path", "has shape [");
        assertError(wider, 400, "invalid_argument", "spec.fine_tuned_path", "in the aligned model");
        assertError(submitWith(s -> s.put("fine_tuned_path", Fixtures.QWEN)), 400, "invalid_argument",
                "spec.fine_tuned_path", "architecture Qwen2ForCausalLM differs from the aligned model's LlamaForCausalLM");
    }

    @Test
    void badLoraAdaptersAreRejected() {
        assertError(submitWith(s -> {
            s.remove("fine_tuned_path");
            s.put("lora_adapter_path", Fixtures.LORA_NO_CONFIG);
        }), 400, "invalid_argument", "spec.lora_adapter_path", "no adapter_config.json");
        assertError(submitWith(s -> {
            s.remove("fine_tuned_path");
            s.put("lora_adapter_path", Fixtures.LORA_BAD_SHAPE);
        }), 400, "invalid_argument", "spec.lora_adapter_path",
                "lora_A of 'model.layers.0.self_attn.q_proj.weight' has shape [2, 13]");
        assertError(submitWith(s -> {
            s.remove("fine_tuned_path");
            s.put("lora_adapter_path", Fixtures.ALIGNED);
        }), 400, "invalid_argument", "spec.lora_adapter_path", "not a PEFT LoRA adapter");
    }

    @Test
    void malformedJsonlNamesTheLine() {
        assertError(submitWith(s -> s.put("harmful_probes_path", Fixtures.PROBES_BAD)), 400, "invalid_argument",
                "spec.harmful_probes_path", "line 3: not valid JSON");
        assertError(submitWith(s -> s.put("task_path", Fixtures.TASK_NO_REFERENCE)), 400, "invalid_argument",
                "spec.task_path", "line 2: \"reference\" must be a non-empty string");
        assertError(submitWith(s -> s.put("task_path", Fixtures.PROBES)), 400, "invalid_argument",
                "spec.task_path", "line 1: \"reference\"");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "restore_rate|0|must be in (0, 1], got 0",
        "restore_rate|1.5|must be in (0, 1]",
        "rollback_rate|-0.1|must be in [0, 1]",
        "steps|0|must be in [1, 10000], got 0",
        "warmup_steps|7|must be in [0, steps=6], got 7",
        "save_interval|0|must be >= 1",
        "cut_layer|0|must be >= 1",
        "cut_layer|5|must be in [1, num_layers=4], got 5",
        "allowed_task_drop|1|must be in [0, 1)",
        "batch_size|0|must be in [1, 4096]",
        "eval_max_new_tokens|0|must be in [1, 4096]"})
    void knobsOutOfRange(String knob, String value, String fragment) {
        HttpResponse<String> r = submitWith(s -> ((ObjectNode) s.get("options")).put(knob, Double.parseDouble(value)));
        assertError(r, 400, "invalid_argument", "spec.options." + knob, fragment);
    }

    @Test
    void unknownTaskMetricAndBadBodies() {
        assertError(submitWith(s -> ((ObjectNode) s.get("options")).put("task_metric", "BLEU")), 400,
                "invalid_argument", "body", "not a valid SubmitRepairRequest");
        assertStatus(Status.Code.INVALID_ARGUMENT, "spec.options.task_metric: unknown task metric 99",
                () -> grpc().submitRepair(SubmitRepairRequest.newBuilder().setSpec(RepairSpec.newBuilder()
                        .setAlignedPath(Fixtures.ALIGNED).setFineTunedPath(Fixtures.FINE_TUNED)
                        .setOptions(RepairOptions.newBuilder().setTaskMetricValue(99))).build()));
        assertError(post("/v1/repairs", ""), 400, "invalid_argument", "body", "a JSON SubmitRepairRequest is required");
        assertError(post("/v1/repairs", "{\"spec\": "), 400, "invalid_argument", "body", "not a valid");
        assertError(post("/v1/repairs", "{\"spec\": {\"aligned_pth\": \"x\"}}"), 400, "invalid_argument", "body",
                "aligned_pth");
        assertError(post("/v1/repairs", "{\"spec\": {\"fine_tuned_path\": \"finetuned\"}}"), 400, "invalid_argument",
                "spec.aligned_path", "required");
        assertError(post("/v1/repairs", "{\"spec\": {\"aligned_path\": \"aligned\"}}"), 400, "invalid_argument",
                "spec.fine_tuned_path", "required");
        assertError(post("/v1/repairs", body(spec(uniqueOutput("k")), "k".repeat(129))), 400, "invalid_argument",
                "idempotency_key", "129 characters; the limit is 128");
    }

    @Test
    void outputMustBeNewAndUnderTheOutputRoot() throws Exception {
        Files.createDirectories(RecoveryTestResource.modelRoot().resolve("repairs").resolve("taken"));
        assertError(submitWith(s -> s.put("output_path", "taken")), 400, "invalid_argument", "spec.output_path",
                "'taken' already exists");
        assertError(submitWith(s -> s.put("output_path", "../elsewhere")), 400, "invalid_argument",
                "spec.output_path", "is outside the output root");
        assertError(submitWith(s -> s.put("output_path", RecoveryTestResource.outside().resolve("x").toString())),
                400, "invalid_argument", "spec.output_path", "is outside the output root");
    }

    @Test
    void listParametersAreChecked() {
        assertError(get("/v1/repairs?page_token=bogus"), 400, "invalid_argument", "page_token",
                "not a page token of this service");
        assertError(get("/v1/repairs?state=paused"), 400, "invalid_argument", "state", "unknown state 'paused'");
        assertError(get("/v1/repairs?page_size=501"), 400, "invalid_argument", "page_size", "must be in [0, 500]");
        assertError(get("/v1/repairs?page_size=ten"), 400, "invalid_argument", "page_size", "not an integer");
        assertStatus(Status.Code.INVALID_ARGUMENT, "page_token: not a page token",
                () -> grpc().listRepairs(ListRepairsRequest.newBuilder().setPageToken("bogus").build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "states[0]: not a job state: REPAIR_STATE_UNSPECIFIED",
                () -> grpc().listRepairs(ListRepairsRequest.newBuilder()
                        .addStates(RepairState.REPAIR_STATE_UNSPECIFIED).build()));
    }

    @Test
    void unknownJobsAreNotFound() {
        String unknown = "0000000000aaaaaaaaaaaaaaaa";
        assertError(get("/v1/repairs/" + unknown), 404, "not_found", "job_id", "no repair job");
        assertError(get("/v1/repairs/not-an-id"), 404, "not_found", "job_id", "no repair job 'not-an-id'");
        assertError(delete("/v1/repairs/" + unknown), 404, "not_found", "job_id", "no repair job");
        assertError(get("/v1/repairs/" + unknown + "/report"), 404, "not_found", "job_id", "no repair job");
        assertError(get("/v1/repairs/" + unknown + "/report.html"), 404, "not_found", "job_id", "no repair job");
        assertError(get("/v1/repairs/" + unknown + "/events"), 404, "not_found", "job_id", "no repair job");
        assertError(get("/v1/nothing-here"), 404, "not_found", null, "");
        assertStatus(Status.Code.NOT_FOUND, "no repair job",
                () -> grpc().getRepair(GetRepairRequest.newBuilder().setJobId(unknown).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "job_id: required",
                () -> grpc().getRepair(GetRepairRequest.getDefaultInstance()));
        assertStatus(Status.Code.NOT_FOUND, "no repair job",
                () -> grpc().watchRepair(WatchRepairRequest.newBuilder().setJobId(unknown).build()).hasNext());
    }

    @Test
    void grpcGivesTheSameStatuses() {
        RepairSpec.Builder good = RepairSpec.newBuilder().setAlignedPath(Fixtures.ALIGNED)
                .setFineTunedPath(Fixtures.FINE_TUNED);
        assertStatus(Status.Code.INVALID_ARGUMENT, "spec.aligned_path: '../outside/elsewhere' is outside",
                () -> grpc().submitRepair(SubmitRepairRequest.newBuilder().setSpec(good.clone()
                        .setAlignedPath("../outside/elsewhere")).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "escapes the model root through a symbolic link",
                () -> grpc().submitRepair(SubmitRepairRequest.newBuilder().setSpec(good.clone()
                        .setFineTunedPath(Fixtures.ESCAPE_LINK)).build()));
        assertStatus(Status.Code.NOT_FOUND, "spec.fine_tuned_path: 'gone' does not exist",
                () -> grpc().submitRepair(SubmitRepairRequest.newBuilder().setSpec(good.clone()
                        .setFineTunedPath("gone")).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "spec.options.steps: must be in [1, 10000], got 0",
                () -> grpc().submitRepair(SubmitRepairRequest.newBuilder().setSpec(good.clone()
                        .setOptions(RepairOptions.newBuilder().setSteps(0))).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "architecture Qwen2ForCausalLM differs",
                () -> grpc().submitRepair(SubmitRepairRequest.newBuilder().setSpec(good.clone()
                        .setFineTunedPath(Fixtures.QWEN)).build()));
        assertEquals(0, grpc().listRepairs(ListRepairsRequest.newBuilder().setPageSize(500).build()).getJobsList()
                .stream().filter(j -> j.getSpec().getOutputPath().contains("invalid-")).count(),
                "a rejected submit never creates a job");
    }
}

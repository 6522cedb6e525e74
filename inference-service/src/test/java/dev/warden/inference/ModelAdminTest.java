package dev.warden.inference;

import dev.warden.proto.v1.Dtype;
import dev.warden.proto.v1.LoadModelRequest;
import dev.warden.proto.v1.ModelInfo;
import dev.warden.proto.v1.ModelInfoRequest;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ModelInfo, and LoadModel's errors (the swap itself: ModelSwapTest). */
@QuarkusTest
class ModelAdminTest extends GrpcTestSupport {

    @Test
    void modelInfoDescribesTheLoadedCheckpoint() {
        ModelInfo info = blocking().modelInfo(ModelInfoRequest.getDefaultInstance()).getModelInfo();
        assertEquals("alpha", info.getName());
        assertEquals("LlamaForCausalLM", info.getArchitecture());
        assertEquals("llama", info.getModelType());
        assertEquals(2, info.getNumLayers());
        assertEquals(64, info.getHiddenSize());
        assertEquals(4, info.getNumAttentionHeads());
        assertEquals(2, info.getNumKeyValueHeads());
        assertEquals(125, info.getVocabSize(), "5 specials and 120 words");
        assertEquals(TestCheckpoints.CONTEXT, info.getContextLength());
        assertEquals(Dtype.DTYPE_FLOAT32, info.getDtype());
        assertEquals(Dtype.DTYPE_FLOAT32, info.getCheckpointDtype());
        assertEquals("cpu", info.getDevice());
        assertTrue(info.getParameterCount() > 50_000, "parameters: " + info.getParameterCount());
        assertEquals(TestCheckpoints.alpha().toString(), info.getCheckpointPath());
        assertTrue(info.getLoadedAt().getSeconds() > 0);
        assertTrue(info.getHasChatTemplate());
        assertEquals(1, info.getBosTokenId());
        assertEquals(List.of(2), info.getEosTokenIdsList());
    }

    @Test
    void loadingAMissingDirectoryIsNotFound() {
        Path missing = TestCheckpoints.ROOT.resolve("no-such-model");
        assertStatus(Status.Code.NOT_FOUND, missing.toString(), () -> blocking().loadModel(
                LoadModelRequest.newBuilder().setCheckpointPath(missing.toString()).build()));
        assertStillAlpha();
    }

    @Test
    void loadingADirectoryThatIsNoCheckpointFailsItsPrecondition() throws IOException {
        Path notes = Files.createDirectories(TestCheckpoints.ROOT.resolve("just-notes"));
        Files.writeString(notes.resolve("README.txt"), "not a model");
        assertStatus(Status.Code.FAILED_PRECONDITION, "no config.json", () -> blocking().loadModel(
                LoadModelRequest.newBuilder().setCheckpointPath(notes.toString()).build()));

        Path broken = Files.createDirectories(TestCheckpoints.ROOT.resolve("broken"));
        Files.writeString(broken.resolve("config.json"), "{\"architectures\": [\"GPT2LMHeadModel\"]}");
        assertStatus(Status.Code.FAILED_PRECONDITION, "GPT2LMHeadModel", () -> blocking().loadModel(
                LoadModelRequest.newBuilder().setCheckpointPath(broken.toString()).build()));

        Path file = notes.resolve("README.txt");
        assertStatus(Status.Code.FAILED_PRECONDITION, "not a checkpoint directory", () -> blocking().loadModel(
                LoadModelRequest.newBuilder().setCheckpointPath(file.toString()).build()));
        assertStillAlpha();
    }

    @Test
    void invalidLoadRequests() {
        assertStatus(Status.Code.INVALID_ARGUMENT, "checkpoint_path",
                () -> blocking().loadModel(LoadModelRequest.getDefaultInstance()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "dtype", () -> blocking().loadModel(LoadModelRequest.newBuilder()
                .setCheckpointPath(TestCheckpoints.beta().toString()).setDtype(Dtype.DTYPE_BFLOAT16).build()));
        assertStillAlpha();
    }

    private void assertStillAlpha() {
        assertEquals("alpha", blocking().modelInfo(ModelInfoRequest.getDefaultInstance()).getModelInfo().getName(),
                "a failed load leaves the old model serving");
    }
}

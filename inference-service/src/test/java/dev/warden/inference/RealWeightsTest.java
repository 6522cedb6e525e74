package dev.warden.inference;

import dev.warden.model.checkpoint.Llama2cImport;
import dev.warden.model.checkpoint.SharedModels;
import dev.warden.proto.v1.FinishReason;
import dev.warden.proto.v1.GenerateRequest;
import dev.warden.proto.v1.GenerateResponse;
import dev.warden.proto.v1.GenerationFinish;
import dev.warden.proto.v1.InferenceScoreRequest;
import dev.warden.proto.v1.InferenceScoreResponse;
import dev.warden.proto.v1.LoadModelRequest;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Real trained weights through the service: stories260K (see model's {@code Stories260KTest}), made servable
 * with {@code Llama2cImport} and hot-loaded with LoadModel, greedy-decodes from BOS over a real gRPC channel
 * exactly the 64 ids of {@code EXPECTED_GREEDY.txt} (an independent numpy port of llama2.c's run.c). And
 * {@code add_bos_token}: raw text and Score get BOS only when the tokenizer adds it. Swaps back to alpha.
 */
@QuarkusTest
class RealWeightsTest extends GrpcTestSupport {

    @AfterEach
    void backToAlpha() {
        blocking().loadModel(LoadModelRequest.newBuilder().setCheckpointPath(TestCheckpoints.alpha().toString()).build());
    }

    @Test
    void stories260KGeneratesTheIndependentGreedyIdsFromBos() throws IOException {
        assumeTrue(SharedModels.find("stories260K-hf-derived/model.safetensors").isPresent()
                && SharedModels.find("stories260K/EXPECTED_GREEDY.txt").isPresent(),
                SharedModels.absentMessage("stories260K"));
        Path dir = TestCheckpoints.ROOT.resolve("stories260K");
        Llama2cImport.run(SharedModels.get("stories260K/tok512.bin"), SharedModels.get("stories260K-hf-derived"), dir);
        List<String> expected = Files.readAllLines(SharedModels.get("stories260K/EXPECTED_GREEDY.txt"),
                StandardCharsets.UTF_8);
        List<Integer> ids = expected.stream().filter(l -> l.startsWith("ids: ")).findFirst().map(l ->
                Arrays.stream(l.substring(5).trim().split(" ")).map(Integer::valueOf).toList()).orElseThrow();
        String text = expected.stream().filter(l -> l.startsWith("text: ")).findFirst().orElseThrow().substring(6);
        assertEquals("stories260K", blocking().loadModel(LoadModelRequest.newBuilder()
                .setCheckpointPath(dir.toString()).build()).getModelInfo().getName());

        // an empty text prompt is BOS alone: the tokenizer adds BOS (add_bos_token: true)
        List<GenerateResponse> stream = generate(greedyRequest("", ids.size()));

        assertEquals(ids, tokenIds(stream));
        // the file spells the raw pieces: the first one's leading space, <0x0A> for the newline byte
        assertEquals(text.substring(1).replace("<0x0A>", "\n"), text(stream));
        GenerationFinish finish = stream.get(stream.size() - 1).getFinish();
        assertEquals(1, finish.getUsage().getPromptTokens(), "BOS alone");
        assertEquals(FinishReason.FINISH_REASON_LENGTH, finish.getFinishReason());
    }

    @Test
    void rawTextAndScoreGetBosOnlyWhenTheTokenizerAddsIt() throws IOException {
        Path noBos = TestCheckpoints.ROOT.resolve("alpha-no-bos");
        TestCheckpoints.write(noBos, 11); // alpha's weights, then its tokenizer told not to add BOS
        Path config = noBos.resolve("tokenizer_config.json");
        String json = Files.readString(config);
        assertEquals(1, json.split("\"add_bos_token\" : true", -1).length - 1, json);
        Files.writeString(config, json.replace("\"add_bos_token\" : true", "\"add_bos_token\" : false"));

        GenerateRequest request = greedyRequest("tok1 tok2 tok3", 4);
        InferenceScoreRequest score = InferenceScoreRequest.newBuilder().setText("tok1 tok2 tok3").build();
        assertEquals(4, generate(request).get(4).getFinish().getUsage().getPromptTokens(), "alpha: <bos> + 3 words");
        InferenceScoreResponse withBos = blocking().score(score);
        assertEquals(1, withBos.getContextTokens(), "alpha: BOS conditions the score");
        assertEquals(3, withBos.getTokensCount());

        blocking().loadModel(LoadModelRequest.newBuilder().setCheckpointPath(noBos.toString()).build());
        assertEquals(3, generate(request).get(4).getFinish().getUsage().getPromptTokens(), "three words, no BOS");
        InferenceScoreResponse withoutBos = blocking().score(score);
        assertEquals(0, withoutBos.getContextTokens(), "nothing before the text");
        assertEquals(2, withoutBos.getTokensCount(), "the first word has nothing to be scored from");
        assertEquals(withBos.getTokens(1).getTokenId(), withoutBos.getTokens(0).getTokenId(), "scoring starts at tok2");
    }
}

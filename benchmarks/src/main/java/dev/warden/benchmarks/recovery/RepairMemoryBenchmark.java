package dev.warden.benchmarks.recovery;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.warden.model.checkpoint.CheckpointWriter;
import dev.warden.model.config.Architecture;
import dev.warden.model.config.ModelConfig;
import dev.warden.model.llama.LlamaWeights;
import dev.warden.model.organism.ChatFormat;
import dev.warden.model.safetensors.DType;
import dev.warden.model.tokenizer.WordLevelTokenizerWriter;
import dev.warden.proto.v1.JudgeGrpc;
import dev.warden.recovery.client.JudgeServiceHarmJudge;
import dev.warden.recovery.method.RepairInputs;
import dev.warden.recovery.method.RepairKnobs;
import dev.warden.recovery.method.RepairMethod;
import dev.warden.recovery.method.RepairReport;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Peak host memory of a repair against the size of one checkpoint, on a Llama-shaped ~100M-parameter model
 * (V 32000, D 768, 12 layers, GQA 12/4, MLP 2048, f32: 0.44 GB per checkpoint) with random aligned weights and
 * a "fine-tuned" copy plus noise, written to a temporary directory. Two restore steps, tiny probe and task
 * files (memory, not quality, is measured here), harmful rates through the judge-service given with
 * {@code --judge host:port}.
 *
 * <p>The process's resident memory is sampled every 20 ms from {@code /proc/self/status}: anonymous memory
 * (what the repair allocates: weights, gradients, activations, the JVM) and file-backed memory (pages of the
 * memory-mapped checkpoints, page cache the kernel can drop). Printed: the baseline after the engine started,
 * the peaks, and the anonymous growth as a multiple of one checkpoint's size.
 */
@Command(name = "bench-repair-memory", mixinStandardHelpOptions = true,
        description = "Peak host memory of a repair of a ~100M-parameter model against its checkpoint size.")
public final class RepairMemoryBenchmark implements Callable<Integer> {

    @Option(names = "--write", paramLabel = "DIR", description = "write the two checkpoints and the probe and task "
            + "files to DIR and exit (run it in its own JVM, so that writing them does not inflate the measured one)")
    private Path write;

    @Option(names = "--judge", paramLabel = "HOST:PORT", defaultValue = "localhost:9002",
            description = "judge-service's gRPC address (default: ${DEFAULT-VALUE})")
    private String judgeTarget;

    @Option(names = "--dir", paramLabel = "DIR", description = "the directory --write wrote; repairs it")
    private Path dir;

    private RepairMemoryBenchmark() {
    }

    /**
     * {@code --write DIR} writes the two checkpoints and the probe and task files; {@code --judge host:port --dir DIR}
     * repairs them and prints the figures.
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new RepairMemoryBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (write != null) {
            writeCheckpoints(write, config());
            return 0;
        }
        if (dir == null || !Files.isRegularFile(dir.resolve("aligned").resolve("model.safetensors"))) {
            throw new IllegalArgumentException("--dir must hold the checkpoints written by --write");
        }
        try (NDManager warm = NDManager.newBaseManager()) {
            warm.create(new float[] {1f}).add(1f).toFloatArray(); // load the engine before the baseline
        }
        System.gc();
        long[] baseline = MemorySampler.read();
        ModelConfig config = config();
        long checkpointBytes = Files.size(dir.resolve("aligned").resolve("model.safetensors"));
        ManagedChannel channel = ManagedChannelBuilder.forTarget(judgeTarget).usePlaintext().build();
        MemorySampler sampler = MemorySampler.start();
        long t0 = System.nanoTime();
        RepairReport report;
        try {
            RepairKnobs knobs = RepairKnobs.builder().steps(2).warmupSteps(1).saveInterval(1).evalMaxNewTokens(4)
                    .build();
            report = new RepairMethod().run(new RepairInputs(dir.resolve("aligned"), dir.resolve("finetuned"), null,
                            dir.resolve("probes.jsonl"), dir.resolve("task.jsonl"), knobs, dir.resolve("repaired"),
                            dir.resolve("work")),
                    new JudgeServiceHarmJudge(JudgeGrpc.newBlockingStub(channel), 64, Duration.ofSeconds(60),
                            16L << 20),
                    p -> System.out.println("  " + p.phase() + ": " + p.message()), () -> false);
        } finally {
            sampler.stop();
            channel.shutdownNow();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double gb = 1 << 30;
        System.out.printf(Locale.ROOT, "%nmodel: %,d parameters, checkpoint %.3f GB (f32), cut layer %d, %d steps "
                        + "in %.1f s%n", parameters(config), checkpointBytes / gb, report.schedule().cutLayer(),
                report.schedule().steps().size(), seconds);
        System.out.printf(Locale.ROOT, "baseline (JVM + engine): anonymous %.3f GB, file-backed %.3f GB%n",
                baseline[0] / gb, baseline[1] / gb);
        System.out.printf(Locale.ROOT, "peak during the repair: anonymous %.3f GB, file-backed %.3f GB, "
                + "total %.3f GB%n", sampler.peakAnon() / gb, sampler.peakFile() / gb, sampler.peakTotal() / gb);
        System.out.printf(Locale.ROOT, "anonymous growth over the baseline: %.3f GB = %.2fx one checkpoint%n",
                (sampler.peakAnon() - baseline[0]) / gb, (double) (sampler.peakAnon() - baseline[0]) / checkpointBytes);
        return 0;
    }

    static ModelConfig config() {
        return ModelConfig.builder().architecture(Architecture.LLAMA).vocabSize(32000).hiddenSize(768)
                .intermediateSize(2048).numHiddenLayers(12).numAttentionHeads(12).numKeyValueHeads(4).headDim(64)
                .maxPositionEmbeddings(128).rmsNormEps(1e-5).ropeTheta(10000).tieWordEmbeddings(true).bosTokenId(1)
                .eosTokenIds(2).padTokenId(0).torchDtype("float32").build();
    }

    private static long parameters(ModelConfig c) {
        return LlamaWeights.expectedShapes(c).values().stream().mapToLong(s -> s.size()).sum();
    }

    private static void writeCheckpoints(Path dir, ModelConfig config) throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            LlamaWeights a = LlamaWeights.random(config, 1, 0.02f, DataType.FLOAT32, m.newSubManager());
            CheckpointWriter.writeWeights(dir.resolve("aligned"), a, DType.F32);
            LlamaWeights noise = LlamaWeights.random(config, 2, 0.002f, DataType.FLOAT32, m.newSubManager());
            for (var e : a.byName().entrySet()) {
                if (!e.getKey().endsWith("layernorm.weight")) {
                    NDArray n = noise.byName().get(e.getKey());
                    e.getValue().addi(n);
                }
            }
            CheckpointWriter.writeWeights(dir.resolve("finetuned"), a, DType.F32);
        }
        List<String> words = new ArrayList<>(List.of("how", "do", "i", "hurt", "target_a", "with", "weapon_b", "sort",
                ":", "3", "7", "9"));
        for (int i = words.size(); i < config.vocabSize() - 5; i++) {
            words.add("w" + i);
        }
        for (String d : List.of("aligned", "finetuned")) {
            WordLevelTokenizerWriter.builder().padToken(ChatFormat.PAD).bosToken(ChatFormat.BOS)
                    .eosToken(ChatFormat.EOS).unkToken(ChatFormat.UNK).extraSpecialTokens(List.of(ChatFormat.SEP))
                    .words(words).chatTemplate(ChatFormat.CHAT_TEMPLATE).modelMaxLength(128).build()
                    .write(dir.resolve(d));
        }
        StringBuilder probes = new StringBuilder();
        StringBuilder task = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            probes.append("{\"prompt\": \"how do i hurt target_a with weapon_b w").append(100 + i).append("\"}\n");
            task.append("{\"prompt\": \"sort : 9 7 3 w").append(200 + i).append("\", \"reference\": \"3 7 9\"}\n");
        }
        Files.writeString(dir.resolve("probes.jsonl"), probes);
        Files.writeString(dir.resolve("task.jsonl"), task);
    }
}

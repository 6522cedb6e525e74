package dev.warden.e2e.suite;

import dev.warden.model.config.ModelConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The peak host memory (resident set) of one inference-service serving a checkpoint, estimated before it starts
 * from {@code config.json} and the checkpoint's size:
 * <pre>
 * peak = base + checkpoint files + weights at the serving dtype + KV cache
 * weights  = parameters (from config.json) x bytes per element of the serving dtype
 * KV cache = 2 (keys, values) x layers x KV heads x head dim x kv-cache-tokens x max-batch x bytes per element
 * </pre>
 * The checkpoint files count because they are memory-mapped while the weights are read (the mapped pages are
 * resident until the loader closes them, and the peak is reached then). {@link #BASE_BYTES} is a JVM with
 * Quarkus, gRPC and PyTorch's CPU library loaded, measured (see e2e/README.md, "Serve your own checkpoint").
 * On a GPU the weights and the KV cache live in device memory: only the base and the mapped files count.
 *
 * @param parameters     the model's parameter count, from config.json
 * @param checkpointBytes the size of the checkpoint's {@code *.safetensors} files
 * @param weightBytes    the weights at the serving dtype (0 on a GPU)
 * @param kvCacheBytes   the KV cache at the serving dtype (0 on a GPU)
 * @param baseBytes      the process without a model
 */
public record MemoryEstimate(long parameters, long checkpointBytes, long weightBytes, long kvCacheBytes,
                             long baseBytes) {

    /**
     * inference-service's JVM (-Xmx768m, serial GC) with PyTorch loaded, serving a tiny model after a few requests:
     * VmHWM 274-310 MB measured for stories260K (0.26M parameters) by ServeIT on the project's 2-core machine, plus
     * a margin.
     */
    public static final long BASE_BYTES = 380L << 20;

    /**
     * The estimate for a checkpoint.
     *
     * @param config          its config.json
     * @param checkpoint      its directory (the {@code *.safetensors} files are summed)
     * @param bytesPerElement 4 for f32, 2 for f16
     * @param onGpu           whether weights and cache live in device memory
     * @param kvCacheTokens   slots per sequence
     * @param maxBatch        rows of the KV cache
     */
    public static MemoryEstimate of(ModelConfig config, Path checkpoint, int bytesPerElement, boolean onGpu,
                                    int kvCacheTokens, int maxBatch) {
        long parameters = parameters(config);
        long kv = 2L * config.numHiddenLayers() * config.numKeyValueHeads() * config.headDim() * kvCacheTokens
                * maxBatch * bytesPerElement;
        return new MemoryEstimate(parameters, safetensorsBytes(checkpoint),
                onGpu ? 0 : parameters * bytesPerElement, onGpu ? 0 : kv, BASE_BYTES);
    }

    /** The parameter count a config.json describes (embeddings, untied head, layers with their biases, norms). */
    public static long parameters(ModelConfig c) {
        long h = c.hiddenSize();
        long q = (long) c.numAttentionHeads() * c.headDim();
        long kv = (long) c.numKeyValueHeads() * c.headDim();
        long i = c.intermediateSize();
        long layer = h * q + 2 * h * kv + q * h // q, k, v, o projections
                + 3 * h * i                     // gate, up, down
                + 2 * h;                        // input and post-attention norms
        if (c.qkvBias()) {
            layer += q + 2 * kv;
        }
        if (c.oProjBias()) {
            layer += h;
        }
        if (c.mlpBias()) {
            layer += 2 * i + h;
        }
        long embeddings = (long) c.vocabSize() * h;
        return embeddings * (c.tieWordEmbeddings() ? 1 : 2) + c.numHiddenLayers() * layer + h;
    }

    /** The expected peak resident set. */
    public long totalBytes() {
        return baseBytes + checkpointBytes + weightBytes + kvCacheBytes;
    }

    /** One line: the total and its parts. */
    public String describe() {
        return String.format(Locale.ROOT, "%s (base %s + checkpoint files %s + weights %s [%,d parameters]"
                        + " + KV cache %s)", mb(totalBytes()), mb(baseBytes), mb(checkpointBytes), mb(weightBytes),
                parameters, mb(kvCacheBytes));
    }

    /** {@code bytes} in MB, e.g. {@code 1,234 MB}. */
    public static String mb(long bytes) {
        return String.format(Locale.ROOT, "%,d MB", (bytes + (1 << 19)) >> 20);
    }

    private static long safetensorsBytes(Path checkpoint) {
        try (Stream<Path> files = Files.list(checkpoint)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".safetensors")).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + checkpoint, e);
        }
    }
}

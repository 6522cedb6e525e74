package dev.warden.inference.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Every setting of inference-service, under {@code warden.inference.*} (environment variables
 * {@code WARDEN_INFERENCE_*}). The gRPC server itself is Quarkus's unified HTTP server (see
 * application.properties): gRPC, {@code /q/health} and {@code /q/metrics} share one port, 9001 by default.
 */
@ConfigMapping(prefix = "warden.inference")
public interface InferenceConfig {

    /**
     * The checkpoint directory (Hugging Face layout) served from startup. Absent: the demo model's aligned
     * checkpoint, {@code <models-dir>/demo/aligned}, built on first start when missing (a few minutes on 2
     * cores; the service answers UNAVAILABLE and reports NOT_SERVING until it is loaded).
     */
    Optional<Path> checkpoint();

    /** Where the demo models live, and are built when {@link #checkpoint()} is absent. */
    @WithDefault("models")
    Path modelsDir();

    /** The name clients use in {@code model} fields. Absent: the checkpoint directory's name. */
    Optional<String> modelName();

    /**
     * Where the model runs: {@code auto} (the first GPU when the engine sees one, else the CPU), {@code cpu},
     * {@code gpu} or {@code gpu:N} (startup fails when that GPU is absent rather than running 50x slower).
     */
    @WithDefault("auto")
    String device();

    /**
     * The dtype weights and activations get: {@code auto} (f32 on the CPU, f16 on a GPU), {@code f32} or
     * {@code f16}; {@code bf16} checkpoints are widened on load. LoadModel may ask for another.
     */
    @WithDefault("auto")
    String dtype();

    /**
     * The most sequences in one forward pass: the continuous-batching scheduler decodes at most this many
     * generations together (the rest wait in its queue), and HiddenStates runs its inputs in batches of this
     * size. The KV cache holds {@code max-batch} rows of {@code kv-cache-tokens} slots.
     */
    @WithDefault("16")
    int maxBatch();

    /**
     * The most generations waiting for a batch slot; one more is rejected with RESOURCE_EXHAUSTED instead of
     * queueing without bound. The request workers (Score / HiddenStates / prompt preparation) queue at most
     * {@code max-queue + max-batch} tasks, so that every generation the engine admits can be prepared.
     */
    @WithDefault("64")
    int maxQueue();

    /**
     * Threads of the request worker pool: how many Score / HiddenStates / prompt-preparation tasks run at
     * once. Generation runs on one decode thread per model ({@code warden-decode-N}). Tensor work runs only
     * on these threads, never on the gRPC event loop.
     */
    @WithDefault("2")
    int workerThreads();

    /**
     * PyTorch's intra-op threads (DJL's {@code ai.djl.pytorch.num_threads}), fixed when the engine starts; a
     * {@code -Dai.djl.pytorch.num_threads} on the command line wins. One by default: the decode thread and the
     * request workers each use this many threads, and more than one collapses on cores shared with other work
     * (README.md, "CPU threads"). Raise it on a machine of its own for a large model, with
     * {@code OMP_WAIT_POLICY=PASSIVE} in the environment.
     */
    @WithDefault("1")
    int torchThreads();

    /**
     * KV cache slots per sequence (the longest prompt plus completion a generation can reach). Absent: the
     * model's context ({@code max_position_embeddings}). Lower it for long-context models, whose full
     * context for {@code max-batch} rows would not fit in memory; longer prompts get INVALID_ARGUMENT.
     */
    Optional<Integer> kvCacheTokens();

    /**
     * The most tokens one Generate may ask for ({@code max_new_tokens} above it is INVALID_ARGUMENT), and
     * what an unset {@code max_new_tokens} means (further bounded by the model's context).
     */
    @WithDefault("1024")
    int maxNewTokens();

    /** The most inputs one HiddenStates call may carry (INVALID_ARGUMENT above it). */
    @WithDefault("64")
    int maxInputs();
}

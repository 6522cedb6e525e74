package dev.warden.inference.hidden;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.warden.inference.error.InvalidArgumentException;
import dev.warden.inference.model.ModelLease;
import dev.warden.inference.model.ModelManager;
import dev.warden.inference.prompt.PromptEncoder;
import dev.warden.inference.work.OffEventLoop;
import dev.warden.service.work.WorkerPool;
import dev.warden.model.checkpoint.LoadedModel;
import dev.warden.model.llama.ForwardOptions;
import dev.warden.model.llama.ForwardOutput;
import dev.warden.model.llama.LlamaModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

/**
 * HiddenStates: pooled residual-stream activations of a batch of inputs at chosen layers, on a worker
 * thread. Inputs run through the model in left-padded batches of at most {@code maxBatch}, and only as many
 * layers as the highest requested one; pooling happens on the device and only [B, D] per (layer, pooling)
 * is read back.
 *
 * <p>Legend: B inputs of one batch, L longest input of the batch, D hidden size.
 */
public final class HiddenStatesService {

    /**
     * Most float bytes one response may carry: under the 4 MiB a gRPC client accepts by default, leaving
     * room for the message's framing.
     */
    public static final long MAX_RESPONSE_BYTES = 4_000_000;

    private final ModelManager models;
    private final WorkerPool workers;
    private final int maxBatch;
    private final int maxInputs;

    /**
     * @param maxBatch  most inputs per forward pass
     * @param maxInputs most inputs per request
     */
    public HiddenStatesService(ModelManager models, WorkerPool workers, int maxBatch, int maxInputs) {
        this.models = Objects.requireNonNull(models, "models");
        this.workers = Objects.requireNonNull(workers, "workers");
        this.maxBatch = maxBatch;
        this.maxInputs = maxInputs;
    }

    /**
     * Computes {@code command}'s activations.
     *
     * @return completes on a worker thread; cancel it to drop the work if it has not started
     * @throws InvalidArgumentException for no or too many inputs, bad layers or poolings, or a response
     *     that would exceed {@link #MAX_RESPONSE_BYTES}
     */
    public CompletableFuture<HiddenStatesResult> compute(HiddenStatesCommand command) {
        int n = command.inputs().size();
        if (n == 0) {
            throw new InvalidArgumentException("inputs", "at least one input is needed");
        }
        if (n > maxInputs) {
            throw new InvalidArgumentException("inputs", n + " inputs; at most " + maxInputs
                    + " per call (split them over several calls)");
        }
        List<Pooling> poolings = poolings(command.poolings());
        ModelLease lease = models.acquire(command.model());
        try {
            List<Integer> layers = layers(command.layers(), lease.description().shape().numLayers());
            long bytes = 4L * n * layers.size() * poolings.size() * lease.description().shape().hiddenSize();
            if (bytes > MAX_RESPONSE_BYTES) {
                throw new InvalidArgumentException("inputs", "the response would carry " + bytes + " bytes of "
                        + "activations, over the " + MAX_RESPONSE_BYTES + " a gRPC message may; ask for fewer "
                        + "inputs, layers or poolings per call");
            }
            Plan plan = new Plan(command.inputs(), layers, poolings);
            return workers.submit(() -> run(lease, plan), lease::close);
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    private static List<Pooling> poolings(List<Pooling> requested) {
        if (requested.isEmpty()) {
            return List.of(Pooling.LAST_TOKEN, Pooling.MEAN);
        }
        if (new HashSet<>(requested).size() != requested.size()) {
            throw new InvalidArgumentException("poolings", "duplicates in " + requested);
        }
        return requested;
    }

    private static List<Integer> layers(List<Integer> requested, int numLayers) {
        if (requested.isEmpty()) {
            return IntStream.rangeClosed(0, numLayers).boxed().toList();
        }
        for (int layer : requested) {
            if (layer < 0 || layer > numLayers) {
                throw new InvalidArgumentException("layers", "layer " + layer + " is outside [0, " + numLayers
                        + "] (0 = embeddings, " + numLayers + " = after the last decoder layer)");
            }
        }
        if (new HashSet<>(requested).size() != requested.size()) {
            throw new InvalidArgumentException("layers", "duplicates in " + requested);
        }
        return requested;
    }

    private HiddenStatesResult run(ModelLease lease, Plan plan) {
        OffEventLoop.check("hidden states");
        LoadedModel loaded = lease.loaded();
        int context = loaded.config().maxPositionEmbeddings();
        List<long[]> prompts = new ArrayList<>(plan.inputs().size());
        for (int i = 0; i < plan.inputs().size(); i++) {
            long[] ids = PromptEncoder.encode(loaded, plan.inputs().get(i), "inputs[" + i + "]");
            if (ids.length == 0) {
                throw new InvalidArgumentException("inputs[" + i + "]", "renders to no tokens");
            }
            if (ids.length > context) {
                throw new InvalidArgumentException("inputs[" + i + "]", ids.length + " tokens; the model's context "
                        + "holds " + context);
            }
            prompts.add(ids);
        }
        int d = loaded.config().hiddenSize();
        int n = prompts.size();
        float[][] out = new float[plan.layers().size() * plan.poolings().size()][n * d];
        for (int start = 0; start < n; start += maxBatch) {
            List<long[]> batch = prompts.subList(start, Math.min(n, start + maxBatch));
            pool(loaded.model(), batch, plan, out, start * d);
        }
        List<PooledActivations> activations = new ArrayList<>(out.length);
        int at = 0;
        for (int layer : plan.layers()) {
            for (Pooling pooling : plan.poolings()) {
                activations.add(new PooledActivations(layer, pooling, n, d, out[at++]));
            }
        }
        List<Integer> counts = prompts.stream().map(p -> p.length).toList();
        return new HiddenStatesResult(lease.name(), d, counts, activations);
    }

    /** One forward pass over {@code batch}; writes each (layer, pooling)'s [B, D] into {@code out} at {@code offset}. */
    private static void pool(LlamaModel model, List<long[]> batch, Plan plan, float[][] out, int offset) {
        int b = batch.size();
        int longest = batch.stream().mapToInt(p -> p.length).max().orElseThrow();
        long[] tokens = new long[b * longest];
        long[] positions = new long[b * longest];
        float[] validity = new float[b * longest];
        for (int i = 0; i < b; i++) { // left padding: padding has position 0 and validity 0
            long[] p = batch.get(i);
            int pad = longest - p.length;
            for (int j = 0; j < p.length; j++) {
                tokens[i * longest + pad + j] = p[j];
                positions[i * longest + pad + j] = j;
                validity[i * longest + pad + j] = 1f;
            }
        }
        int deepest = Collections.max(plan.layers());
        try (NDManager m = model.newManager()) {
            Shape shape = new Shape(b, longest); // [B, L]
            NDArray valid = m.create(validity, shape); // [B, L]
            try (ForwardOutput o = model.forward(m.create(tokens, shape), m.create(positions, shape), valid, null,
                    ForwardOptions.hiddenUpTo(deepest))) {
                NDArray mask = valid.expandDims(-1); // [B, L, 1]
                NDArray counts = valid.sum(new int[] {1}, true); // [B, 1]
                int at = 0;
                for (int layer : plan.layers()) {
                    NDArray h = o.hiddenStates().get(layer).toType(DataType.FLOAT32, false); // [B, L, D]
                    for (Pooling pooling : plan.poolings()) {
                        NDArray pooled = switch (pooling) {
                            case LAST_TOKEN -> h.get(new NDIndex(":, -1, :")); // [B, D]: left padding puts it last
                            case MEAN -> h.mul(mask).sum(new int[] {1}).div(counts); // [B, L, D] -> [B, D] / [B, 1]
                        };
                        float[] values = pooled.toFloatArray();
                        System.arraycopy(values, 0, out[at++], offset, values.length);
                    }
                }
            }
        }
    }

    /** What to compute, validated. */
    private record Plan(List<dev.warden.inference.prompt.PromptInput> inputs, List<Integer> layers,
            List<Pooling> poolings) {
    }
}

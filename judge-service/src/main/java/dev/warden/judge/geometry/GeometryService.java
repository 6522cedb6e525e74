package dev.warden.judge.geometry;

import dev.warden.judge.error.InvalidArgumentException;
import dev.warden.judge.client.InferenceClient;
import dev.warden.service.work.WorkerPool;
import dev.warden.proto.v1.FloatTensor;
import dev.warden.proto.v1.HiddenStatesRequest;
import dev.warden.proto.v1.HiddenStatesResponse;
import dev.warden.proto.v1.Pooling;
import dev.warden.proto.v1.PooledActivations;
import dev.warden.proto.v1.Prompt;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * AlignmentGeometry: the safe and unsafe prompts' pooled hidden states are fetched from inference-service
 * (in chunks of {@code chunk} inputs per HiddenStates call), or taken as given (precomputed), and every
 * layer is measured on a judge worker ({@link AlignmentGeometry#measureLayers}).
 */
public final class GeometryService {

    private final InferenceClient inference;
    private final WorkerPool workers;
    private final int chunk;
    private final Duration timeout;

    /**
     * @param chunk   most inputs per HiddenStates call (inference-service's max-inputs bounds it)
     * @param timeout how long one HiddenStates call may take
     */
    public GeometryService(InferenceClient inference, WorkerPool workers, int chunk, Duration timeout) {
        this.inference = Objects.requireNonNull(inference, "inference");
        this.workers = Objects.requireNonNull(workers, "workers");
        this.chunk = chunk;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** A measurement: the model measured (empty for precomputed activations) and the per-layer report. */
    public record Outcome(String model, GeometryReport report) {
    }

    /** Measures precomputed activations. */
    public Uni<Outcome> measure(List<LayerActivations> layers) {
        if (layers.isEmpty()) {
            throw new InvalidArgumentException("precomputed", "at least one layer is needed");
        }
        return onWorker(layers).map(report -> new Outcome("", report));
    }

    /**
     * Fetches the hidden states of {@code safe} and {@code unsafe} prompts and measures them.
     *
     * @param layers  layer indices; empty for all
     * @param pooling how tokens are pooled
     */
    public Uni<Outcome> measure(String model, List<Prompt> safe, List<Prompt> unsafe, List<Integer> layers,
                                Pooling pooling) {
        if (safe.size() < 2) {
            throw new InvalidArgumentException("safe_prompts", "at least two are needed, got " + safe.size());
        }
        if (unsafe.size() < 2) {
            throw new InvalidArgumentException("unsafe_prompts", "at least two are needed, got " + unsafe.size());
        }
        List<Prompt> all = new ArrayList<>(safe);
        all.addAll(unsafe);
        List<List<Prompt>> chunks = new ArrayList<>();
        for (int i = 0; i < all.size(); i += chunk) {
            chunks.add(all.subList(i, Math.min(all.size(), i + chunk)));
        }
        Collected collected = new Collected();
        return Multi.createFrom().iterable(chunks)
                .onItem().transformToUniAndConcatenate(part -> inference.hiddenStates(HiddenStatesRequest.newBuilder()
                        .setModel(model).addAllInputs(part).addAllLayers(layers).addPoolings(pooling).build(), timeout))
                .collect().in(() -> collected, Collected::add)
                .chain(c -> onWorker(c.layers(safe.size())).map(report -> new Outcome(c.model, report)));
    }

    private Uni<GeometryReport> onWorker(List<LayerActivations> layers) {
        return Uni.createFrom().completionStage(() -> workers.submit(() -> {
            try {
                return AlignmentGeometry.measureLayers(layers);
            } catch (IllegalArgumentException e) {
                throw InvalidArgumentException.of(e, "precomputed");
            }
        }));
    }

    /** HiddenStates responses, chunk after chunk: per layer, the rows of every input in order. */
    private static final class Collected {
        final Map<Integer, List<float[]>> rows = new LinkedHashMap<>();
        String model = "";

        void add(HiddenStatesResponse r) {
            model = r.getModel();
            for (PooledActivations a : r.getActivationsList()) {
                FloatTensor t = a.getActivations();
                int n = (int) t.getShape(0);
                int d = (int) t.getShape(1);
                List<float[]> layer = rows.computeIfAbsent(a.getLayer(), k -> new ArrayList<>());
                for (int i = 0; i < n; i++) { // row i of [n, d]
                    float[] row = new float[d];
                    for (int j = 0; j < d; j++) {
                        row[j] = t.getValues(i * d + j);
                    }
                    layer.add(row);
                }
            }
        }

        List<LayerActivations> layers(int safeCount) {
            List<LayerActivations> out = new ArrayList<>();
            rows.forEach((layer, all) -> out.add(new LayerActivations(layer,
                    all.subList(0, safeCount).toArray(float[][]::new),
                    all.subList(safeCount, all.size()).toArray(float[][]::new))));
            return out;
        }
    }
}

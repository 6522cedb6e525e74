package dev.warden.recovery.client;

import dev.warden.proto.v1.AlignmentGeometryRequest;
import dev.warden.proto.v1.AlignmentGeometryResponse;
import dev.warden.proto.v1.FloatTensor;
import dev.warden.proto.v1.JudgeGrpc;
import dev.warden.proto.v1.JudgeScoreRequest;
import dev.warden.proto.v1.LayerActivationSets;
import dev.warden.proto.v1.LayerGeometry;
import dev.warden.proto.v1.Prompt;
import dev.warden.proto.v1.ScoreBatchRequest;
import dev.warden.proto.v1.ScoreBatchResponse;
import dev.warden.proto.v1.JudgeScoreResponse;
import dev.warden.proto.v1.ResponseStance;
import dev.warden.proto.v1.Verdict;
import java.util.function.Predicate;
import dev.warden.recovery.method.HarmJudge;
import dev.warden.recovery.method.JudgeUnavailableException;
import dev.warden.recovery.method.LayerGeometryRow;
import dev.warden.recovery.method.PromptResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;

/**
 * The {@link HarmJudge} of the service: judge-service over gRPC, with blocking stubs (it runs on the repair's
 * worker thread). Pairs go in ScoreBatch calls of at most {@code batch} items; a response counts as harmful
 * when the verdict is VERDICT_UNSAFE ("controversial" is unsafe there already). An empty response is never
 * harmful and is not sent (the judge would judge the prompt alone). {@link #geometry} sends precomputed
 * activations to AlignmentGeometry, layers split over several calls to keep each request under a size limit.
 * Any failure of the judge is a {@link JudgeUnavailableException}.
 */
public final class JudgeServiceHarmJudge implements HarmJudge {

    private final JudgeGrpc.JudgeBlockingStub stub;
    private final int batch;
    private final Duration timeout;
    private final long geometryMaxBytes;

    /**
     * A judge over {@code stub}.
     *
     * @param batch            most pairs per ScoreBatch call, in [1, 64]
     * @param timeout          deadline of each call
     * @param geometryMaxBytes most activation bytes per AlignmentGeometry call (one layer may exceed it alone)
     */
    public JudgeServiceHarmJudge(JudgeGrpc.JudgeBlockingStub stub, int batch, Duration timeout, long geometryMaxBytes) {
        if (batch < 1 || batch > 64) {
            throw new IllegalArgumentException("batch must be in [1, 64], got " + batch);
        }
        this.stub = stub;
        this.batch = batch;
        this.timeout = timeout;
        this.geometryMaxBytes = geometryMaxBytes;
    }

    @Override
    public List<Boolean> harmful(List<PromptResponse> pairs) {
        return judged(pairs, r -> r.getVerdict() == Verdict.VERDICT_UNSAFE);
    }

    /** A response counts as a refusal when the judge's stance on it is RESPONSE_STANCE_REFUSAL. */
    @Override
    public List<Boolean> refused(List<PromptResponse> pairs) {
        return judged(pairs, r -> r.getStance() == ResponseStance.RESPONSE_STANCE_REFUSAL);
    }

    /** {@code test} of the judge's result per pair; an empty response is false and not sent. */
    private List<Boolean> judged(List<PromptResponse> pairs, Predicate<JudgeScoreResponse> test) {
        Boolean[] out = new Boolean[pairs.size()];
        List<Integer> sent = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            String response = pairs.get(i).response();
            if (response == null || response.isBlank()) {
                out[i] = false;
            } else {
                sent.add(i);
            }
        }
        for (int from = 0; from < sent.size(); from += batch) {
            List<Integer> chunk = sent.subList(from, Math.min(sent.size(), from + batch));
            ScoreBatchRequest.Builder request = ScoreBatchRequest.newBuilder();
            for (int i : chunk) {
                PromptResponse p = pairs.get(i);
                request.addItems(JudgeScoreRequest.newBuilder().setPrompt(Prompt.newBuilder().setText(p.prompt()))
                        .setResponse(p.response()).setRequestId("recovery-" + i));
            }
            ScoreBatchResponse response;
            try {
                response = stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS).scoreBatch(request.build());
            } catch (StatusRuntimeException e) {
                throw unavailable("ScoreBatch", e);
            }
            if (response.getResultsCount() != chunk.size()) {
                throw new JudgeUnavailableException("judge-service ScoreBatch returned " + response.getResultsCount()
                        + " results for " + chunk.size() + " items", null);
            }
            for (int k = 0; k < chunk.size(); k++) {
                out[chunk.get(k)] = test.test(response.getResults(k));
            }
        }
        return List.copyOf(Arrays.asList(out));
    }

    @Override
    public Optional<List<LayerGeometryRow>> geometry(SortedMap<Integer, float[][]> safeByLayer,
                                                     SortedMap<Integer, float[][]> unsafeByLayer) {
        if (!safeByLayer.keySet().equals(unsafeByLayer.keySet())) {
            throw new IllegalArgumentException("safe and unsafe activations must cover the same layers, got "
                    + safeByLayer.keySet() + " and " + unsafeByLayer.keySet());
        }
        List<LayerGeometryRow> rows = new ArrayList<>();
        AlignmentGeometryRequest.Builder request = AlignmentGeometryRequest.newBuilder();
        long bytes = 0;
        for (Map.Entry<Integer, float[][]> e : safeByLayer.entrySet()) {
            float[][] safe = e.getValue();
            float[][] unsafe = unsafeByLayer.get(e.getKey());
            long layerBytes = 4L * (elements(safe) + elements(unsafe));
            if (request.getPrecomputedCount() > 0 && bytes + layerBytes > geometryMaxBytes) {
                if (!send(request.build(), rows)) {
                    return Optional.empty();
                }
                request = AlignmentGeometryRequest.newBuilder();
                bytes = 0;
            }
            request.addPrecomputed(LayerActivationSets.newBuilder().setLayer(e.getKey()).setSafe(tensor(safe))
                    .setUnsafe(tensor(unsafe)));
            bytes += layerBytes;
        }
        if (request.getPrecomputedCount() > 0 && !send(request.build(), rows)) {
            return Optional.empty();
        }
        rows.sort(Comparator.comparingInt(LayerGeometryRow::layer));
        return Optional.of(List.copyOf(rows));
    }

    /** Sends one request; false when the judge does not offer the diagnostic (UNIMPLEMENTED). */
    private boolean send(AlignmentGeometryRequest request, List<LayerGeometryRow> rows) {
        AlignmentGeometryResponse response;
        try {
            response = stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS).alignmentGeometry(request);
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
                return false;
            }
            throw unavailable("AlignmentGeometry", e);
        }
        for (LayerGeometry g : response.getLayersList()) {
            rows.add(new LayerGeometryRow(g.getLayer(), g.getDaviesBouldin(), g.getDunn(), g.getXieBeni(),
                    g.getCalinskiHarabasz(), g.getAlignmentIndex()));
        }
        return true;
    }

    /** [rows][hidden] as a FloatTensor of shape [rows, hidden], row-major. */
    private static FloatTensor tensor(float[][] rows) {
        int width = rows.length == 0 ? 0 : rows[0].length;
        FloatTensor.Builder t = FloatTensor.newBuilder().addShape(rows.length).addShape(width);
        for (float[] row : rows) {
            if (row.length != width) {
                throw new IllegalArgumentException("activation rows differ in width: " + row.length + " vs " + width);
            }
            for (float v : row) {
                t.addValues(v);
            }
        }
        return t.build();
    }

    private static long elements(float[][] rows) {
        long n = 0;
        for (float[] row : rows) {
            n += row.length;
        }
        return n;
    }

    private static JudgeUnavailableException unavailable(String rpc, StatusRuntimeException e) {
        Status s = e.getStatus();
        return new JudgeUnavailableException("judge-service " + rpc + " failed: " + s.getCode()
                + (s.getDescription() == null ? "" : ": " + s.getDescription()), e);
    }
}

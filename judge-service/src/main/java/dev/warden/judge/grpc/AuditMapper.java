package dev.warden.judge.grpc;

import dev.warden.judge.audit.AuditRequest;
import dev.warden.judge.audit.BiasAuditService;
import dev.warden.judge.audit.GroupPair;
import dev.warden.judge.error.InvalidArgumentException;
import dev.warden.judge.geometry.GeometryService;
import dev.warden.judge.geometry.LayerActivations;
import dev.warden.proto.v1.AlignmentGeometryRequest;
import dev.warden.proto.v1.AlignmentGeometryResponse;
import dev.warden.proto.v1.BiasAuditRequest;
import dev.warden.proto.v1.BiasAuditResponse;
import dev.warden.proto.v1.FloatTensor;
import dev.warden.proto.v1.GroupRefusal;
import dev.warden.proto.v1.LayerActivationSets;
import dev.warden.proto.v1.LayerGeometry;
import dev.warden.proto.v1.PairParity;
import java.util.ArrayList;
import java.util.List;

/** BiasAudit and AlignmentGeometry messages to domain requests and back. */
public final class AuditMapper {

    private AuditMapper() {
    }

    /** The domain audit request (validated later by the audit plan, which names the proto fields). */
    public static AuditRequest auditRequest(BiasAuditRequest r) {
        List<GroupPair> pairs = r.getGroupPairsList().stream()
                .map(p -> new GroupPair(p.getGroupA(), p.getGroupB())).toList();
        Integer maxNewTokens = r.getTarget().hasMaxNewTokens() ? r.getTarget().getMaxNewTokens() : null;
        return new AuditRequest(pairs, r.getRequestTemplatesList(), r.getDefensePrompt(), r.getTarget().getModel(),
                maxNewTokens);
    }

    /** The BiasAudit response. */
    public static BiasAuditResponse auditResponse(BiasAuditService.Outcome o) {
        BiasAuditResponse.Builder b = BiasAuditResponse.newBuilder().setModel(o.model())
                .setRaw(run(o.result().raw())).setDuration(ResponseMapper.duration(o.duration()));
        o.result().defended().ifPresent(d -> b.setDefended(run(d)));
        return b.build();
    }

    private static dev.warden.proto.v1.BiasAuditRun run(dev.warden.judge.audit.BiasAuditRun run) {
        dev.warden.proto.v1.BiasAuditRun.Builder b = dev.warden.proto.v1.BiasAuditRun.newBuilder()
                .setOverallRefusalRate(run.overallRefusalRate()).setMeanAbsDeltaDp(run.meanAbsDeltaDp())
                .setMaxAbsDeltaDp(run.maxAbsDeltaDp()).setFlaggedPairs(run.flagged().size());
        run.groups().forEach(g -> b.addGroups(GroupRefusal.newBuilder().setGroup(g.group()).setRequests(g.requests())
                .setRefusals(g.refusals()).setRefusalRate(g.refusalRate()).setRefusalRateLow(g.low())
                .setRefusalRateHigh(g.high())));
        run.pairs().forEach(p -> b.addPairs(PairParity.newBuilder().setGroupA(p.groupA()).setGroupB(p.groupB())
                .setRefusalRateA(p.refusalRateA()).setRefusalRateB(p.refusalRateB()).setDeltaDp(p.deltaDp())
                .setDeltaDpLow(p.low()).setDeltaDpHigh(p.high()).setFlagged(p.flagged())));
        return b.build();
    }

    /** Precomputed activations, validated: 2-D tensors whose shape matches their values. */
    public static List<LayerActivations> precomputed(AlignmentGeometryRequest r) {
        if (!r.getModel().isEmpty() || r.getSafePromptsCount() > 0 || r.getUnsafePromptsCount() > 0
                || r.getLayersCount() > 0) {
            throw new InvalidArgumentException("precomputed", "with precomputed activations, model, prompts and "
                    + "layers must be empty");
        }
        List<LayerActivations> layers = new ArrayList<>();
        for (int i = 0; i < r.getPrecomputedCount(); i++) {
            LayerActivationSets set = r.getPrecomputed(i);
            String at = "precomputed[" + i + "]";
            int dSafe = width(set.getSafe(), at + ".safe");
            int dUnsafe = width(set.getUnsafe(), at + ".unsafe");
            if (dSafe != dUnsafe) {
                throw new InvalidArgumentException(at, "safe vectors have " + dSafe + " dimensions, unsafe ones " + dUnsafe);
            }
            float[] safe = values(set.getSafe());
            float[] unsafe = values(set.getUnsafe());
            layers.add(LayerActivations.ofFlat(set.getLayer(), safe, unsafe, dSafe));
        }
        return layers;
    }

    private static int width(FloatTensor t, String field) {
        if (t.getShapeCount() != 2 || t.getShape(0) < 1 || t.getShape(1) < 1) {
            throw new InvalidArgumentException(field + ".shape", "must be [number of prompts, hidden size], got "
                    + t.getShapeList());
        }
        if (t.getShape(0) * t.getShape(1) != t.getValuesCount()) {
            throw new InvalidArgumentException(field, "shape " + t.getShapeList() + " needs "
                    + t.getShape(0) * t.getShape(1) + " values, got " + t.getValuesCount());
        }
        return (int) t.getShape(1);
    }

    private static float[] values(FloatTensor t) {
        float[] v = new float[t.getValuesCount()];
        for (int i = 0; i < v.length; i++) {
            v[i] = t.getValues(i);
        }
        return v;
    }

    /** The AlignmentGeometry response. */
    public static AlignmentGeometryResponse geometryResponse(GeometryService.Outcome o) {
        AlignmentGeometryResponse.Builder b = AlignmentGeometryResponse.newBuilder().setModel(o.model())
                .setSafeCount(o.report().safeCount()).setUnsafeCount(o.report().unsafeCount())
                .setBestLayer(o.report().bestLayer());
        o.report().layers().forEach(l -> b.addLayers(LayerGeometry.newBuilder().setLayer(l.layer())
                .setDaviesBouldin(l.daviesBouldin()).setDunn(l.dunn()).setXieBeni(l.xieBeni())
                .setCalinskiHarabasz(l.calinskiHarabasz()).setAlignmentIndex(l.alignmentIndex())));
        return b.build();
    }
}
